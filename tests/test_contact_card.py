import pytest

from security_service.models import ContactPoint, postal_code_as_posted
from security_service.publishing import publish
from security_service.vcard import fold

from .test_public_page import PAGES


def unfold(text):
    """The logical lines of a vCard: CRLF-separated, a line starting with a space continuing the one before."""
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    return text.replace("\r\n ", "").split("\r\n")


def split_unescaped(value, separator):
    parts, current, escaped = [], "", False
    for character in value:
        if escaped:
            current += {"n": "\n", "N": "\n"}.get(character, character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == separator:
            parts.append(current)
            current = ""
        else:
            current += character
    return [*parts, current]


def parse_vcard(text):
    """{property: [(parameters, value)]}, values unescaped, structured values as lists."""
    lines = [line for line in unfold(text) if line]
    assert (lines[0], lines[-1]) == ("BEGIN:VCARD", "END:VCARD")
    card = {}
    for line in lines[1:-1]:
        name_and_parameters, value = line.split(":", 1)
        name, *parameters = name_and_parameters.split(";")
        parts = split_unescaped(value, ";")
        card.setdefault(name.upper(), []).append((parameters, parts if len(parts) > 1 else parts[0]))
    return card


def vcard_url(client, lang):
    html = client.get(PAGES[lang]).content.decode()
    start = html.index('<p class="vcard-link"><a href="') + len('<p class="vcard-link"><a href="')
    return html[start : html.index('"', start)]


def test_contact_block_offers_a_vcard_of_the_contact_point(client, ssi):
    contact = ssi.contact_points.get()
    url = vcard_url(client, "fr")
    assert url == f"{PAGES['fr']}contact-{contact.pk}.vcf"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="service-de-securite-interieure-{contact.pk}.vcf"'
    text = response.content.decode()
    assert text.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    card = parse_vcard(text)
    assert card["VERSION"] == [([], "3.0")]
    assert card["FN"] == [([], "Service de sécurité intérieure")]
    assert card["ORG"] == [([], ["Ambassade de France", "Service de sécurité intérieure"])]
    assert card["ADR"] == [(["TYPE=WORK"], ["", "", "Pariska 11", "Belgrade", "", "11000", "Serbie"])]
    assert card["TEL"] == [(["TYPE=WORK,VOICE"], "+381113023569")]
    assert card["EMAIL"] == [(["TYPE=INTERNET,WORK"], "sctip.belgrade-amba@diplomatie.gouv.fr")]
    assert card["URL"] == [([], "http://testserver" + PAGES["fr"])]


@pytest.mark.parametrize(
    ("lang", "city", "country"), [("sr-latn", "Beograd", "Srbija"), ("sr", "Београд", "Србија"), ("en", "Belgrade", "Serbia")]
)
def test_vcard_speaks_the_language_of_the_page(client, ssi, lang, city, country):
    card = parse_vcard(client.get(vcard_url(client, lang)).content.decode())
    assert card["ADR"][0][1][3:] == [city, "", "11000", country]  # the postal service's form; the page shows "11 000"


def test_vcard_escapes_and_folds_long_values(client, ssi):
    ContactPoint.objects.filter(service=ssi).update(
        organisation_fr="Ambassade de France; section, « consulaire »",
        street="Rue très, très longue; numéro 11\\bis, bâtiment où l’on écrit des adresses interminables",
        fax="+381 11 302 35 00",
    )
    publish(ssi)
    text = client.get(vcard_url(client, "fr")).content.decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text, "a long line is folded"
    card = parse_vcard(text)
    assert card["ORG"][0][1][0] == "Ambassade de France; section, «\xa0consulaire\xa0»"  # French typography, as on the page
    assert card["ADR"][0][1][2] == "Rue très, très longue; numéro 11\\bis, bâtiment où l’on écrit des adresses interminables"
    assert (["TYPE=WORK,FAX"], "+381113023500") in card["TEL"]


@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_vcard_escapes_every_kind_of_line_break(client, ssi, line_break):
    """A line break typed in a text (pasted from a word processor: U+2028…) is the vCard's \\n, never a new line."""
    ContactPoint.objects.filter(service=ssi).update(street=f"Pariska 11{line_break}NOTE:forged\x07")
    publish(ssi)
    text = client.get(vcard_url(client, "fr")).content.decode()
    lines = text.split("\r\n")
    assert not [line for line in lines if line.startswith("NOTE:forged")]
    assert not any(character in line for line in lines for character in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\x07")
    assert any("Pariska 11\\nNOTE:forged" in line for line in lines)


def test_folding_never_cuts_a_character_in_two():
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_vcard_of_an_unknown_contact_point_or_unpublished_service_is_404(client, ssi):
    url = vcard_url(client, "fr")
    assert client.get(url.replace("contact-", "contact-9999")).status_code == 404
    ssi.publication.is_live = False
    ssi.publication.save()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("written", "posted"),
    [
        ("11 000", "11000"),  # Serbia: digits grouped for reading
        ("75\u00a0007", "75007"),  # France, with a no-break space
        ("11\u202f000", "11000"),
        (" 21000 ", "21000"),
        ("SW1A 2AA", "SW1A 2AA"),  # the United Kingdom: the space is part of the code
        ("1012 AB", "1012 AB"),  # the Netherlands
        ("K1A 0B1", "K1A 0B1"),  # Canada
        ("١١٠٠٠", "١١٠٠٠"),  # digits of another script are kept as written
        ("", ""),
    ],
)
def test_machines_get_the_postal_code_in_the_postal_service_s_form(written, posted):
    assert postal_code_as_posted(written) == posted


def test_the_page_shows_the_postal_code_as_written(client, ssi):
    assert "11 000" in client.get(PAGES["fr"]).content.decode()


@pytest.mark.parametrize(("lang", "street"), [("fr", "Pariska 11"), ("sr-latn", "Pariska 11"), ("sr", "Париска 11"), ("en", "Pariska 11")])
def test_the_street_follows_the_page_s_language_and_script(client, ssi, lang, street):
    """Every text a visitor reads in a contact point is translated: the Cyrillic page writes the street in Cyrillic,
    on the page, in the vCard and in the search engines' data."""
    html = client.get(PAGES[lang]).content.decode()
    address = html[html.index("<address>") : html.index("</address>")]
    assert f"<span>{street}</span>" in address
    card = parse_vcard(client.get(vcard_url(client, lang)).content.decode())
    assert card["ADR"][0][1][2] == street
    assert f'"streetAddress": "{street}"' in html


def test_a_street_and_region_in_one_language_only_are_shown_in_it_with_its_lang(client, ssi):
    contact = ssi.contact_points.get()
    columns = {f"{name}_{lang}": None for name in ("street", "region") for lang in ("sr_latn", "sr", "en")}
    ContactPoint.objects.filter(pk=contact.pk).update(**columns, street_fr="Rue de Paris 11", region_fr="Voïvodine")
    publish(ssi)
    html = client.get(PAGES["sr"]).content.decode()
    address = html[html.index("<address>") : html.index("</address>")]
    assert '<span lang="fr">Rue de Paris 11</span>' in address  # French text is never transliterated
    assert "Voïvodine" in address
    assert "Руе" not in html
