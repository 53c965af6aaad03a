"""One font per line: Marianne (Latin only) sets the pages in Latin script; pages in Cyrillic or Arabic are set in the
system font throughout, and do not preload Marianne."""

import re

import pytest
from django.template.loader import render_to_string

from security_service.languages import SYSTEM_FONT_LANGUAGES, language_tag

from .servers import ROOT
from .test_public_page import PAGES

PRELOAD = re.compile(r'<link rel="preload" href="[^"]*Marianne-(?:Regular|Bold)\.[0-9a-f.]*woff2" as="font"')
SITE_CSS = ROOT / "security_service" / "static" / "security_service" / "site.css"


def system_font_rule():
    """The selector and the declarations of site.css's rule that sets the system font."""
    found = re.search(r"(html:is\([^{]*\)[^{]*)\{([^}]*)\}", SITE_CSS.read_text(encoding="utf-8"))
    assert found, "site.css has no rule for the languages set in the system font"
    return found.groups()


@pytest.mark.parametrize(("lang", "preloads"), [("fr", True), ("sr-latn", True), ("en", True), ("sr", False)])
def test_marianne_is_preloaded_on_latin_pages_only(client, ssi, lang, preloads):
    html = client.get(PAGES[lang]).content.decode()
    assert len(PRELOAD.findall(html)) == (2 if preloads else 0)


@pytest.mark.parametrize("code", sorted(SYSTEM_FONT_LANGUAGES))
def test_pages_in_a_script_marianne_lacks_are_set_in_the_system_font_throughout(code):
    selector, declarations = system_font_rule()
    assert f'[lang="{language_tag(code)}"]' in selector
    assert all(element in selector for element in ("body", "button", "input"))
    assert "Marianne" not in declarations and "system-ui" in declarations
    assert "Marianne" not in render_to_string("includes/stylesheets.html", {"LANGUAGE_CODE": code})


def test_the_cyrillic_page_names_its_script_so_the_rule_applies(client, ssi):
    assert '<html lang="sr-Cyrl">' in client.get(PAGES["sr"]).content.decode()
    selector, _declarations = system_font_rule()
    assert '[lang="sr-Latn"]' not in selector  # Latin Serbian keeps Marianne
