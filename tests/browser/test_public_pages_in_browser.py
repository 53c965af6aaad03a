"""The public pages in headless Chromium: accessibility (axe-core), keyboard use, weight and layout stability.

axe-core is vendored (tests/browser/vendor/axe-core/, MPL-2.0): the tests never download anything.
"""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from security_service.publishing import publish

from ..test_public_page import PAGES
from ..test_site_layout import SITE_MAP, STATEMENT

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"phone": 360, "desktop": 1280}
BUDGET = 150 * 1024  # bytes transferred for the first view of the service page on a phone, everything included


def public_pages(lang):
    return {
        "service": PAGES[lang],
        "list": f"/{lang}/",
        "not-found": f"/{lang}/no-such-page/",
        "accessibility": STATEMENT[lang],
        "site-map": SITE_MAP[lang],
    }


def new_page(browser, width, **options):
    # bypass_csp: axe is injected as an inline script, which a Content-Security-Policy rightly refuses to visitors.
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True, **options)
    return context, context.new_page()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert results["passes"], "axe checked nothing"
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("lang", list(PAGES))
def test_public_pages_have_no_axe_violation(live_server, ssi, browser, artifacts, lang, width):
    context, page = new_page(browser, WIDTHS[width])
    try:
        found = {}
        for name, path in public_pages(lang).items():
            response = page.goto(live_server.url + path)
            assert response.status == (404 if name == "not-found" else 200), path
            violations = axe_violations(page)
            if violations:
                found[path] = violations
            if lang == "fr" and name == "service":
                page.screenshot(path=artifacts / f"service-page-fr-{WIDTHS[width]}.png", full_page=True)
        assert not found, json.dumps(found, indent=2, ensure_ascii=False)
    finally:
        context.close()


@pytest.mark.browser
def test_keyboard_alone_reaches_skip_link_language_switch_and_contact_links(live_server, ssi, browser):
    context, page = new_page(browser, WIDTHS["desktop"])
    try:
        page.goto(live_server.url + PAGES["fr"])
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        expect(skip).to_have_text("Aller au contenu")
        expect(skip).to_be_visible()
        reached = []
        for _ in range(60):
            focused = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    // The focus ring is on the element, or on the block it enlarges to (DSFR's fr-enlarge-link: a::before).
                    const ring = [getComputedStyle(el), getComputedStyle(el, '::before')].some(
                        style => style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                    );
                    return {href: el.getAttribute('href'), text: el.textContent.trim(), outline: ring};
                }"""
            )
            reached.append(focused)
            assert focused["outline"], f"no visible focus on {focused}"
            if (focused["href"] or "").startswith("mailto:"):
                break
            page.keyboard.press("Tab")
        hrefs = [item["href"] or "" for item in reached]
        assert hrefs[0] == "#content"
        for language in ("sr-latn", "sr", "en"):
            assert any(href.startswith(f"/language/{language}/") for href in hrefs), f"language switch to {language} not reached"
        assert "tel:+381113023569" in hrefs
        assert hrefs[-1] == "mailto:sctip.belgrade-amba@diplomatie.gouv.fr"

        # The skip link takes the keyboard to the content, and the language switch works from the keyboard.
        page.goto(live_server.url + PAGES["fr"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
        page.locator('a[hreflang="en"]').first.focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(live_server.url + PAGES["en"])
    finally:
        context.close()


@pytest.mark.browser
def test_page_reads_and_switches_language_without_javascript(live_server, ssi, browser):
    context, page = new_page(browser, WIDTHS["phone"], java_script_enabled=False)
    try:
        page.goto(live_server.url + PAGES["fr"])
        expect(page.get_by_role("heading", level=1)).to_have_text("Service de sécurité intérieure")
        page.get_by_role("link", name="Srpski (latinica)").click()
        expect(page).to_have_url(live_server.url + PAGES["sr-latn"])
        expect(page.get_by_role("heading", level=1)).to_have_text("Služba za unutrašnju bezbednost")
    finally:
        context.close()


@pytest.fixture
def production_server(transactional_db, ssi, tmp_path):
    """The site as in production: collectstatic's compressed, hashed files served by whitenoise, no finders.

    The test settings serve static files from the apps, uncompressed (WHITENOISE_USE_FINDERS), and Django's live
    server intercepts /static/ itself: neither transfers what a visitor's browser would. This server runs the
    plain WSGI handler, so whitenoise's middleware serves a fresh collectstatic into a temporary STATIC_ROOT.
    """
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path / "static", STORAGES=storages, WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        publish(ssi)  # stored pages rendered again, with the hashed file names
        shared = {conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()}
        for connection in shared.values():
            connection.inc_thread_sharing()
        thread = LiveServerThread("127.0.0.1", lambda handler: handler, connections_override=shared)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            for connection in shared.values():
                connection.dec_thread_sharing()


def kind_of(url, mime):
    if mime.startswith("font/") or url.endswith((".woff2", ".woff")):
        return "fonts"
    if mime == "text/css":
        return "css"
    if mime.startswith("image/"):
        return "images"
    if "javascript" in mime:
        return "scripts"
    return "html" if mime == "text/html" else "other"


@pytest.mark.browser
def test_service_page_first_view_on_a_phone_weighs_at_most_150_kb_and_never_shifts(production_server, browser, artifacts):
    context, page = new_page(browser, WIDTHS["phone"], is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses, transferred = {}, {}
        cdp.on("Network.responseReceived", lambda event: responses.__setitem__(event["requestId"], event["response"]))
        cdp.on("Network.loadingFinished", lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]))
        page.add_init_script(
            """window.__shifts = 0;
            new PerformanceObserver(list => { for (const entry of list.getEntries()) window.__shifts += entry.value; })
                .observe({type: 'layout-shift', buffered: true});"""
        )
        page.goto(production_server + PAGES["fr"], wait_until="networkidle")
        page.wait_for_timeout(500)

        by_kind, total = {}, 0
        for request_id, size in transferred.items():
            response = responses[request_id]
            kind = kind_of(response["url"], response["mimeType"])
            by_kind[kind] = by_kind.get(kind, 0) + size
            total += size
            if "/static/" in response["url"]:
                headers = {name.lower(): value for name, value in response["headers"].items()}
                assert re.search(r"\.[0-9a-f]{12}\.", response["url"]), f"not a hashed name: {response['url']}"
                assert "max-age=315360000" in headers.get("cache-control", ""), response["url"]
                if kind in ("css", "images") and not response["url"].endswith(".png"):
                    assert headers.get("content-encoding") in ("gzip", "br"), f"served uncompressed: {response['url']}"
        report = ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in sorted(by_kind.items()))
        (artifacts / "page-weight.txt").write_text(f"total {total / 1024:.1f} KB: {report}\n")
        assert "scripts" not in by_kind, "the page loads JavaScript"
        assert by_kind.get("fonts"), "the fonts were not loaded"
        assert total <= BUDGET, f"{total / 1024:.1f} KB transferred ({report}), over {BUDGET // 1024} KB"
        assert page.evaluate("window.__shifts") == 0, "the layout shifted while the page loaded"
    finally:
        context.close()


@pytest.mark.browser
def test_print_shows_the_content_and_contact_without_navigation(live_server, ssi, browser):
    context, page = new_page(browser, WIDTHS["desktop"])
    try:
        page.goto(live_server.url + PAGES["fr"])
        page.emulate_media(media="print")
        for hidden in (".fr-skiplinks", ".language-switch", ".fr-breadcrumb", ".fr-footer"):
            expect(page.locator(hidden)).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("section.contact address")).to_be_visible()
    finally:
        context.close()


FONT_FAMILIES = """() => [...document.querySelectorAll('body, h1, h2, h3, p, li, address, address *, a, button')]
    .map(element => getComputedStyle(element).fontFamily)"""
LOADED_FONTS = "() => document.fonts.ready.then(fonts => [...fonts].filter(font => font.status === 'loaded').map(font => font.family))"


@pytest.mark.browser
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_cyrillic_page_is_set_in_one_font_and_writes_its_street_in_cyrillic(live_server, ssi, browser, artifacts, width):
    """Marianne has no Cyrillic letters: every line of the page, its digits and acronyms too, is in the system font."""
    context, page = new_page(browser, WIDTHS[width])
    try:
        page.goto(live_server.url + PAGES["sr"], wait_until="networkidle")
        families = set(page.evaluate(FONT_FAMILIES))
        assert families and not [family for family in families if "Marianne" in family], families
        assert not [family for family in page.evaluate(LOADED_FONTS) if "Marianne" in family]
        address = page.inner_text("address")
        assert "Париска 11" in address and "Pariska" not in address
        assert "011/302 35 69" in address  # read in Serbia: the local form
        page.screenshot(path=artifacts / f"service-page-sr-{WIDTHS[width]}.png", full_page=True)

        page.goto(live_server.url + PAGES["en"], wait_until="networkidle")
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith("Marianne")
        assert "+381 11 302 35 69" in page.inner_text("address")  # read abroad: the international form
        page.screenshot(path=artifacts / f"service-page-en-{WIDTHS[width]}.png", full_page=True)
    finally:
        context.close()
