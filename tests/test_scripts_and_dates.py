"""Every public page in every site language, read word by word: each word in its language's script, each date in its
language's order (tests/scripts.py says how a page is read)."""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from security_service.languages import language_tag
from security_service.models import Publication

from .html import visible_text
from .scripts import dates_out_of_order, kept_in_latin, mixed, wrong_script
from .test_site_languages import manage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The street of a contact point is typed once, in Latin letters: the contact point's part of issue 14 gives it a
# text per language and script. Strict: this fails once that is done, to be taken out.


def public_pages(language):
    """The addresses of the public pages in `language`: the lists, the statement, each published service, a page not found."""
    with translation.override(language):
        pages = [reverse(f"security_service:{name}") for name in ("service_list", "accessibility", "site_map")]
        pages += [publication.get_absolute_url() for publication in Publication.objects.live()]
    return [*pages, f"/{language}/no-such-page/"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_of_every_public_page_is_in_the_script_of_its_language(client, ssi, language):
    found = {}
    for page in public_pages(language):
        response = client.get(page)
        assert response.status_code in (200, 404), page
        html = response.content.decode()
        assert f'<html lang="{language_tag(language)}">' in html, page
        if wrong := wrong_script(html):
            found[page] = wrong
    assert not found, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_of_every_public_page_is_in_its_languages_order(client, ssi, language):
    found = {page: dates_out_of_order(client.get(page).content.decode()) for page in public_pages(language)}
    assert not any(found.values()), found


@pytest.mark.skipif(not {"sr", "sr-latn"} <= set(LANGUAGES), reason="the site publishes Serbian in one script only")
def test_what_the_rules_keep_latin_on_a_serbian_latin_page_is_latin_on_its_cyrillic_page(client, ssi):
    """etalab-2.0, vCard, e-mail and web addresses: written the same on the page in either script."""
    for latin_page, cyrillic_page in zip(public_pages("sr-latn"), public_pages("sr"), strict=True):
        kept = kept_in_latin(client.get(latin_page).content.decode())
        text = " ".join(visible_text(client.get(cyrillic_page).content.decode()).split())
        assert kept, latin_page
        assert [piece for piece in kept if " ".join(piece.split()) not in text] == [], cyrillic_page


def test_a_word_of_two_scripts_is_found_wherever_it_is():
    html = '<html lang="sr-Cyrl"><body><p>Дéфенсеур дес дроитс</p><p lang="fr">Défenseur des droits</p></body></html>'
    assert wrong_script(html) == [("sr-Cyrl", "Дéфенсеур", "Дéфенсеур дес дроитс")]
    assert mixed("Paris Парис") == []


@pytest.mark.parametrize(
    ("shown", "wrong"), [("05.06.2020.", False), ("05/06/2020", False), ("5 juin 2020", False), ("6/5/2020", True), ("June 5, 2020", True)]
)
def test_a_date_is_read_in_the_order_its_text_gives_it(shown, wrong):
    html = f'<html lang="en"><body><p><time datetime="2020-06-05">{shown}</time></p></body></html>'
    assert bool(dates_out_of_order(html)) is wrong


# Reads every public page in every language the process's site publishes: {"language path": HTML}.
READ_EVERY_PAGE = """
import json
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from security_service.models import Publication
client = Client(HTTP_HOST="localhost")
pages = {}
for code, _name in settings.LANGUAGES:
    with translation.override(code):
        paths = [reverse(f"security_service:{name}") for name in ("service_list", "accessibility", "site_map")]
        paths += [publication.get_absolute_url() for publication in Publication.objects.live()]
    for path in paths:
        pages[f"{code} {path}"] = client.get(path).content.decode()
print(json.dumps(pages))
"""


@pytest.mark.server
def test_the_pages_of_every_supported_language_are_in_its_script_and_its_date_order(tmp_path):
    """The site with all ten languages switched on (a process of its own: languages are settings), the seed loaded."""
    every = ",".join(settings.SUPPORTED_LANGUAGES)
    manage(tmp_path, "migrate", "--noinput", "-v0", languages=every)
    manage(tmp_path, "load_content", "-v0", languages=every)
    output = manage(tmp_path, "shell", "-c", READ_EVERY_PAGE, languages=every)
    pages = json.loads(output.strip().splitlines()[-1])
    assert {page.split()[0] for page in pages} == set(settings.SUPPORTED_LANGUAGES)
    wrong = {page: found for page, html in pages.items() if (found := wrong_script(html) + dates_out_of_order(html))}
    assert wrong == {}


def test_the_title_and_the_description_a_search_result_shows_are_read_too():
    html = '<html lang="sr-Cyrl"><head><title>Služba</title><meta name="description" content="Bezbednost"><style>p{}</style></head></html>'
    assert [word for _lang, word, _text in wrong_script(html)] == ["Služba", "Bezbednost"]
