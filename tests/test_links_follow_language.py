"""Every link and address of a page follows its language: the main site's pages (settings per language), the site's
own addresses (translated, the first French ones answering 301), the language switch, and no link without an address."""

import os
import re
import subprocess
import sys

import pytest
from django.utils import translation

from security_service import page_cache
from security_service.languages import main_site_url
from security_service.rich_text import render

from .html import links
from .test_public_page import PAGES
from .test_settings import ROOT, run_check
from .test_site_layout import SITE_MAP, STATEMENT

LANGUAGES = ("fr", "sr-latn", "sr", "en")
LIST = {lang: f"/{lang}/" for lang in LANGUAGES}
# The main site's pages in English and in Serbian (Latin), as a deployment sets them (EMBASSY_HOME_URL_EN=…).
TRANSLATED = {
    "EMBASSY_HOME_URL": {"en": "https://main.example/en/", "sr-latn": "https://main.example/sr/"},
    "EMBASSY_SECTION_URL": {"en": "https://main.example/en/embassy", "sr-latn": "https://main.example/sr/ambasada"},
    "LEGAL_NOTICE_URL": {"en": "https://main.example/en/legal-notice", "sr-latn": "https://main.example/sr/pravno-obavestenje"},
    "PERSONAL_DATA_URL": {"en": "https://main.example/en/personal-data"},  # no Serbian page: Serbian readers get the default
}
DEFAULTS = {
    "EMBASSY_HOME_URL": "https://main.example/",
    "EMBASSY_SECTION_URL": "https://main.example/ambassade",
    "LEGAL_NOTICE_URL": "https://main.example/mentions-legales",
    "PERSONAL_DATA_URL": "https://main.example/donnees-personnelles",
}
EXPECTED = {
    "fr": DEFAULTS,
    "en": {name: TRANSLATED[name]["en"] for name in DEFAULTS},
    "sr-latn": {**DEFAULTS, **{name: by_language["sr-latn"] for name, by_language in TRANSLATED.items() if "sr-latn" in by_language}},
}
EXPECTED["sr"] = EXPECTED["sr-latn"]  # Cyrillic pages take the Latin ones


@pytest.fixture
def main_site(settings):
    for name, address in DEFAULTS.items():
        setattr(settings, name, address)
    settings.TRANSLATED_LINKS = TRANSLATED
    page_cache.release.cache_clear()  # what a restart does
    yield
    page_cache.release.cache_clear()


def hrefs(html, css_class):
    return set(links(html, css_class).values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_breadcrumb_and_footer_lead_to_the_main_site_in_the_page_s_language(client, ssi, main_site, lang):
    expected = EXPECTED[lang]
    for url in (PAGES[lang], LIST[lang], STATEMENT[lang], SITE_MAP[lang]):
        html = client.get(url).content.decode()
        assert {expected["EMBASSY_HOME_URL"], expected["EMBASSY_SECTION_URL"]} <= hrefs(html, "fr-breadcrumb__link"), url
        footer = hrefs(html, "fr-footer__bottom-link")
        assert {expected["LEGAL_NOTICE_URL"], expected["PERSONAL_DATA_URL"], STATEMENT[lang], SITE_MAP[lang]} <= footer, url
        others = {address for name in DEFAULTS for address in (DEFAULTS[name], *TRANSLATED[name].values())} - set(expected.values())
        assert not others & (hrefs(html, "fr-breadcrumb__link") | footer), url


def test_a_language_of_the_site_without_its_own_address_gets_the_default(settings):
    settings.TRANSLATED_LINKS = {"LEGAL_NOTICE_URL": {"en": "https://main.example/en/legal-notice"}}
    settings.LEGAL_NOTICE_URL = "https://main.example/mentions-legales"
    assert main_site_url("LEGAL_NOTICE_URL", "de") == "https://main.example/mentions-legales"
    assert main_site_url("LEGAL_NOTICE_URL", "sr") == "https://main.example/mentions-legales"
    with translation.override("en"):
        assert main_site_url("LEGAL_NOTICE_URL") == "https://main.example/en/legal-notice"


def test_addresses_per_language_are_read_from_the_environment():
    env = {
        "DEBUG": "1",
        "LEGAL_NOTICE_URL": "https://main.example/mentions-legales",
        "LEGAL_NOTICE_URL_EN": "https://main.example/en/legal-notice",
        "LEGAL_NOTICE_URL_SR_LATN": "https://main.example/sr/pravno-obavestenje",
        "EMBASSY_HOME_URL_SR": "https://main.example/sr-cyrl/",
    }
    code = (
        "from django.conf import settings; from security_service.languages import main_site_url as u; "
        "print([u('LEGAL_NOTICE_URL', l) for l in ('fr', 'en', 'sr-latn', 'sr')], "
        "u('EMBASSY_HOME_URL', 'sr'), u('EMBASSY_HOME_URL', 'sr-latn'))"
    )
    kept_out = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", *DEFAULTS)
    clean = {key: value for key, value in os.environ.items() if not key.startswith(kept_out)}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['https://main.example/mentions-legales', 'https://main.example/en/legal-notice', "
        "'https://main.example/sr/pravno-obavestenje', 'https://main.example/sr/pravno-obavestenje'] "
        "https://main.example/sr-cyrl/ https://rs.ambafrance.org/"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LEGAL_NOTICE_URL_EN", "main.example/en/legal-notice"),
        ("EMBASSY_HOME_URL_SR_LATN", "javascript:alert(1)"),
        ("PERSONAL_DATA_URL", "https:///no-host"),
        ("EMBASSY_SECTION_URL_SR", "https://main.example/a page"),
    ],
)
def test_a_malformed_address_stops_the_site_with_a_clear_message(variable, value):
    result = run_check(DEBUG="1", **{variable: value})
    assert result.returncode != 0
    assert f"{variable}={value!r}: give a full address, https://… (or leave it unset)." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_site_s_own_pages_have_an_address_in_each_language(client, ssi, lang):
    for url, heading in ((STATEMENT[lang], "<h1>"), (SITE_MAP[lang], "<h1>")):
        response = client.get(url)
        assert response.status_code == 200 and heading in response.content.decode(), url
    assert all(re.fullmatch(r"/[a-z-]+/[a-z-]+/", url) for url in (STATEMENT[lang], SITE_MAP[lang]))  # Latin letters, even in sr


@pytest.mark.parametrize("lang", ["sr-latn", "sr", "en"])
def test_the_first_french_addresses_answer_301_to_the_language_s_own(client, ssi, lang):
    for old, new in ((f"/{lang}/accessibilite/", STATEMENT[lang]), (f"/{lang}/plan-du-site/", SITE_MAP[lang])):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


@pytest.mark.parametrize("page", [STATEMENT, SITE_MAP, LIST, PAGES])
def test_the_language_switch_leads_to_the_page_s_address_in_each_language(client, ssi, page):
    for lang in LANGUAGES:
        html = client.get(page[lang]).content.decode()
        switch = html[html.index('<nav class="language-switch"') :]
        switch = switch[: switch.index("</nav>")]
        for other in LANGUAGES:
            if other != lang:
                next_address = re.search(rf'href="/language/{other}/\?next=([^"]+)"', switch).group(1)
                assert next_address == page[other].replace("/", "%2F") or next_address == page[other], (lang, other)
                response = client.get(f"/language/{other}/?next={next_address}")
                assert response["Location"] == page[other]
                assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_breadcrumb_s_last_step_is_the_page_named_not_a_link(client, ssi, lang):
    for url in (PAGES[lang], LIST[lang], STATEMENT[lang], SITE_MAP[lang]):
        html = client.get(url).content.decode()
        breadcrumb = html[html.index('<nav class="fr-breadcrumb"') :]
        breadcrumb = breadcrumb[: breadcrumb.index("</nav>")]
        last = breadcrumb.split("<li>")[-1]
        assert last.startswith('<span class="fr-breadcrumb__link" aria-current="page"'), url
        # No link of the page is without an address (Lighthouse: "links are not crawlable").
        assert not re.search(r'<a(?![^>]*\shref="[^"])[\s>]', html), url


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("[a link](javascript:alert(1)) here", "<p>a link here</p>"),
        ('<a hreflang="en">no address</a>', "<p>no address</p>"),
        ("[empty]()", "<p>empty</p>"),
        ("[kept](https://example.org/)", '<p><a href="https://example.org/" rel="noopener noreferrer">kept</a></p>'),
    ],
)
def test_a_rich_text_link_without_an_address_is_shown_as_its_text(markdown, html):
    assert render(markdown) == html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_statement_and_the_site_map_have_a_description_in_the_page_s_language(client, ssi, lang):
    descriptions = set()
    for url in (STATEMENT[lang], SITE_MAP[lang]):
        found = re.search(r'<meta name="description" content="([^"]+)">', client.get(url).content.decode())
        assert found, url
        descriptions.add(found.group(1))
    assert len(descriptions) == 2
    if lang == "sr":
        assert all(re.search("[а-џ]", text) for text in descriptions)
