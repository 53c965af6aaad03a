"""A whole new page in one submission of the admin's add form, as an editor who has never seen it enters one: its
sections, in them their contact points with phone numbers and groups of links, then "Save and publish" once.

The pages entered here are data (`NEW_PAGES`): `fill_page` types any such page into the form, so that more example
pages can be entered by the same function.
"""

import re

import pytest
from playwright.sync_api import expect
from reversion.models import Version

from security_service.models import Service

from ..conftest import PASSWORD

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
                        "street": "Pariska 11",
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
CHILDREN = ("sections", "roles", "missions", "link_groups", "links", "contact_points", "phone_numbers")


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill("editor")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Déconnexion")).to_be_visible()


def fill_fields(page, prefix, fields):
    """Type `fields` ({name: value}) into the form `prefix` ("" for the service's own fields, "sections-1"…)."""
    for name, value in fields.items():
        field = page.locator(f"#id_{prefix}-{name}" if prefix else f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def add_part(page, formset, part):
    """Click the form set's "Add another" button, fill the new form, then add the parts it holds."""
    number = int(page.locator(f"#id_{formset}-TOTAL_FORMS").input_value())
    # The form set's own button comes after those of the forms nested in it.
    page.locator(f"#{formset}-group").locator(".djn-add-handler").last.click()
    prefix = f"{formset}-{number}"
    expect(page.locator(f"#{prefix}")).to_be_visible()
    fill_fields(page, prefix, part["fields"])
    for accessor in CHILDREN:
        for child in part.get(accessor, ()):
            add_part(page, f"{prefix}-{accessor}", child)


def fill_page(page, content):
    """Type a whole page (see NEW_PAGES) into the add form open in `page`."""
    fill_fields(page, "", content["fields"])
    for section in content["sections"]:
        add_part(page, "sections", section)


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
    expect(page.locator(".messagelist")).to_contain_text("a été modifié avec succès")
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
