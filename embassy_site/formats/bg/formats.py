# Django's Bulgarian formats leave the date with its time to the American default (06/05/2020 2:30 p.m. for 5 June):
# Bulgarian writes the day first and the 24-hour clock.
from django.conf.locale.bg.formats import *  # noqa: F403

DATETIME_FORMAT = "d F Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
# Dates typed in the admin as they are shown (05.06.2020), or ISO; Django's default reads 05/06/2020 as 6 May.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
