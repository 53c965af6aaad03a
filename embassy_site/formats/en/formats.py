# The embassy's English pages are British English (og:locale en_GB): day before month, 05/06/2020 for 5 June 2020.
# (Django's "en" is American: 6/5/2020 read as 6 May to a British reader.)
SHORT_DATE_FORMAT = "d/m/Y"
