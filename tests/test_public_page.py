import re

import pytest
from django.utils import translation

from security_service.publishing import publish

from .conftest import SEED_PATH
from .factories import small_service, text_section
from .html import visible_text

PAGES = {
    "fr": "/fr/service-de-securite-interieure/",
    "sr-latn": "/sr-latn/sluzba-za-unutrasnju-bezbednost/",
    "sr": "/sr/sluzba-za-unutrasnju-bezbednost/",
    "en": "/en/internal-security-service/",
}

# Lines of the seed that read the same in every language.
LANGUAGE_NEUTRAL = ("Pariska 11", "11 000 Belgrade", "011/302 35 69")

# What our page corrects of the SPIP page, in page order: (the seed's words, ours, why). Each must be found in the seed
# after the one before, or the test fails: the seed's every other word is on our page as it is.
CORRECTIONS = (
    ("la Serbie et la Monténégro", "la Serbie et le Monténégro", "Monténégro is masculine"),
    ("Créée le 1 septembre 2010", "Créée le 1er septembre 2010", "the first day of a month is an ordinal"),
    ("qui rassemblant policiers et gendarmes,", "qui, rassemblant policiers et gendarmes,", "the participle is an aside"),
    # A link's label says where it goes without its group's heading ("En France", "En Serbie").
    ("Ministère de l’intérieur", "Ministère de l’intérieur français", "two links read the same"),
    ("Ministère de l’intérieur", "Ministère de l’intérieur serbe", "two links read the same"),
)


def corrected(text):
    """The seed's text with CORRECTIONS made, each found after the one before."""
    position = 0
    for seed, ours, why in CORRECTIONS:
        found = text.find(seed, position)
        assert found >= 0, f"the seed has no {seed!r} to correct ({why}) after the corrections before it"
        text = text[:found] + ours + text[found + len(seed) :]
        position = found + len(ours)
    return text


def seed_lines():
    """The lines of the page as published on the SPIP site, as they read on ours.

    Three things differ by design: the title's "[sr]" is the SPIP language link (ours is the language switch),
    headings lose their trailing colon ("En France :" is the heading "En France"), and the slips of CORRECTIONS are
    corrected.
    """
    text = corrected(SEED_PATH.read_text(encoding="utf-8").replace("\xa0", " "))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines[0] = lines[0].removesuffix(" [sr]")
    return [re.sub(r" :$", "", line) for line in lines]


def assert_in_order(text, fragments):
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"missing or out of order: {fragment!r}"
        position = found + len(fragment)


def paragraphs(value):
    return [paragraph for paragraph in value.split("\n\n") if paragraph]


def translated_texts(content, lang):
    """Every text of the content file in `lang`, in page order (its sections' order)."""
    directorates = {directorate["acronym"]: directorate for directorate in content["directorates"]}
    texts = [content["service"]["name"][lang]]
    for section in content["sections"]:
        texts += [text for text in (section.get("heading", {}).get(lang),) if text]
        texts += paragraphs(section.get("body", {}).get(lang, ""))
        for role in section.get("roles", []):
            if role["description"][lang]:
                texts += [role["title"][lang], *paragraphs(role["description"][lang])]
        for mission in section.get("missions", []):
            texts += paragraphs(mission["body"][lang])
        if "directorate" in section:
            texts += paragraphs(directorates[section["directorate"]]["body"][lang])
        for group in section.get("groups", []):
            texts += [group["heading"][lang], *(link["label"][lang] for link in group["links"])]
        for contact in section.get("contacts", []):
            texts += [contact["organisation"][lang], contact["street"][lang], contact["city"][lang], contact["country"][lang]]
    return texts


def test_french_page_holds_every_sentence_of_the_seed_in_order(client, ssi):
    response = client.get(PAGES["fr"])
    assert response.status_code == 200
    assert_in_order(visible_text(response.content.decode()), seed_lines())


@pytest.mark.parametrize("lang", ["sr-latn", "en"])
def test_translated_page_holds_its_translation_and_no_french(client, ssi, content, lang):
    response = client.get(PAGES[lang])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{ {"sr-latn": "sr-Latn", "sr": "sr-Cyrl"}.get(lang, lang) }">' in html
    text = visible_text(html, skip_lang="fr")
    assert_in_order(text, translated_texts(content, lang))
    french = [line for line in seed_lines() if len(line) > 12 and line not in LANGUAGE_NEUTRAL]
    french_left = [line for line in french if line in text]
    assert not french_left, f"French text outside a lang='fr' fallback: {french_left}"


@pytest.mark.parametrize(
    ("lang", "label", "date"),
    [
        ("fr", "Dernière modification :", "05/06/2020"),
        ("sr-latn", "Poslednja izmena:", "05.06.2020."),
        ("sr", "Последња измена:", "05.06.2020."),
        ("en", "Last modified:", "05/06/2020"),  # British English, day first (it said 6/5/2020)
    ],
)
def test_last_modified_date_is_localised(client, ssi, lang, label, date):
    html = client.get(PAGES[lang]).content.decode()
    assert f'<time datetime="2020-06-05">{date}</time>' in html
    assert label in visible_text(html)


def test_contact_details_are_an_address_with_phone_and_mail_links(client, ssi):
    html = client.get(PAGES["fr"]).content.decode()
    address = html[html.index("<address>") : html.index("</address>")]
    # Read from abroad: the international form, then the form dialled in Serbia (tests/test_phone_numbers.py).
    assert '<a href="tel:+381113023569">+381 11 302 35 69</a>' in address
    assert "011/302 35 69" in address
    assert '<a href="mailto:sctip.belgrade-amba@diplomatie.gouv.fr">' in address
    assert "11 000 Belgrade" in address


def test_roles_the_page_does_not_list_are_kept_but_not_shown(client, ssi):
    text = visible_text(client.get(PAGES["fr"]).content.decode())
    assert "Officier de liaison\n" not in text
    assert ssi.roles.filter(description_fr="", listed=False).count() == 2


def test_back_to_top_link_points_at_the_title(client, ssi):
    html = client.get(PAGES["en"]).content.decode()
    assert '<h1 id="top">' in html
    assert '<a href="#top">Back to top</a>' in html


def test_untranslated_field_falls_back_to_french_marked_as_french(client, ssi):
    mission = ssi.missions.get()
    mission.body_en = ""
    mission.save()
    publish(ssi)
    html = client.get(PAGES["en"]).content.decode()
    assert '<div class="mission" lang="fr"><p>Compétent pour la Serbie' in html


def test_body_text_is_sanitised(client, ssi):
    intro = text_section(ssi)
    intro.body_fr = 'Texte <script>alert(1)</script> [lien](javascript:alert(1)) <a href="#" onclick="x()">a</a> **gras**'
    intro.save()
    publish(ssi)
    html = client.get(PAGES["fr"]).content.decode()
    intro = html[html.index('<section class="text">') :]
    intro = intro[: intro.index("</div>")]
    assert "<script" not in intro and "javascript:" not in intro and "onclick" not in intro
    assert "<strong>gras</strong>" in intro


def test_list_page_shows_published_services_only(client, ssi):
    small_service()  # never published
    for lang, name in (
        ("fr", "Service de sécurité intérieure"),
        ("sr-latn", "Služba za unutrašnju bezbednost"),
        ("en", "Internal Security Service"),
    ):
        response = client.get(f"/{lang}/")
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert name in text
        assert "Section consulaire" not in text
        with translation.override(lang):
            assert f'href="{ssi.get_absolute_url()}"' in response.content.decode()
