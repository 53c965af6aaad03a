"""Page files: a service with all its sections, in every language, exported and imported as TOML (docs/page-format.md)."""

import datetime
import io
import tomllib

import pytest
import tomli_w
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image
from reversion.models import Version

from security_service.models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Section, Service, StaffRole
from security_service.page_files import dotted, key_lines, line_of
from security_service.snapshots import take_snapshot

from .conftest import CONTENT_PATH
from .html import visible_text

BELGRADE = "service-de-securite-interieure"


def export(slug):
    out = io.StringIO()
    call_command("export_page", slug, stdout=out)
    return out.getvalue()


def import_text(tmp_path, text, *options, name="page.toml"):
    path = tmp_path / name
    path.write_bytes(text.encode())
    out = io.StringIO()
    call_command("import_page", str(path), *options, stdout=out)
    return out.getvalue()


def stored_image(name="illustrations/photo.jpg"):
    output = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(output, format="JPEG")
    return default_storage.save(name, ContentFile(output.getvalue()))


def every_kind_page():
    """A page with a section of each kind, two text sections, texts in French, Dutch and Arabic (and Serbian for some),
    a dated notice left out in Arabic, an illustration, and texts that look like TOML."""
    image = stored_image()
    service = Service.objects.create(
        name_fr="Bureau régional",
        name_nl="Regionaal bureau",
        name_ar="المكتب الإقليمي",
        slug_fr="bureau-regional",
        slug_nl="regionaal-bureau",
        acronym="BR",
        image=image,
        image_alt_fr="Le bâtiment",
        image_alt_nl="Het gebouw",
    )
    directorate = Directorate.objects.create(name_fr="Direction générale", name_nl="Directoraat-generaal", acronym="DG", body_fr="Texte.")

    def section(kind, **fields):
        return Section.objects.create(service=service, kind=kind, position=service.sections.count() + 1, **fields)

    section(
        "text", body_fr='Premier paragraphe.\n\n- une liste\n- [[sections]]\n\nkind = "text" """', body_nl="Eerste alinea.", body_ar="فقرة"
    )
    section(
        "notice", body_fr="Fermé le 14 juillet.", starts_on=datetime.date(2030, 7, 1), ends_on=datetime.date(2030, 7, 15), hidden_in=["ar"]
    )
    roles = section("roles", heading_fr="1/ L’équipe", heading_nl="1/ Het team")
    StaffRole.objects.create(service=service, section=roles, title_fr="Chef", title_nl="Hoofd", abbreviation_fr="CB", is_head=True)
    StaffRole.objects.create(service=service, section=roles, title_fr="Adjoint", description_fr="Il remplace le chef.", position=2)
    missions = section("missions", default_heading=True, body_fr="Nos missions :")
    Mission.objects.create(
        service=service, section=missions, heading_fr="Coopération", body_fr="Texte **gras**.", image=image, image_alt_fr="Une photo"
    )
    Mission.objects.create(service=service, section=missions, body_fr="Deuxième mission.", body_ar="المهمة", position=2)
    section("directorate", heading_fr="Notre direction", directorate=directorate)
    section("text", body_fr="Second texte.", hidden_in=["nl", "ar"])
    links = section("links", heading_fr="Liens")
    for number in (1, 2):
        group = LinkGroup.objects.create(service=service, section=links, heading_fr=f"Groupe {number}", position=number)
        Link.objects.create(
            service=service, group=group, label_fr=f"Site {number}", label_nl=f"Website {number}", url=f"https://example.org/{number}"
        )
        Link.objects.create(service=service, group=group, label_fr="Écrire", url="mailto:bureau@example.org", position=2)
    contacts = section("contact", default_heading=True)
    desk = ContactPoint.objects.create(
        service=service, section=contacts, label_fr="Accueil", organisation_fr="Ambassade", street="Pariska 11", city_fr="Belgrade",
        country_code="RS", fax="+381113023500", opening_hours_fr="Lundi : 9 h – 12 h\nMardi : fermé",
    )  # fmt: skip
    PhoneNumber.objects.create(service=service, contact_point=desk, number="+381113023569", display="011/302 35 69", note_fr="standard")
    PhoneNumber.objects.create(service=service, contact_point=desk, number="+381113023570", position=2)
    ContactPoint.objects.create(
        service=service, section=contacts, label_fr="Visas", country_code="RS", email="visas@example.org", position=2
    )
    return service


def texts(data, path=()):
    """{key path: value} of every value of parsed TOML, but empty ones and false (a page file leaves those out)."""
    if isinstance(data, dict):
        return {found: value for key, item in data.items() for found, value in texts(item, (*path, key)).items()}
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return {found: value for index, item in enumerate(data) for found, value in texts(item, (*path, index)).items()}
    return {} if data in ("", False, []) else {path: data}


def database_state(service):
    return take_snapshot(service), Service.objects.count(), Directorate.objects.count(), Version.objects.count()


# The round trip


def test_belgrade_page_exports_imports_and_exports_again_byte_for_byte(ssi, tmp_path):
    exported = export(BELGRADE)
    before = Service.objects.get(pk=ssi.pk).edit_version
    out = import_text(tmp_path, exported)
    assert f"replaced the draft of “Service de sécurité intérieure” (the service at “{BELGRADE}”)" in out
    assert export(BELGRADE) == exported
    assert Service.objects.get(pk=ssi.pk).edit_version > before


def test_page_of_every_kind_round_trips_byte_for_byte_and_moves_to_another_site(db, tmp_path):
    service = every_kind_page()
    exported = export("bureau-regional")
    data = tomllib.loads(exported)
    assert [section["kind"] for section in data["sections"]] == [
        "text", "notice", "roles", "missions", "directorate", "text", "links", "contact",
    ]  # fmt: skip
    assert data["sections"][1]["starts_on"] == datetime.date(2030, 7, 1)
    assert data["sections"][5]["hidden_in"] == ["nl", "ar"]
    assert data["service"]["name"] == {"fr": "Bureau régional", "nl": "Regionaal bureau", "ar": "المكتب الإقليمي"}
    assert data["sections"][3]["missions"][0]["image"] == service.image.name
    assert "position" not in exported and "name_fr" not in exported

    import_text(tmp_path, exported)
    assert export("regionaal-bureau") == exported

    # Another site: neither the service nor its directorate exists there (the media files were copied).
    service.delete()
    Directorate.objects.filter(acronym="DG").delete()
    out = import_text(tmp_path, exported)
    assert "created the service “Bureau régional”" in out
    assert export("bureau-regional") == exported
    mission = Mission.objects.get(heading_fr="Coopération")
    assert mission.image_renditions["webp"], "the illustration's renditions are made again"


def test_export_writes_the_file_given_with_output(ssi, tmp_path):
    path = tmp_path / "belgrade.toml"
    call_command("export_page", "internal-security-service", "--output", str(path), stdout=io.StringIO())
    assert path.read_bytes() == export(BELGRADE).encode()


def test_export_of_an_unknown_address_is_refused(db):
    with pytest.raises(CommandError, match="Aucun service n’a l’adresse «\xa0nowhere\xa0»"):
        export("nowhere")


def test_every_text_of_the_belgrade_content_file_is_in_its_export(ssi, content):
    """The content file is written by hand (with empty texts, and load_content's extras): its texts, every one, come back."""
    expected = texts({key: value for key, value in content.items() if key != "old_addresses"})
    expected.pop(("service", "last_modified"))
    assert texts(tomllib.loads(export(BELGRADE))) == expected


# Importing


def test_swapping_two_sections_in_the_file_and_publishing_swaps_them_on_the_public_page(ssi, client, tmp_path):
    def order_on_page():
        text = visible_text(client.get(f"/fr/{BELGRADE}/").content.decode())
        return text.index("Les missions du service de Sécurité intérieure"), text.index("Le poste de chef du service")

    missions, intro = order_on_page()
    assert intro < missions
    data = tomllib.loads(export(BELGRADE))
    data["sections"][0], data["sections"][2] = data["sections"][2], data["sections"][0]
    out = import_text(tmp_path, tomli_w.dumps(data, multiline_strings=True), "--publish")
    assert "published: Service de sécurité intérieure" in out
    missions, intro = order_on_page()
    assert missions < intro


def test_importing_over_a_draft_keeps_a_version_of_it(ssi, tmp_path):
    before = Version.objects.get_for_object(ssi).count()
    import_text(tmp_path, export(BELGRADE).replace("Liaison officer", "Liaison Officer"), name="belgrade.toml")
    versions = Version.objects.get_for_object(ssi)
    assert versions.count() == before + 1
    revision = versions.first().revision
    assert revision.comment == "Imported from belgrade.toml (manage.py import_page)"
    role = revision.version_set.get(content_type__model="staffrole", serialized_data__contains="Liaison Officer").field_dict
    assert role["title_en"] == "Liaison Officer"
    assert revision.version_set.get(content_type__model="service").field_dict["edit_version"] == Service.objects.get(pk=ssi.pk).edit_version


def test_a_file_with_new_addresses_creates_a_service_beside_the_others(ssi, tmp_path):
    data = tomllib.loads(export(BELGRADE))
    data["service"]["slug"] = {"fr": "nouveau-service"}
    out = import_text(tmp_path, tomli_w.dumps(data))
    assert "created the service" in out
    assert Service.objects.count() == 2
    assert Service.objects.get(slug_fr="nouveau-service").sections.count() == ssi.sections.count()


# Bad files: refused with the line and the reason, and nothing changes


def line_with(text, fragment):
    (number,) = [number for number, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return number


BAD_FILES = {
    "syntax error": ('kind = "roles"', 'kind = "roles', 'kind = "roles', "(the file)", "Illegal character"),
    "unknown key": ('kind = "roles"', 'kind = "roles"\ncolour = "blue"', "colour", "(sections[2].colour)", "unknown key “colour”"),
    "unknown language": (
        'fr = "Officier de liaison"',
        'fr = "Officier de liaison"\nxx = "?"',
        "xx = ",
        "(sections[2].roles[2].title.xx)",
        "unknown language “xx”",
    ),
    "unknown section kind": ('kind = "missions"', 'kind = "tasks"', "tasks", "(sections[3].kind)", "unknown section kind “tasks”"),
    "blank title": (
        'fr = "Officier de liaison"',
        'fr = "" # emptied',
        "# emptied",
        "(sections[2].roles[2].title.fr)",
        "This field is required in the language the page is written in.",
    ),
    "address the model refuses": (
        'url = "https://www.mup.gov.rs/"',
        'url = "ftp://www.mup.gov.rs/"',
        "ftp:",
        "(sections[5].groups[2].links[1].url)",
        "http",
    ),
    "two heads": (
        '[[sections.roles]]\nlisted = false\n\n[sections.roles.title]\nfr = "Officier',
        '[[sections.roles]] # the second\nis_head = true\nlisted = false\n\n[sections.roles.title]\nfr = "Officier',
        "# the second",
        "(sections[2].roles[2])",
        "A service has only one head.",
    ),  # fmt: skip
    "directorate not in the file": (
        'directorate = "DCI"',
        'directorate = "DGSI"',
        "DGSI",
        "(sections[4].directorate)",
        "no directorate “DGSI”",
    ),
    "missing required key": (
        'country_code = "RS"\n',
        "",
        "[[sections.contacts]]",
        "(sections[6].contacts[1].country_code)",
        "Give the country of the address.",
    ),
    "wrong type": (
        "default_heading = true",
        "default_heading = 1",
        "default_heading = 1",
        "(sections[5].default_heading)",
        "expected true or false",
    ),
    "file not in storage": (
        "[[sections.missions]]",
        '[[sections.missions]]\nimage = "none.jpg"',
        "none.jpg",
        "(sections[3].missions[1].image)",
        "no file “none.jpg”",
    ),
    "over-long text": (
        'en = "The post of head',
        'en = "' + "x" * 20001 + " The post of head",
        "xxxxx",
        "(sections[1].body.en)",
        "at most 20000 characters",
    ),
    "NUL character": (
        'en = "The Internal Security Attaché"',
        'en = "The Internal Security\\u0000 Attaché"',
        "\\u0000",
        "(sections[2].roles[1].title.en)",
        "Null characters are not allowed.",
    ),
    "items a kind does not list": (
        'kind = "text"',
        'kind = "text"\nroles = []',
        "roles = []",
        "(sections[1].roles)",
        "a text section lists no roles",
    ),
}


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_its_line_and_reason_and_changes_nothing(ssi, tmp_path, bad):
    old, new, marker, path, reason = bad
    text = export(BELGRADE).replace(old, new, 1)
    before = database_state(ssi)
    with pytest.raises(CommandError) as refused:
        import_text(tmp_path, text)
    message = str(refused.value)
    assert message.startswith(f"page.toml, line {line_with(text, marker)}")
    assert path in message or path == "(the file)"
    assert reason in message
    assert message.endswith("Rien n’a été modifié.")  # commands speak the site's default language
    assert database_state(ssi) == before


def test_a_file_whose_addresses_belong_to_two_services_is_refused(ssi, tmp_path):
    Service.objects.create(name_fr="Autre", slug_fr="autre", slug_en=BELGRADE + "-en")
    text = export(BELGRADE).replace('en = "internal-security-service"', f'en = "{BELGRADE}-en"')
    with pytest.raises(CommandError, match=r"line 11 \(service.slug\): these addresses belong to two services"):
        import_text(tmp_path, text)


# Where a key is in the file


def test_the_line_of_each_value_in_an_exported_file_is_the_line_of_its_key(db):
    every_kind_page()
    text = export("bureau-regional")
    lines, rows = key_lines(text), text.splitlines()
    for path in texts(tomllib.loads(text)):
        row = rows[line_of(lines, path) - 1]
        assert row.startswith(f"{path[-1]} =") or f" {path[-1]} = " in row, (dotted(path), row)


def test_the_line_of_keys_in_a_hand_written_file(content):
    text = CONTENT_PATH.read_text(encoding="utf-8")
    lines = key_lines(text)
    assert line_of(lines, ("sections", 1, "roles", 1, "title", "fr")) == line_with(text, 'fr = "Officier de liaison"')
    assert line_of(lines, ("sections", 5, "contacts", 0, "phones", 0)) == line_with(text, "[[sections.contacts.phones]]")
    assert line_of(lines, ("sections", 5, "contacts", 0, "colour")) == line_with(text, "[[sections.contacts]]")
    assert line_of(lines, ("old_addresses", "/Sluzba-za-unutrasnju-bezbednost-4101")) == line_with(text, "/Sluzba-")


def test_the_line_of_keys_in_inline_tables_dotted_keys_and_strings_that_look_like_keys():
    text = "\n".join(
        [
            "# [[sections]]",  # 1
            "[service]",  # 2
            "name.fr = 'Nom'",  # 3
            "'quoted key' = 1",  # 4
            "[[sections]]",  # 5
            'body = { fr = """',  # 6
            "[[sections]]",  # 7
            'kind = "x" """, en = "y" }',  # 8
            "[[sections]]",  # 9
            "roles = [",  # 10
            "    { title = { fr = 'a' } },",  # 11
            '    { title = { fr = "b]}" }, is_head = true },',  # 12
            "]",  # 13
            "[[sections]]",  # 14
            "[[sections.roles]]",  # 15
            "[sections.roles.title]",  # 16
            "nl = '''x'''",  # 17
        ]
    )
    tomllib.loads(text)
    lines = key_lines(text)
    assert line_of(lines, ("service", "name", "fr")) == 3
    assert line_of(lines, ("service", "quoted key")) == 4
    assert line_of(lines, ("sections", 0, "body", "en")) == 8
    assert line_of(lines, ("sections", 1)) == 9
    assert line_of(lines, ("sections", 1, "roles", 1, "is_head")) == 12
    assert line_of(lines, ("sections", 2, "roles", 0, "title", "nl")) == 17
    assert line_of(lines, ("sections", 2, "roles", 0, "title")) == 16
    assert line_of(lines, ("sections", 3)) == 5  # no such table: the first of the list
    assert dotted(("sections", 0, "roles", 1, "title", "fr")) == "sections[1].roles[2].title.fr"


def test_load_content_refuses_a_bad_file_with_its_line(db, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[service]\nacronym = "X"\n\n[service.name]\nfr = "Service"\n\n[service.slug]\nfr = "x"\n\n[[sections]]\nkind = "poem"')
    before = Service.objects.count()
    with pytest.raises(CommandError, match=r"bad.toml, line 11 \(sections\[1\].kind\): unknown section kind “poem”"):
        call_command("load_content", str(path), stdout=io.StringIO())
    assert Service.objects.count() == before


def test_the_street_and_region_have_a_text_in_each_language_and_older_files_give_them_in_the_source_language(ssi, tmp_path):
    exported = export(BELGRADE)
    contact = tomllib.loads(exported)["sections"][-1]["contacts"][0]
    assert contact["street"] == {"fr": "Pariska 11", "sr-latn": "Pariska 11", "en": "Pariska 11"}

    # A file written before the street was translated gives it as plain text: the page's source language's.
    older = exported.replace('[sections.contacts.street]\nfr = "Pariska 11"\nsr-latn = "Pariska 11"\nen = "Pariska 11"\n', "")
    older = older.replace('postal_code = "11 000"\n', 'street = "Knez Mihailova 1"\npostal_code = "11 000"\nregion = "Grad Beograd"\n')
    assert older != exported and tomllib.loads(older)
    import_text(tmp_path, older)
    contact = ContactPoint.objects.get(service=ssi)
    assert (contact.street_fr, contact.street_sr_latn, contact.street_en) == ("Knez Mihailova 1", None, None)
    assert contact.region_fr == "Grad Beograd"
