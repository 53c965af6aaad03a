# The embassy's English pages follow the US short form: 6/5/2020.
SHORT_DATE_FORMAT = "n/j/Y"
