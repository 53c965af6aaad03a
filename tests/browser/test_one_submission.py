"""A whole new page in one submission of the admin's add form, as an editor who has never seen it enters one: its
sections, in them their contact points with phone numbers and groups of links, then "Save and publish" once.

The pages entered here are data (`NEW_PAGES`): `fill_page` types any such page into the form, so that more example
pages can be entered by the same function.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect
from reversion.models import Version

from security_service.models import Service

from ..conftest import PASSWORD
from .example_pages import EXAMPLE_PAGES

pytestmark = pytest.mark.browser

# A page: the service's fields, then its sections in page order. A part is its fields ("fields") and, under the
# accessor of each kind of item it holds ("contact_points", "phone_numbers", "link_groups", "links"…), those items.
REGIONAL_OFFICE = {
    "fields": {"name_fr": "Bureau régional de sécurité", "acronym": "BRS", "slug_fr": "bureau-regional-de-securite"},
    "sections": [
        {"fields": {"kind": "text", "body_fr": "Le bureau régional suit la sécurité des Français de la région."}},
        {
            "fields": {"kind": "contact", "heading_fr": "Nous joindre"},
            "contact_points": [
                {
                    "fields": {
                        "organisation_fr": "Ambassade de France",
                        "street_fr": "Pariska 11",
                        "city_fr": "Belgrade",
                        "country_code": "RS",
                    },
                    "phone_numbers": [
                        {"fields": {"number": "+381113023569", "display": "011/302 35 69", "note_fr": "standard"}},
                        {"fields": {"number": "+381113023500", "display": "011/302 35 00", "note_fr": "permanence"}},
                    ],
                }
            ],
        },
        {
            "fields": {"kind": "links", "heading_fr": "Sites utiles"},
            "link_groups": [
                {
                    "fields": {"heading_fr": "En France"},
                    "links": [
                        {"fields": {"label_fr": "Ministère de l’Intérieur", "url": "https://www.interieur.gouv.fr/"}},
                        {
                            "fields": {
                                "label_fr": "Conseils aux voyageurs",
                                "url": "https://www.diplomatie.gouv.fr/fr/conseils-aux-voyageurs/",
                            }
                        },
                    ],
                }
            ],
        },
    ],
}
NEW_PAGES = [REGIONAL_OFFICE]
CHILDREN = ("sections", "roles", "missions", "link_groups", "links", "contact_points", "phone_numbers", "pictures")


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill("editor")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Déconnexion")).to_be_visible()


class UnreachableField(Exception):
    """A field of the form that an editor cannot get to, to type into it."""


def fill_fields(page, prefix, fields):
    """Type `fields` ({name: value}) into the form `prefix` ("" for the service's own fields, "sections-1"…).

    A string is typed, or chosen in a select (by value or label); a boolean ticks a checkbox; a list ticks those
    boxes of a multiple choice; an upload (example_pages.Upload) is chosen in a file input. A translated field in
    another language's tab is reached by its tab, as an editor does.
    """
    for name, value in fields.items():
        field_id = f"id_{prefix}-{name}" if prefix else f"id_{name}"
        if isinstance(value, list):
            boxes = page.locator(f"input[type=checkbox][name='{field_id.removeprefix('id_')}']")
            for box in boxes.all():
                box.set_checked(box.get_attribute("value") in value)
            continue
        field = page.locator(f"#{field_id}")
        # In a folded group of fields (a contact point's address): open it by its title, as an editor does.
        folded = page.locator("details:not([open])").filter(has=field)
        if folded.count():
            folded.last.locator("> summary").click()
        if "mt" in (field.get_attribute("class") or "").split():
            # The form's language tabs are made just after it is added: open the field's tab once it exists.
            tab = page.locator(f"li[aria-controls='tab_{field_id}']")
            tab.wait_for(state="attached")
            if not field.is_visible():
                tab.click()
                if not field.is_visible():
                    raise UnreachableField(f"{field_id}: its language tab does not open it")
        if isinstance(value, bool):
            field.set_checked(value)
        elif hasattr(value, "as_payload"):
            field.set_input_files(value.as_payload())
        elif field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
            if field.input_value() != value:
                # Focusing a page's address ends the typing of its name, whose change event (Django's prepopulate.js)
                # writes the address from the name under the cursor: the editor then types the address again.
                field.fill(value)


LANGUAGE_SUFFIXES = ("_sr_latn", "_fr", "_sr", "_en")


def is_translation(name, source):
    """Whether the field `name` ("heading_en") is a translation of a page written in `source` ("fr")."""
    suffix = next((suffix for suffix in LANGUAGE_SUFFIXES if name.endswith(suffix)), None)
    return suffix is not None and suffix != "_" + source.replace("-", "_")


def add_part(page, formset, part, source, translations):
    """Click the form set's "Add another" button, fill the new form, then add the parts it holds; the fields that
    translate the page are kept in `translations`, [(prefix, fields)], for after."""
    number = int(page.locator(f"#id_{formset}-TOTAL_FORMS").input_value())
    # The form set's own button comes after those of the forms nested in it.
    page.locator(f"#{formset}-group").locator(".djn-add-handler").last.click()
    prefix = f"{formset}-{number}"
    expect(page.locator(f"#{prefix}")).to_be_visible()
    fill_fields(page, prefix, {name: value for name, value in part["fields"].items() if not is_translation(name, source)})
    translations.append((prefix, {name: value for name, value in part["fields"].items() if is_translation(name, source)}))
    for accessor in CHILDREN:
        for child in part.get(accessor, ()):
            add_part(page, f"{prefix}-{accessor}", child, source, translations)


def fill_page(page, content):
    """Type a whole page (see NEW_PAGES, example_pages.py) into the add form open in `page`: as its authors write it
    first, in the language it is written in, then its translations, form by form, each in its language's tab."""
    source = content["fields"].get("source_language", "fr")
    translations = [("", {name: value for name, value in content["fields"].items() if is_translation(name, source)})]
    fill_fields(page, "", {name: value for name, value in content["fields"].items() if not is_translation(name, source)})
    for section in content["sections"]:
        add_part(page, "sections", section, source, translations)
    for prefix, fields in translations:
        fill_fields(page, prefix, fields)


def texts_in_order(page, texts):
    body = page.locator("main").inner_text()
    positions = [body.find(text) for text in texts]
    assert -1 not in positions, [text for text, at in zip(texts, positions, strict=True) if at == -1]
    return positions == sorted(positions)


def section_titles(page):
    toggles = page.locator("#sections-group .djn-inline-form:not(.djn-empty-form) > h3 .section-toggle")
    return [" ".join(title.split()) for title in toggles.all_inner_texts()]


@pytest.mark.browser
@pytest.mark.parametrize("content", NEW_PAGES, ids=lambda content: content["fields"]["slug_fr"])
def test_a_new_page_is_entered_and_published_in_one_submission(live_server, ssi, editor, page, artifacts, content):
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" and "/admin/" in request.url else None)

    page.goto(live_server.url + "/admin/security_service/service/add/")
    fill_page(page, content)
    # Each section shows the items of its kind only: no staff roles or missions offered in a contact section.
    expect(page.locator("#sections-1-contact_points-group")).to_be_visible()
    expect(page.locator("#sections-1-roles-group")).to_be_hidden()
    expect(page.locator("#sections-2-contact_points-group")).to_be_hidden()
    # The new forms have their language tabs, as those of a page opened from the database do.
    expect(page.locator(".ui-tabs").filter(has=page.locator("#id_sections-2-link_groups-0-links-1-label_fr"))).to_have_count(1)
    page.screenshot(path=artifacts / "admin-add-page-filled.png", full_page=True)

    page.get_by_role("button", name="Enregistrer et publier", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Publié : les visiteurs voient désormais cette version de la page.")
    assert len(posts) == 1, posts
    assert not problems, problems

    service = Service.objects.get(slug_fr=content["fields"]["slug_fr"])
    assert [section.kind for section in service.sections.all()] == [section["fields"]["kind"] for section in content["sections"]]
    assert [position for position in service.phone_numbers.values_list("position", flat=True)] == [1, 2]
    # The version of the page holds every part, the nested ones too.
    stored = {version.content_type.model for version in Version.objects.get_for_object(service).first().revision.version_set.all()}
    assert {"service", "section", "contactpoint", "phonenumber", "linkgroup", "link"} <= stored

    page.goto(live_server.url + service.publication.get_absolute_url())
    expected = [
        "Le bureau régional suit la sécurité",
        "Nous joindre",
        "Ambassade de France",
        "011/302 35 69",
        "011/302 35 00",
        "Sites utiles",
        "En France",
        "Ministère de l’Intérieur",
        "Conseils aux voyageurs",
    ]
    assert texts_in_order(page, expected)
    page.screenshot(path=artifacts / "public-page-entered-in-one-submission.png", full_page=True)

    # Reordering: the links section is dragged above the contact section by its grip, saved, and the preview follows.
    page.goto(f"{live_server.url}/admin/security_service/service/{service.pk}/change/")
    assert len(section_titles(page)) == 3
    grip, target = page.locator("#sections-2 .section-grip"), page.locator("#sections-1 > h3")
    grip.scroll_into_view_if_needed()
    start, end = grip.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2, end["y"] + 2, steps=25)
    page.mouse.up()
    titles = section_titles(page)
    assert re.search("sites utiles", titles[1], re.IGNORECASE), titles
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Brouillon enregistré")
    assert [section.kind for section in Service.objects.get(pk=service.pk).sections.all()] == ["text", "links", "contact"]
    page.goto(f"{live_server.url}/admin/security_service/service/{service.pk}/preview/fr/")
    assert texts_in_order(page, ["Le bureau régional suit la sécurité", "Sites utiles", "Nous joindre"])
    assert not problems, problems


@pytest.mark.browser
def test_the_add_form_and_the_belgrade_page_read_as_a_list_of_sections(live_server, ssi, editor, page, artifacts):
    log_in(page, live_server)
    page.goto(live_server.url + "/admin/security_service/service/add/")
    expect(page.get_by_role("button", name="Enregistrer et publier", exact=True)).to_be_visible()
    page.screenshot(path=artifacts / "admin-add-page.png", full_page=True)

    page.goto(f"{live_server.url}/admin/security_service/service/{ssi.pk}/change/")
    # Every section is folded to a title bar that says its kind and its heading.
    titles = section_titles(page)
    assert len(titles) == ssi.sections.count()
    assert any("Les missions du service" in title for title in titles), titles
    expect(page.locator("#id_sections-0-body_fr")).to_be_hidden()
    page.screenshot(path=artifacts / "admin-belgrade-change-page.png", full_page=True)
    page.locator("#sections-4 .section-toggle").click()
    expect(page.locator("#sections-4-link_groups-group")).to_be_visible()
    expect(page.locator("#sections-4-roles-group")).to_be_hidden()
    page.screenshot(path=artifacts / "admin-belgrade-links-section-open.png", full_page=True)


# The items each kind of section holds, by the accessor of their form set.
ITEMS_OF_KIND = {"roles": "roles", "missions": "missions", "links": "link_groups", "contact": "contact_points", "images": "pictures"}

# What the site is known to get wrong on an example page: {(example, check): the defect}. A check listed here that
# passes fails the test, so that the entry is removed once the defect is mended.
KNOWN_DEFECTS = {}


def flat(text):
    """Text as compared: no-break spaces (French typography) and runs of white space read as one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def headings(page):
    """The page's headings under its title, (tag, text) in page order."""
    found = page.locator("article.service").locator("h2, h3")
    return [(tag, flat(text)) for tag, text in found.evaluate_all("elements => elements.map(e => [e.localName, e.innerText])")]


def public_checks(page, lang, shown):
    """{check: what is wrong} for the public page open in `page`, against what it should show in `lang`."""
    wrong = {}
    if "headings" in shown and headings(page) != shown["headings"]:
        wrong[f"{lang} headings"] = f"headings {headings(page)} instead of {shown['headings']}"
    body = flat(page.locator("article.service").inner_text())
    positions = [body.find(flat(text)) for text in shown.get("in_order", ())]
    missing = [text for text, at in zip(shown.get("in_order", ()), positions, strict=True) if at == -1]
    if missing:
        wrong[f"{lang} texts"] = f"not on the page: {missing}"
    elif positions != sorted(positions):
        order = [text for _at, text in sorted(zip(positions, shown["in_order"], strict=True))]
        wrong[f"{lang} order"] = f"texts in the order {order}"
    present = [text for text in shown.get("absent", ()) if flat(text) in body]
    if present:
        wrong[f"{lang} absent"] = f"shown, though they should not be: {present}"
    if "image_alts" in shown:
        alts = page.locator("figure.images img").evaluate_all("images => images.map(image => image.alt)")
        if alts != shown["image_alts"]:
            wrong[f"{lang} images"] = f"images with the alternative texts {alts} instead of {shown['image_alts']}"
    for label, kind in shown.get("documents", {}).items():
        link = page.locator("section.links a", has_text=label)
        href = link.get_attribute("href") if link.count() == 1 else ""
        if not href.lower().endswith("." + kind.lower()):
            wrong[f"{lang} document {label}"] = f"the link {label!r} leads to {href!r}, not to a {kind} document"
    return wrong


@pytest.mark.browser
@pytest.mark.parametrize("content", EXAMPLE_PAGES, ids=lambda content: content["id"])
def test_an_example_page_is_entered_once_and_shown_as_its_authors_wrote_it(live_server, ssi, editor, page, artifacts, content):
    """Each example page (example_pages.py), typed into the add form and published in one submission, reads on the
    public site in each of its languages as written: its texts in its order, under its headings."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" and "/admin/" in request.url else None)

    page.goto(live_server.url + "/admin/security_service/service/add/")
    fill_page(page, content)
    page.get_by_role("button", name="Enregistrer et publier", exact=True).click()
    page.wait_for_load_state()
    page.screenshot(path=artifacts / f"example-{content['id']}-saved.png", full_page=True)
    form_errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert not form_errors, form_errors
    expect(page.locator(".messagelist")).to_contain_text("Publié : les visiteurs voient désormais cette version de la page.")
    assert len(posts) == 1, posts
    assert not errors, errors

    wrong = {}
    slug_field, slug = next((name, value) for name, value in content["fields"].items() if name.startswith("slug_"))
    service = Service.objects.get(**{slug_field: slug})
    assert [section.kind for section in service.sections.all()] == [section["fields"]["kind"] for section in content["sections"]]
    for lang, shown in content["public"].items():
        with translation.override(lang):
            address = service.publication.get_absolute_url()
        assert address.startswith(f"/{lang}/"), f"the page is not served in {lang}: {address}"
        page.goto(live_server.url + address)
        page.screenshot(path=artifacts / f"example-{content['id']}-{lang}.png", full_page=True)
        wrong.update(public_checks(page, lang, shown))
    for lang in content.get("not_served_in", ()):
        # Not a page of its own: the address is unknown, or leads to the page in a language it is written in.
        response = page.request.get(f"{live_server.url}/{lang}/{slug}/", max_redirects=0)
        if response.status not in (301, 302, 404) or (response.status != 404 and response.headers["location"].startswith(f"/{lang}/")):
            wrong[f"{lang} not served"] = f"/{lang}/{slug}/ answers {response.status}, though the page has no text in {lang}"
    assert not errors, errors

    known = {check: reason for (example, check), reason in KNOWN_DEFECTS.items() if example == content["id"]}
    unknown = {check: what for check, what in wrong.items() if check not in known}
    assert not unknown, unknown
    mended = sorted(set(known) - set(wrong))
    assert not mended, f"known defects no longer seen, remove them from KNOWN_DEFECTS: {mended}"
    if known:
        pytest.xfail("; ".join(f"{known[check]} (seen: {wrong[check]})" for check in sorted(known)))


@pytest.mark.browser
def test_each_kind_of_section_offers_its_own_items_only(live_server, editor, page):
    """A new section of each kind shows the form sets of its items (roles, contact points…) and no other's."""
    log_in(page, live_server)
    page.goto(live_server.url + "/admin/security_service/service/add/")
    kinds = ["text", "roles", "missions", "directorate", "links", "contact", "notice", "images"]
    offered = {}
    for index, kind in enumerate(kinds):
        add_part(page, "sections", {"fields": {"kind": kind}}, "fr", [])
        groups = [accessor for accessor in ITEMS_OF_KIND.values() if page.locator(f"#sections-{index}-{accessor}-group").is_visible()]
        offered[kind] = groups
    expected = {kind: [ITEMS_OF_KIND[kind]] if kind in ITEMS_OF_KIND else [] for kind in kinds}
    assert offered == expected


@pytest.mark.browser
def test_the_language_tabs_of_an_item_added_in_a_new_section_open(live_server, editor, page):
    """In a contact point added to a section added on the page, each language's tab opens that language's field."""
    log_in(page, live_server)
    page.goto(live_server.url + "/admin/security_service/service/add/")
    add_part(page, "sections", {"fields": {"kind": "contact"}, "contact_points": [{"fields": {"label_fr": "Accueil"}}]}, "fr", [])
    # The section's own tabs open: the section was added from the page's empty form, which has none.
    page.locator("li[aria-controls='tab_id_sections-0-heading_en']").click()
    expect(page.locator("#id_sections-0-heading_en")).to_be_visible()
    page.locator("li[aria-controls='tab_id_sections-0-heading_fr']").click()
    fill_fields(page, "sections-0-contact_points-0", {"label_en": "Reception"})
    expect(page.locator("#id_sections-0-contact_points-0-label_fr")).to_be_hidden()
    page.locator("li[aria-controls='tab_id_sections-0-contact_points-0-label_fr']").click()
    expect(page.locator("#id_sections-0-contact_points-0-label_fr")).to_have_value("Accueil")
