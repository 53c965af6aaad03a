import re

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from ..factories import text_section

pytestmark = pytest.mark.browser

NEW_INTRO_EN = "The Internal Security Attaché is the first point of contact of the Serbian police for French police matters."


def watch_for_problems(page):
    """What went wrong in the browser (a script that failed to load or to run), to explain a failure."""
    problems = []
    page.on("requestfailed", lambda request: problems.append(f"could not load {request.url}: {request.failure}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


@pytest.mark.browser
def test_editor_changes_the_english_intro_in_the_admin_and_reads_it_on_the_english_page(live_server, ssi, editor, page, artifacts):
    old_intro_en = text_section(ssi).body_en
    problems = watch_for_problems(page)

    # The browser asks for English (see the `page` fixture): the admin answers in French all the same.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill("editor")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    # The first screen lists the embassy's pages.
    page.locator(".home-pages").get_by_role("link", name="Service de sécurité intérieure").click()
    expect(page).to_have_title(re.compile("^Service de sécurité intérieure"))
    page.wait_for_load_state("load")
    page.screenshot(path=artifacts / "admin-change-page.png", full_page=True)

    # Sections are folded to their title bar, which says their kind: the introduction is the first, a text.
    intro = page.locator("#sections-0")
    expect(intro.locator("> h3")).to_contain_text(re.compile("texte", re.IGNORECASE))
    intro.locator("> h3 .section-toggle").click()
    # Each translated field has a row of tabs, one per language: "fr", "sr-latn", "en" ("Anglais" on hover).
    intro_tabs = page.locator(".ui-tabs").filter(has=page.locator("#id_sections-0-body_en"))
    english_tab = intro_tabs.get_by_role("tab", name="en", exact=True)
    expect(english_tab, f"the introduction has no language tabs; the browser reported: {problems or 'nothing'}").to_be_visible()
    expect(english_tab.get_by_title("Anglais")).to_be_visible()
    english_intro = page.locator("#id_sections-0-body_en")
    expect(english_intro).to_be_hidden()
    english_tab.click()
    expect(english_intro).to_be_visible()
    expect(english_intro).to_have_value(old_intro_en)
    expect(page.locator("#id_sections-0-body_fr")).to_be_hidden()
    english_intro.fill(NEW_INTRO_EN)

    page.get_by_role("button", name="Enregistrer et publier", exact=True).click()
    expect(page.get_by_text("Publié : les visiteurs voient désormais cette version de la page.")).to_be_visible()

    page.goto(live_server.url + "/en/internal-security-service/")
    expect(page.get_by_text(NEW_INTRO_EN)).to_be_visible()
    expect(page.get_by_text(old_intro_en)).to_have_count(0)
    page.screenshot(path=artifacts / "english-page-after-edit.png", full_page=True)
