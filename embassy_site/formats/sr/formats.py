# Serbian writes day and month with two digits and a closing dot: 05.06.2020.
SHORT_DATE_FORMAT = "d.m.Y."
