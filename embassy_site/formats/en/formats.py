# The embassy's English pages are British English (og:locale en_GB), Django's "en" is American: take Django's en_GB
# formats whole, for reading (05/06/2020 and 5 Jun 2020 for 5 June 2020, not 6/5/2020 or June 5, 2020) and for typing
# dates in the admin (05/06/2020 is read as 5 June, not 6 May).
from django.conf.locale.en_GB.formats import *  # noqa: F403
