"""Dates in each supported language's own convention: day before month everywhere, as its readers write them."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, translation

FORMATS = ("SHORT_DATE_FORMAT", "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATETIME_FORMAT")
RLM = "\u200f"
# 5 June 2020 at 14:30, in each language: the short form (pages), the long one, and both with the time (the admin).
EXPECTED = {
    "fr": ["05/06/2020", "5 juin 2020", "05/06/2020 14:30", "5 juin 2020 14:30"],
    "sr-latn": ["05.06.2020.", "5. jun 2020.", "05.06.2020. 14:30", "5. jun 2020. 14:30"],
    "sr": ["05.06.2020.", "5. јун 2020.", "05.06.2020. 14:30", "5. јун 2020. 14:30"],
    # British English (the pages say en_GB): it said 6/5/2020, June 5, 2020 and 06/05/2020 2:30 p.m.
    "en": ["05/06/2020", "5 Jun 2020", "05/06/2020 2:30 p.m.", "5 Jun 2020, 2:30 p.m."],
    "nl": ["5-6-2020", "5 juni 2020", "5-6-2020 14:30", "5 juni 2020 14:30"],
    # It said Юни 5, 2020, 2:30 след обяд and 06/05/2020 2:30 след обяд.
    "bg": ["05.06.2020", "05 Юни 2020", "05.06.2020 14:30", "05 Юни 2020, 14:30"],
    "de": ["05.06.2020", "5. Juni 2020", "05.06.2020 14:30", "5. Juni 2020 14:30"],
    "es": ["05/06/2020", "5 de junio de 2020", "05/06/2020 14:30", "5 de junio de 2020 a las 14:30"],
    "it": ["05/06/2020", "05 Giugno 2020", "05/06/2020 14:30", "Venerdì 05 Giugno 2020 14:30"],
    # It said يونيو 5, 2020, 2:30 م and 06/05/2020 2:30 م.
    "ar": [f"05{RLM}/06{RLM}/2020", "5 يونيو، 2020", f"05{RLM}/06{RLM}/2020 2:30 م", "5 يونيو، 2020، 2:30 م"],
}


def test_every_supported_language_has_its_dates():
    assert set(EXPECTED) == set(settings.SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_dates_put_the_day_before_the_month(lang):
    moment = datetime.datetime(2020, 6, 5, 14, 30)  # noqa: DTZ001 - formatted as it is
    with translation.override(lang):
        assert [formats.date_format(moment, name) for name in FORMATS] == EXPECTED[lang]


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_a_date_typed_as_shown_is_read_as_shown(lang):
    """An editor who types a date as the admin shows it (05/06/2020 in English) gets that day, not 6 May."""
    with translation.override(lang):
        shown = formats.date_format(datetime.date(2020, 6, 5), "SHORT_DATE_FORMAT")
        for typed in {shown, shown.replace(RLM, "")}:  # Arabic's right-to-left marks, copied or not
            assert forms.DateField().clean(typed) == datetime.date(2020, 6, 5), typed
