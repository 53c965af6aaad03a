# Serbian writes day and month with two digits and a closing dot: 05.06.2020.
SHORT_DATE_FORMAT = "d.m.Y."
SHORT_DATETIME_FORMAT = "d.m.Y. H:i"  # the same day and month with its time (Django's has 5.06.2020.)
