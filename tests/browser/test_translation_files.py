"""A translator's round trip through PO files, in the real admin in headless Chromium."""

import re

import polib
import pytest
from playwright.sync_api import expect

from ..conftest import STAFF_PASSWORD as TRANSLATOR_PASSWORD
from ..factories import text_section
from ..test_public_page import PAGES
from .test_editing_workflow import log_in, open_change_page, publish

pytestmark = pytest.mark.browser

NEW_INTRO = "Dužnost šefa Službe obavlja divizijski komesar policije, koji je i ataše za unutrašnju bezbednost."


@pytest.mark.browser
def test_translator_downloads_a_po_file_uploads_it_translated_and_publishes(live_server, ssi, translator, page, tmp_path):  # noqa: F811
    log_in(page, live_server, "prevodilac", TRANSLATOR_PASSWORD)
    open_change_page(page, live_server, ssi)
    with page.expect_download() as download:
        page.locator("a[download]").filter(has_text=re.compile(r"^Serbe \(latin\)$", re.IGNORECASE)).click()
    exported = tmp_path / "sr.po"
    download.value.save_as(exported)
    po = polib.pofile(str(exported))
    entry = next(entry for entry in po if entry.msgctxt == f"security_service.section:{text_section(ssi).pk}:body")
    assert entry.msgid.startswith("Le poste de chef du service")
    entry.msgstr = NEW_INTRO
    po.save(str(exported))

    page.get_by_role("link", name="importer un fichier traduit").click()
    page.get_by_label("fichier PO").set_input_files(str(exported))
    page.get_by_role("button", name="Importer").click()
    summary = page.locator(".import-report")
    expect(summary).to_contain_text("1 texte modifié en sr-latn")
    expect(summary).to_contain_text("Section")

    page.goto(live_server.url + PAGES["sr-latn"])
    expect(page.get_by_text(NEW_INTRO)).to_have_count(0)  # imported into the draft, not yet published
    open_change_page(page, live_server, ssi)
    publish(page)
    page.goto(live_server.url + PAGES["sr-latn"])
    expect(page.get_by_text(NEW_INTRO)).to_be_visible()
    page.goto(live_server.url + PAGES["sr"])
    expect(page.get_by_text("Дужност шефа Службе обавља дивизијски комесар полиције")).to_be_visible()
