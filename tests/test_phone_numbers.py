"""Phone numbers as their readers dial them: in the local form on the pages of the number's country's languages, in
the international form on the others, always dialled in E.164 (tel: links, JSON-LD, vCard)."""

import pytest

from security_service.languages import COUNTRIES_OF_LANGUAGE, dials_locally
from security_service.models import ContactPoint, PhoneNumber, format_international
from security_service.publishing import publish

from .admin_forms import change_form, page_field
from .test_public_page import PAGES


def address_of(client, lang):
    html = client.get(PAGES[lang]).content.decode()
    return html[html.index("<address>") : html.index("</address>")]


@pytest.mark.parametrize("lang", ["sr-latn", "sr"])
def test_serbian_pages_show_a_serbian_number_as_written_in_serbia(client, ssi, lang):
    address = address_of(client, lang)
    assert '<a href="tel:+381113023569">011/302 35 69</a>' in address
    assert "+381 11" not in address


@pytest.mark.parametrize(("lang", "within"), [("fr", "depuis le pays\u00a0:"), ("en", "within the country:")])
def test_pages_read_abroad_show_the_international_form_then_the_local_one(client, ssi, lang, within):
    address = address_of(client, lang)
    assert f'<a href="tel:+381113023569">+381 11 302 35 69</a> <span class="local-form">({within} 011/302 35 69)</span>' in address


def test_a_number_without_a_local_form_typed_is_shown_once_and_a_fax_follows_the_same_rule(client, ssi):
    PhoneNumber.objects.filter(service=ssi).update(display="")
    ContactPoint.objects.filter(service=ssi).update(fax="+381 11 302 35 00")
    publish(ssi)
    english, serbian = address_of(client, "en"), address_of(client, "sr-latn")
    assert '<a href="tel:+381113023569">+381 11 3023569</a><br>' in english  # phonenumbers' grouping, nothing typed
    assert "Fax: +381 11 302 35 00" in english
    assert '<a href="tel:+381113023569">011 3023569</a>' in serbian
    assert "011 3023500" in serbian


def test_a_page_published_before_numbers_had_their_international_form_shows_it(client, ssi):
    publication = ssi.publication
    for item in publication.snapshot["objects"]:
        for key in ("international", "country"):
            item.get("formatted", {}).pop(key, None)
    publication.save()
    assert "+381 11 302 35 69" in address_of(client, "en")
    assert "+381 11" not in address_of(client, "sr")


def test_machines_dial_e164_in_every_language(client, ssi):
    for lang in PAGES:
        html = client.get(PAGES[lang]).content.decode()
        assert '"telephone": "+381113023569"' in html, lang


@pytest.mark.parametrize(
    ("language", "country", "local"),
    [("sr", "RS", True), ("sr-latn", "RS", True), ("en", "RS", False), ("fr", "RS", False), ("fr", "FR", True), ("nl", "BE", True)],
)
def test_who_dials_a_number_as_its_country_does(language, country, local):
    assert dials_locally(language, country) is local


def test_every_supported_language_names_its_countries(settings):
    assert set(COUNTRIES_OF_LANGUAGE) == set(settings.MODELTRANSLATION_LANGUAGES)
    assert all(len(code) == 2 and code.isupper() for codes in COUNTRIES_OF_LANGUAGE.values() for code in codes)


@pytest.mark.parametrize("number", ["011/302 35 69", "+381 12", "+33 1 23", "not a number"])
def test_a_number_that_is_not_a_real_international_one_is_a_clear_form_error(editor_client, ssi, number):
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "phone_numbers-0-number")] = number
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone valide au format international" in response.content.decode()
    assert PhoneNumber.objects.get(service=ssi).number == "+381113023569"


@pytest.mark.parametrize(
    ("number", "typed", "international"),
    [
        ("+381113023569", "011/302 35 69", "+381 11 302 35 69"),  # grouped as the local form the editor typed
        ("+381 11 302 35 69", "", "+381 11 302 35 69"),  # as typed
        ("+381113023569", "+381 11 302-35-69", "+381 11 302 35 69"),
        ("+33144174000", "01 44 17 40 00", "+33 1 44 17 40 00"),
        ("+381113023569", "", "+381 11 3023569"),  # nothing typed: phonenumbers' grouping
    ],
)
def test_the_international_form_keeps_the_editor_s_grouping(number, typed, international):
    assert format_international(number, typed) == international
