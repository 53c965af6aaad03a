"""The Belgrade page and the accessibility statement as a native reader of each language reads them: the slips a reader
would call the embassy about are gone from the pages visitors get."""

from html import unescape

import pytest

from security_service.typography import french

from .html import visible_text
from .test_public_page import PAGES
from .test_site_layout import STATEMENT

# (language, what the page says, what it said)
PAGE_WORDING = [
    # The acronym of the French text (armes légères et de petit calibre) is the English one on the English page.
    ("en", "in charge of combating the trafficking of small arms and light weapons (SALW)", "ALPC"),
    # One pronoun for the network: "the number of posts it has opened and the broad scope of action they cover".
    ("en", "unique in the world, both in the number of its posts and in the broad scope of its action.", "they cover"),
    ("en", "the ASI is supported by a liaison officer and an assistant-interpreter", "Liaison Officer"),
    ("en", "held by a divisional police commissioner", "police divisional commissioner"),
    # The liaison magistrate is a woman (la Magistrate de liaison).
    ("sr-latn", "i pruža podršku sutkinji za vezu pri izvršenju međunarodnih zamolnica", "sudiji za vezu"),
    ("sr-latn", "zaduženim za borbu protiv nezakonite trgovine malim i lakim oružjem (SALW)", "ALPC"),
    ("sr", "и пружа подршку суткињи за везу при извршењу међународних замолница", "судији за везу"),
    ("sr", "борбу против незаконите трговине малим и лаким оружјем (SALW)", "ALPC"),
    # Monténégro is masculine; the first of the month is an ordinal; the participle is an aside.
    ("fr", "Compétent pour la Serbie et le Monténégro", "la Monténégro"),
    ("fr", "Créée le 1er septembre 2010", "le 1 septembre"),
    ("fr", "nationales, qui, rassemblant policiers et gendarmes, applique", "qui rassemblant"),
]


@pytest.mark.parametrize(("lang", "reads", "not_"), PAGE_WORDING)
def test_the_service_page_reads_as_its_language_writes(client, ssi, lang, reads, not_):
    text = visible_text(client.get(PAGES[lang]).content.decode())
    assert reads in text
    assert not_ not in text


STATEMENT_WORDING = [
    # "Content" is uncountable.
    ("en", "If you cannot access some content or a service,", "a content"),
    ("en", "in accordance with Article 47 of French Law No. 2005-102 of 11 February 2005.", "article 47"),
    # An article's number is an ordinal in Serbian (članom 47.), and the law is a French one.
    ("sr-latn", "u skladu sa članom 47. francuskog Zakona br. 2005-102 od 11. februara 2005.", "članom 47 zakona"),
    ("sr", "у складу са чланом 47. француског Закона бр. 2005-102 од 11. фебруара 2005.", "чланом 47 закона"),
]


@pytest.mark.parametrize(("lang", "reads", "not_"), STATEMENT_WORDING)
def test_the_accessibility_statement_reads_as_its_language_writes(client, ssi, lang, reads, not_):
    text = visible_text(client.get(STATEMENT[lang]).content.decode())
    assert reads in text
    assert not_ not in text


def test_the_french_statement_keeps_the_law_s_number_on_the_line_of_its_n(client, ssi):
    html = unescape(client.get(STATEMENT["fr"]).content.decode())
    assert "l’article 47 de la loi n°\u00a02005-102 du 11 février 2005" in html


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("loi n° 2005-102", "loi n°\u00a02005-102"),
        ("N°  12", "N°\u00a012"),
        ("décret n°\u00a02019-768", "décret n°\u00a02019-768"),  # typed already
        ("n°2005", "n°2005"),  # no space typed: left as typed
        ("un° 3", "un° 3"),  # not the abbreviation
    ],
)
def test_french_typography_puts_a_no_break_space_after_n(typed, shown):
    assert french(typed) == shown
