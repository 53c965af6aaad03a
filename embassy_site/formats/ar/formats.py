# Django's Arabic formats leave the date with its time to the American default (06/05/2020 2:30 p.m. for 5 June):
# day first, as the Arabic date alone is written.
from django.conf.locale.ar.formats import *  # noqa: F403

DATETIME_FORMAT = "j F، Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
# Dates typed in the admin as they are shown (with or without the right-to-left marks), or ISO; Django's default reads
# 05/06/2020 as 6 May.
DATE_INPUT_FORMATS = ["%d\u200f/%m\u200f/%Y", "%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
