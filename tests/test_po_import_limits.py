"""A PO import writes only draft texts the importer may change, checked as the admin checks them, from a whole file of
a bounded size, without overwriting a translation made since the export, in a number of queries that does not grow
with the file."""

import io

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from security_service.models import AccessibilityStatement, Directorate, Link, Mission, Publication, Section, Service, StaffRole
from security_service.po_files import export_po, import_po

from .factories import grow, small_page, small_service
from .html import visible_text
from .test_public_page import PAGES

IMPORT_URL = "/admin/security_service/service/import-po/"
PASSWORD = "a-long-translator-password-3"


def english_export(service):
    return export_po("en", [Service.objects.with_parts().get(pk=service.pk)])


def entry_for(po, obj, original):
    context = f"{obj._meta.label_lower}:{obj.pk}:{original}"
    return next(entry for entry in po if entry.msgctxt == context)


def run_command(text, tmp_path):
    """(what `import_content_po` wrote, the message of its CommandError or "") for a file holding `text`."""
    path = tmp_path / "import.po"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("import_content_po", str(path), stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def upload(client, text, name="service.en.po"):
    file = io.BytesIO(text.encode())
    file.name = name
    return client.post(IMPORT_URL, {"file": file})


def renamed(po, service, name="Internal Security Service of the Embassy"):
    """`po` with a new English name for the service: an entry that must still be imported beside a refused one."""
    entry_for(po, service, "name").msgstr = name
    return name


# Only what the export writes, only the drafts, only what the importer may change


def test_an_entry_naming_the_publication_changes_no_live_address(ssi, client, tmp_path):
    publication = Publication.objects.get(service=ssi)
    po = english_export(ssi)
    po.append(polib.POEntry(msgctxt=f"security_service.publication:{publication.pk}:slug", msgid=publication.slug_fr, msgstr="a/b"))
    name = renamed(po, ssi)
    _out, error = run_command(str(po), tmp_path)
    assert f"no such text on this site: security_service.publication:{publication.pk}:slug" in error
    publication.refresh_from_db()
    assert publication.slug_en == "internal-security-service"
    assert Service.objects.get(pk=ssi.pk).name_en == name  # the rest of the file is imported, into the draft
    with translation.override("en"):
        addresses = [reverse("security_service:service_list"), reverse("security_service:site_map"), "/sitemap.xml", PAGES["en"]]
    assert [client.get(address).status_code for address in addresses] == [200] * 4


def test_an_accessibility_statement_entry_is_reported_in_the_admin_not_a_500(editor_client, ssi):
    statement = AccessibilityStatement.objects.current()
    before = statement.body_en
    po = english_export(ssi)
    context = f"security_service.accessibilitystatement:{statement.pk}:body"
    po.append(polib.POEntry(msgctxt=context, msgid=statement.body_fr, msgstr="A statement rewritten by the file."))
    response = upload(editor_client, str(po))
    assert response.status_code == 200
    assert context in visible_text(response.content.decode())
    statement.refresh_from_db()
    assert statement.body_en == before


def test_a_user_who_may_not_change_directorates_imports_none(ssi, django_user_model):
    user = django_user_model.objects.create_user("partial", password=PASSWORD, is_staff=True)
    codenames = ["translate_en", "view_service", "change_service", "view_directorate"]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="security_service", codename__in=codenames))
    client = Client()
    assert client.post("/admin/login/", {"username": "partial", "password": PASSWORD}).status_code == 302
    directorate = Directorate.objects.get(sections__service=ssi)
    before = directorate.name_en
    po = english_export(ssi)
    entry_for(po, directorate, "name").msgstr = "A directorate renamed by someone who may not"
    name = renamed(po, ssi)
    response = upload(client, str(po))
    assert response.status_code == 200
    directorate.refresh_from_db()
    assert directorate.name_en == before
    assert Service.objects.get(pk=ssi.pk).name_en == name
    assert str(directorate) in visible_text(response.content.decode())  # named in the report


def test_the_command_never_writes_the_language_a_page_is_written_in(ssi, tmp_path):
    english = small_service("Consular section", "section-consulaire", source_language="en", name_en="Consular section")
    po = english_export(ssi)
    po.append(polib.POEntry(msgctxt=f"security_service.service:{english.pk}:name", msgid="Consular section", msgstr="Another name"))
    _out, error = run_command(str(po), tmp_path)
    assert "1 entries not imported" in error
    assert Service.objects.get(pk=english.pk).name_en == "Consular section"


# Every value checked as the admin checks it


def other_service_address():
    small_service(slug="section-consulaire", slug_en="consular-section")
    return "consular-section"


BAD_VALUES = {
    "an address with a slash": (lambda ssi: ssi, "slug", lambda: "internal/security"),
    "an address another service has": (lambda ssi: ssi, "slug", other_service_address),
    "an over-long heading": (lambda ssi: ssi.sections.get(kind=Section.Kind.MISSIONS), "heading", lambda: "x" * 301),
    "an over-long text": (lambda ssi: Mission.objects.get(service=ssi), "body", lambda: "x " * 5001),
    "a NUL character": (lambda ssi: StaffRole.objects.filter(service=ssi).first(), "title", lambda: "The attaché\x00"),
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_a_bad_value_is_refused_and_the_rest_of_the_file_imported(ssi, tmp_path, case):
    target, original, value = BAD_VALUES[case]
    obj = target(ssi)
    column = f"{original}_en"
    before = getattr(obj, column)
    po = english_export(ssi)
    entry_for(po, obj, original).msgstr = value()
    name = renamed(po, ssi)
    _out, error = run_command(str(po), tmp_path)
    assert "1 entries not imported" in error and "not imported, the value is refused" in error
    obj.refresh_from_db()
    assert getattr(obj, column) == before
    assert Service.objects.get(pk=ssi.pk).name_en == name


def test_two_services_given_the_same_address_by_one_file_are_not_both_written(ssi, tmp_path):
    other = small_service(slug="section-consulaire", name_en="Consular section")
    po = export_po("en", Service.objects.with_parts())
    entry_for(po, ssi, "slug").msgstr = "same-address"
    entry_for(po, other, "slug").msgstr = "same-address"
    _out, error = run_command(str(po), tmp_path)
    assert "not imported, the value is refused" in error
    assert Service.objects.filter(slug_en="same-address").count() == 1


def test_a_draft_its_model_already_refuses_for_another_field_still_takes_its_translation(ssi, tmp_path):
    link = ssi.links.first()
    Link.objects.filter(pk=link.pk).update(url="")  # neither an address nor a document: not the translation's doing
    po = english_export(ssi)
    entry_for(po, link, "label").msgstr = "Ministry of the Interior (France)"
    _out, error = run_command(str(po), tmp_path)
    assert error == ""
    link.refresh_from_db()
    assert link.label_en == "Ministry of the Interior (France)"


# A translation made since the export is not overwritten


def test_an_older_export_does_not_overwrite_a_translation_made_since(ssi, tmp_path):
    po = english_export(ssi)
    mission = Mission.objects.get(service=ssi)
    mission.body_en = "Revised on the site after the export."
    mission.save()
    entry_for(po, mission, "body").msgstr = "Revised in the old file."
    name = renamed(po, ssi)
    _out, error = run_command(str(po), tmp_path)
    assert "1 entries not imported" in error
    assert "the translation on the site changed since the export" in error
    mission.refresh_from_db()
    assert mission.body_en == "Revised on the site after the export."
    assert Service.objects.get(pk=ssi.pk).name_en == name


def test_an_entry_that_lost_its_export_checksum_replaces_no_translation(ssi, tmp_path):
    mission = Mission.objects.get(service=ssi)
    Mission.objects.filter(pk=mission.pk).update(body_en="")
    po = english_export(ssi)
    for entry in po:
        entry.comment = ""  # a tool that drops extracted comments
    entry_for(po, mission, "body").msgstr = "A first English text."
    renamed(po, ssi)
    _out, error = run_command(str(po), tmp_path)
    assert "the translation on the site changed since the export" in error
    assert Service.objects.get(pk=ssi.pk).name_en == "Internal Security Service"
    mission.refresh_from_db()
    assert mission.body_en == "A first English text."  # there was none to overwrite


def test_a_file_saved_again_by_a_translation_tool_keeps_what_the_import_checks(ssi, tmp_path):
    po = english_export(ssi)
    name = renamed(po, ssi)
    resaved = polib.pofile(str(po), wrapwidth=79)  # Poedit wraps long lines at 79 columns
    resaved.metadata["X-Generator"] = "Poedit 3.4.2"
    _out, error = run_command(resaved.__unicode__(), tmp_path)
    assert error == ""
    assert Service.objects.get(pk=ssi.pk).name_en == name


# The whole file, within limits


def cut_in_the_last_text(po):
    """The text of `po` cut short in the middle of its last translation, as a copy that stopped too early leaves it."""
    list(po)[-1].msgstr = "The embassy of France in Serbia, whose address is given below."
    text = str(po)
    return text[: text.rindex("whose address")]


def test_a_file_cut_short_in_a_text_is_refused_by_the_command(ssi, tmp_path):
    po = english_export(ssi)
    renamed(po, ssi)
    _out, error = run_command(cut_in_the_last_text(po), tmp_path)
    assert "Ce fichier a été coupé" in error  # the command speaks the site's default language
    assert Service.objects.get(pk=ssi.pk).name_en == "Internal Security Service"  # nothing of the file is imported


def test_a_file_cut_short_in_a_text_is_refused_by_the_admin(editor_client, ssi):
    contact = ssi.contact_points.first()
    before = contact.organisation_en
    response = upload(editor_client, cut_in_the_last_text(english_export(ssi)))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    contact.refresh_from_db()
    assert contact.organisation_en == before


def test_an_upload_naming_a_file_of_the_server_is_not_read_from_it(editor_client, ssi, tmp_path):
    po = english_export(ssi)
    renamed(po, ssi)
    path = tmp_path / "on-the-server.po"
    po.save(str(path))
    response = upload(editor_client, str(path))  # polib reads a string that is a file's path as that file
    assert "errorlist" in response.content.decode()
    assert Service.objects.get(pk=ssi.pk).name_en == "Internal Security Service"


@pytest.fixture
def small_limit(settings):
    settings.PO_IMPORT_MAX_BYTES = 50_000
    return settings.PO_IMPORT_MAX_BYTES


def oversized(ssi, limit):
    po = english_export(ssi)
    renamed(po, ssi)
    list(po)[0].tcomment = "x" * limit
    return str(po)


def test_a_file_over_the_limit_is_refused_by_the_command(ssi, tmp_path, small_limit):
    _out, error = run_command(oversized(ssi, small_limit), tmp_path)
    assert "Ce fichier dépasse" in error
    assert Service.objects.get(pk=ssi.pk).name_en == "Internal Security Service"


def test_a_file_over_the_limit_is_refused_by_the_admin(editor_client, ssi, small_limit):
    response = upload(editor_client, oversized(ssi, small_limit))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Service.objects.get(pk=ssi.pk).name_en == "Internal Security Service"


def test_the_limit_holds_the_belgrade_page_many_times_over(ssi):
    assert len(str(english_export(ssi)).encode()) * 50 < settings.PO_IMPORT_MAX_BYTES


def imported_queries(po):
    with CaptureQueriesContext(connection) as queries:
        import_po(polib.pofile(str(po)))
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_its_entries(db):
    service = small_page(published=True)
    counts = []
    for items in (5, 60):
        grow(service, items)
        po = english_export(service)
        for entry in po:
            entry.msgstr = f"{entry.msgid} (en)"
        counts.append((len(po), imported_queries(po), imported_queries(english_export(service))))  # all changed, then none
    (fewer, changing_fewer, confirming_fewer), (more, changing_more, confirming_more) = counts
    assert more > fewer + 300
    assert confirming_more == confirming_fewer
    # SQLite takes 999 parameters a query: the versions (and the texts) of a longer page are written in a few more.
    assert changing_more - changing_fewer < (more - fewer) / 20


def test_a_file_of_entries_naming_nothing_answers_in_a_few_queries(ssi):
    text = str(english_export(ssi))
    entries = []
    while len(text) + sum(map(len, entries)) < 1024 * 1024:
        entries.append(f'\nmsgctxt "security_service.section:{10**6 + len(entries)}:body"\nmsgid "Texte"\nmsgstr "Text"\n')
    with CaptureQueriesContext(connection) as queries:
        report = import_po(polib.pofile(text + "".join(entries)))
    assert len(report.errors) == len(entries) > 10_000
    assert len(queries) < 100  # a query per 999 entries on SQLite, which takes no more parameters (one on PostgreSQL)
