"""The editing workflow driven in headless Chromium as a person would: drafts, previews, publishing, versions,
roles, two editors at once and illustrations.

The same behaviours are tested without a browser in test_publishing, test_versions, test_roles_and_audit and
test_illustrations; these tests check that a person can actually do them with the admin's buttons and tabs.
"""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import expect

from security_service.models import Mission, Service

from ..conftest import PASSWORD
from ..conftest import STAFF_PASSWORD as TRANSLATOR_PASSWORD
from ..factories import text_section
from ..test_public_page import PAGES

pytestmark = pytest.mark.browser

SAVE = "Enregistrer"
SAVE_AND_PUBLISH = "Enregistrer et publier"
SAVED = re.compile(r"Brouillon enregistré")  # a plain save: a draft, and what visitors still see
FIRST_PUBLISHED = "05.06.2020."  # the date of the page as loaded, in Serbian
MISSION_FR = "Compétent pour la Serbie"


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Déconnexion")).to_be_visible()


def open_change_page(page, live_server, service):
    page.goto(f"{live_server.url}/admin/security_service/service/{service.pk}/change/")
    expect(page).to_have_title(re.compile("^Service de sécurité intérieure"))


def unfold(page, part):
    """Open the folded section holding `part` (a locator) by its title bar, as a person does to edit it."""
    folded = page.locator("#sections-group .djn-inline-form.is-folded").filter(has=part)
    if folded.count():
        folded.locator("> h3 .section-toggle").click()


def fill_translation(page, field_id, lang, text):
    """Click the language tab of a translated field, then type its new text, as a person does.

    A tab whose field has an error reads "fr •": the name is matched up to that mark.
    """
    unfold(page, page.locator(f"#{field_id}"))
    tabs = page.locator(".ui-tabs").filter(has=page.locator(f"#{field_id}")).last
    tabs.get_by_role("tab", name=re.compile(rf"^{re.escape(lang)}(\s|$)")).click()
    field = page.locator(f"#{field_id}")
    expect(field).to_be_visible()
    field.fill(text)


def publish(page):
    page.get_by_role("button", name=SAVE_AND_PUBLISH, exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Publié : les visiteurs voient désormais cette version de la page.")


def public_page(page, live_server, lang):
    page.goto(live_server.url + PAGES[lang])
    expect(page.locator("h1")).to_be_visible()
    return page


def today_in_belgrade():
    return datetime.now(ZoneInfo("Europe/Belgrade")).strftime("%d.%m.%Y.")


def phrase(text, words=6):
    """The first words of a text: enough to recognise it on a page, whatever markdown does with the rest."""
    return " ".join(text.split()[:words])


@pytest.mark.browser
def test_editor_changes_a_serbian_mission_previews_it_then_publishes(live_server, ssi, editor, page, artifacts):
    old_mission_sr = ssi.missions.get().body_sr_latn
    new_mission_sr = "Služba razvija saradnju sa policijom Srbije i Crne Gore."
    log_in(page, live_server, "editor")
    open_change_page(page, live_server, ssi)

    fill_translation(page, "id_sections-2-missions-0-body_sr_latn", "sr-latn", new_mission_sr)
    page.get_by_role("button", name=SAVE, exact=True).click()
    expect(page.get_by_text(SAVED)).to_be_visible()

    # The preview opens in a new tab, with the draft and a banner saying so.
    open_change_page(page, live_server, ssi)
    with page.context.expect_page() as new_tab:
        page.locator(".object-tools .previews a[hreflang='fr']").click()
    preview = new_tab.value
    # The preview has the page's own language switch: the person reads the Serbian draft.
    preview.get_by_role("navigation", name="Choisir une langue").get_by_role("link", name="srpski (latinica)").click()
    expect(preview.get_by_role("status")).to_contain_text("Pregled nacrta")
    expect(preview.locator(".mission")).to_contain_text(new_mission_sr)
    preview.screenshot(path=artifacts / "serbian-preview.png", full_page=True)
    preview.close()

    # Visitors still read the published page.
    public_page(page, live_server, "sr-latn")
    expect(page.locator(".mission")).to_contain_text(phrase(old_mission_sr))
    expect(page.get_by_text(new_mission_sr)).to_have_count(0)
    expect(page.locator(".last-modified time")).to_have_text(FIRST_PUBLISHED)

    open_change_page(page, live_server, ssi)
    before = today_in_belgrade()
    publish(page)
    published_on = {before, today_in_belgrade()}  # the same day, unless published at midnight

    public_page(page, live_server, "sr-latn")
    expect(page.locator(".mission")).to_contain_text(new_mission_sr)
    expect(page.locator(".last-modified time")).to_have_text(re.compile("^(" + "|".join(map(re.escape, published_on)) + ")$"))


@pytest.mark.browser
def test_editor_deletes_a_mission_then_restores_the_version_before(live_server, ssi, editor, page):
    mission = ssi.missions.get()
    phrases = {"fr": phrase(mission.body_fr), "sr-latn": phrase(mission.body_sr_latn), "en": phrase(mission.body_en)}
    log_in(page, live_server, "editor")
    open_change_page(page, live_server, ssi)

    mission_form = page.locator("#sections-2-missions-0")
    unfold(page, mission_form)
    mission_form.locator("> h3").get_by_label("Supprimer").check()
    publish(page)
    public_page(page, live_server, "fr")
    expect(page.get_by_text(MISSION_FR)).to_have_count(0)

    open_change_page(page, live_server, ssi)
    page.get_by_role("link", name="Historique", exact=True).click()
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    restore = re.compile("^Restaurer cette version$")
    expect(rows.first.get_by_role("button", name=restore)).to_have_count(0)  # the latest version is the draft already
    rows.nth(1).get_by_role("button", name=restore).click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile(r"La version du .* a été restaurée comme brouillon"))
    publish(page)

    for lang, text in phrases.items():
        public_page(page, live_server, lang)
        expect(page.locator(".mission"), f"the mission is not back on the {lang} page").to_contain_text(text)


@pytest.mark.browser
def test_serbian_translator_changes_serbian_but_not_french_nor_structure(live_server, ssi, translator, page):  # noqa: F811
    new_intro_sr = "Prevodilac je ispravio uvod Službe."
    log_in(page, live_server, "prevodilac", TRANSLATOR_PASSWORD)
    open_change_page(page, live_server, ssi)

    # The French text is there to read, not to change; the Serbian one can be changed.
    expect(page.locator("#id_sections-0-body_fr")).to_have_count(0)
    expect(page.locator("#sections-0 .field-body_fr")).to_contain_text(phrase(text_section(ssi).body_fr))
    expect(page.locator("#id_sections-2-missions-0-DELETE")).to_have_count(0)
    expect(page.locator("#sections-2-missions-0").get_by_label("Supprimer")).to_have_count(0)
    fill_translation(page, "id_sections-0-body_sr_latn", "sr-latn", new_intro_sr)
    expect(page.locator("#id_sections-0-body_sr_latn")).to_be_editable()
    publish(page)
    public_page(page, live_server, "sr-latn")
    expect(page.locator(".text").first).to_have_text(new_intro_sr)

    # An editor deletes the mission, as a draft: that is not the translator's to publish.
    Mission.objects.get(service=ssi).delete()
    open_change_page(page, live_server, ssi)
    expect(page.get_by_role("button", name=SAVE, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=SAVE_AND_PUBLISH)).to_have_count(0)
    public_page(page, live_server, "fr")
    expect(page.locator(".mission")).to_contain_text(MISSION_FR)


@pytest.mark.browser
def test_second_editors_stale_save_is_refused(live_server, ssi, editor, django_user_model, browser, page, artifacts):
    django_user_model.objects.create_superuser("second", "second@example.org", PASSWORD)
    first_intro = "The first editor's introduction."
    second_intro = "The second editor's introduction."
    second_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        second = second_context.new_page()
        log_in(page, live_server, "editor")
        log_in(second, live_server, "second")
        open_change_page(page, live_server, ssi)
        open_change_page(second, live_server, ssi)

        fill_translation(page, "id_sections-0-body_en", "en", first_intro)
        publish(page)

        fill_translation(second, "id_sections-0-body_en", "en", second_intro)
        second.get_by_role("button", name=SAVE, exact=True).click()
        error = second.locator(".errorlist.nonfield")
        expect(error).to_contain_text("Cette page a été modifiée par editor depuis que vous l’avez ouverte")
        expect(second.locator("#id_sections-0-body_en")).to_have_value(second_intro)  # their text is still there to copy
        second.screenshot(path=artifacts / "admin-stale-save-refused.png", full_page=True)
    finally:
        second_context.close()

    assert text_section(ssi).body_en == first_intro
    public_page(page, live_server, "en")
    expect(page.locator(".text").first).to_have_text(first_intro)


def image_payload(name, content, mime_type="image/jpeg"):
    return {"name": name, "mimeType": mime_type, "buffer": content}


def jpeg(size):
    output = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(output, format="JPEG")
    return output.getvalue()


@pytest.mark.browser
def test_image_uploads_are_checked_and_a_valid_jpeg_is_shown(live_server, ssi, editor, page, settings):
    alt = "La façade de l’ambassade à Belgrade"
    log_in(page, live_server, "editor")
    open_change_page(page, live_server, ssi)
    image = page.locator("#id_image")
    expect(image).to_be_hidden()
    page.locator("summary").filter(has=page.get_by_role("heading", name="Illustration", exact=True)).click()
    expect(image).to_be_visible()

    # A text file is refused, whatever its name says. After an error, the fieldset stays open.
    image.set_input_files(image_payload("photo.jpg", b"not an image at all"))
    page.get_by_role("button", name=SAVE_AND_PUBLISH, exact=True).click()
    expect(page.locator(".field-image .errorlist")).to_contain_text("n’est pas une image")
    expect(image).to_be_visible()

    limit = settings.IMAGE_MAX_BYTES
    settings.IMAGE_MAX_BYTES = 10_000
    image.set_input_files(image_payload("big.jpg", jpeg((2000, 2000))))
    page.get_by_role("button", name=SAVE_AND_PUBLISH, exact=True).click()
    expect(page.locator(".field-image .errorlist")).to_contain_text("trop")
    assert not Service.objects.get(pk=ssi.pk).image

    settings.IMAGE_MAX_BYTES = limit
    image.set_input_files(image_payload("facade.jpg", jpeg((1200, 800))))
    fill_translation(page, "id_image_alt_fr", "fr", alt)
    publish(page)

    public_page(page, live_server, "fr")
    picture = page.locator("figure.illustration picture")
    img = picture.locator("img")
    expect(img).to_have_attribute("alt", alt)
    expect(img).to_have_attribute("srcset", re.compile(r"/media/illustrations/\S+ 480w"))
    expect(img).to_have_attribute("width", "1200")
    expect(img).to_have_attribute("height", "800")
    webp = picture.locator('source[type="image/webp"]')
    expect(webp).to_have_attribute("srcset", re.compile(r"/media/illustrations/\S+\.webp 480w"))

    # The test settings keep media in memory, which the live server does not serve (its /media/ handler reads
    # MEDIA_ROOT on disk): the addresses are checked against the storage instead of being fetched.
    addresses = [img.get_attribute("src")]
    for srcset in (img.get_attribute("srcset"), webp.get_attribute("srcset")):
        addresses += [candidate.split()[0] for candidate in srcset.split(",")]
    for address in addresses:
        assert address.startswith(settings.MEDIA_URL), address
        assert default_storage.exists(address.removeprefix(settings.MEDIA_URL)), f"{address} is not a stored file"
