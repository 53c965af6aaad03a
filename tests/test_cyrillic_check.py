"""The Cyrillic check of a page in the admin: before publishing, an editor sees which words of the Cyrillic page
stayed Latin, by which rule, and which were transliterated."""

import pytest

from security_service.cyrillic_check import check_texts
from security_service.models import AccessibilityStatement, ContactPoint

from .factories import text_section
from .html import visible_text


def check_url(service):
    return f"/admin/security_service/service/{service.pk}/cyrillic/"


def test_the_check_counts_what_stayed_latin_by_rule_and_what_was_transliterated():
    check = check_texts([("Uvod", "Pišite na a@b.fr ili a@b.fr (SSI) iz Pariza.", "", "Écrivez à a@b.fr (SSI), de Paris.")])
    assert [(text, rule.name, count) for text, rule, count in check.kept] == [("a@b.fr", "e-mail", 2), ("SSI", "capitals", 1)]
    assert check.transliterated_words == 5  # Pišite na, ili, iz Pariza
    assert check.transliterated == [("Pišite", "Пишите"), ("na", "на"), ("ili", "или"), ("iz", "из"), ("Pariza", "Париза")]
    assert check.texts[0].also_french == []


def test_a_transliterated_word_the_french_text_has_too_is_pointed_out():
    check = check_texts([("Adresa", "Pišite na adresu Paris CEDEX 07.", "", "Écrivez à Paris CEDEX 07.")])
    assert check.texts[0].also_french == ["Paris"]


def test_editors_see_the_cyrillic_page_with_the_words_kept_latin_and_their_rule(editor_client, ssi):
    intro = text_section(ssi)
    intro.body_sr_latn = "Licenca etalab-2.0, kartica vCard, [Ambassade de France]{lang=fr} i Pariz."
    intro.save()
    response = editor_client.get(check_url(ssi))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark data-rule="licence" title="licence" lang="sr-Latn">etalab-2.0' in html
    assert '<mark data-rule="file-format"' in html and '<mark data-rule="other-language"' in html
    assert '<mark data-rule="capitals" title="sigle en capitales" lang="sr-Latn">SSI' in html  # from the seed's text
    # The rule beside the word is named in the editor's language, not by its code name ("capitals").
    assert '<span class="rule" aria-hidden="true" lang="fr">sigle en capitales</span>' in html
    text = visible_text(html)
    assert "Лиценца etalab-2.0" in text and "и Париз." in text
    # The table of what stayed Latin: the text, its rule, how many times.
    assert '<tr data-rule="capitals"><td lang="sr-Latn">SSI</td><td>sigle en capitales</td><td>3</td></tr>' in html
    assert "слузба" not in text  # a web address is not transliterated: the Cyrillic page has the Latin one
    assert '<tr><td lang="sr-Latn">Licenca</td><td lang="sr-Cyrl">Лиценца</td></tr>' in html  # each word transliterated, once


def test_a_text_a_translator_wrote_in_cyrillic_is_shown_as_written(editor_client, ssi):
    ContactPoint.objects.filter(service=ssi).update(city_sr="Београд")
    assert "Écrit en cyrillique par un traducteur" in visible_text(editor_client.get(check_url(ssi)).content.decode())


def test_the_change_form_links_to_the_check(editor_client, ssi):
    html = editor_client.get(f"/admin/security_service/service/{ssi.pk}/change/").content.decode()
    assert f'href="{check_url(ssi)}"' in html


@pytest.mark.parametrize(("who", "status"), [("translator_client", 200), ("client", 302)])
def test_translators_read_the_check_visitors_do_not(request, ssi, who, status):
    assert request.getfixturevalue(who).get(check_url(ssi)).status_code == status


def test_editors_see_the_statements_cyrillic_with_the_french_address_kept_latin(editor_client, ssi):
    statement = AccessibilityStatement.objects.current()
    change = editor_client.get(f"/admin/security_service/accessibilitystatement/{statement.pk}/change/").content.decode()
    url = f"/admin/security_service/accessibilitystatement/{statement.pk}/cyrillic/"
    assert f'href="{url}"' in change
    html = editor_client.get(url).content.decode()
    assert (
        '<mark data-rule="other-language"' in html and "[Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07]{lang=fr}" in html
    )
    assert '<mark data-rule="capitals" title="sigle en capitales" lang="sr-Latn">RGAA' in html


def test_the_cyrillic_preview_of_the_draft_links_to_the_check(editor_client, ssi):
    preview = f"/admin/security_service/service/{ssi.pk}/preview/"
    assert f'<a href="{check_url(ssi)}" target="_top">Провера ћирилице</a>' in editor_client.get(f"{preview}sr/").content.decode()
    assert check_url(ssi) not in editor_client.get(f"{preview}sr-latn/").content.decode()
