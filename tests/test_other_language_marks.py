"""Words in another language than the text's, marked [Défenseur des droits]{lang=fr}: never transliterated, and
carried on every language's page by a span with their own lang."""

import pytest

from security_service.models import ContactPoint
from security_service.publishing import publish
from security_service.rich_text import render

from .html import visible_text
from .test_public_page import PAGES
from .test_site_layout import STATEMENT

ADDRESS = "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"


def test_a_language_mark_is_a_span_with_its_language_and_markdown_inside():
    html = str(render("Pišite: [Défenseur *des* droits]{lang=fr} ili [sajt](https://a.fr)."))
    assert html.startswith('<p>Pišite: <span lang="fr">Défenseur <em>des</em> droits</span> ili <a href="https://a.fr"')


@pytest.mark.parametrize(
    "typed",
    ['<span lang="fr" onclick="x()">a</span>', '<span lang="fr&quot; onclick=&quot;x">a</span>', '<span lang="x y">a</span>'],
)
def test_a_span_typed_in_html_keeps_nothing_but_a_well_formed_language(typed):
    html = str(render(typed))
    assert "onclick" not in html and "x y" not in html and ">a</span>" in html


@pytest.mark.parametrize("lang", ["sr-latn", "sr", "en"])
def test_the_statements_french_address_is_marked_french_and_stays_latin(client, ssi, lang):
    html = client.get(STATEMENT[lang]).content.decode()
    assert f'<span lang="fr">{ADDRESS}</span>' in html
    assert '<span lang="fr">Défenseur des droits</span>' in html
    assert "{lang=" not in html


def test_the_cyrillic_statement_transliterates_the_serbian_words_around_the_french_address(client, ssi):
    text = visible_text(client.get(STATEMENT["sr"]).content.decode())
    assert f"на адресу {ADDRESS}, Француска." in text
    assert "Дéфенсеур" not in text and "Парис" not in text


def test_a_text_shown_as_typed_keeps_the_marked_words_and_loses_the_mark(client, ssi):
    ContactPoint.objects.filter(service=ssi).update(organisation_sr_latn="[Ambassade de France]{lang=fr} u Beogradu")
    publish(ssi)
    assert "Ambassade de France у Београду" in visible_text(client.get(PAGES["sr"]).content.decode())
    assert "Ambassade de France u Beogradu" in visible_text(client.get(PAGES["sr-latn"]).content.decode())
