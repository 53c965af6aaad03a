"""`backup` and `restore`: a site in use, backed up, comes back whole on an empty database of another server."""

import io

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import override_settings
from reversion.models import Revision, Version

from security_service.management.commands.backup import storage_files
from security_service.models import AccessibilityStatement, AuditEvent, Link, LinkGroup, Mission, Picture, Publication, Section, Service
from security_service.publishing import publish, restore
from security_service.roles import EDITORS, sync_groups, translator_group_name

from .admin_forms import change_form, page_field, save
from .conftest import PASSWORD
from .factories import section, small_page, small_service
from .test_illustrations import jpeg
from .test_images import encode, picture
from .test_page_shapes import PDF
from .test_public_page import PAGES

# What a backup leaves out, said in the README: sessions (everyone logs in again) and login throttling's records
# (a lockout does not outlive a restoration); content types and permissions are made by `migrate`, matched by name.
NOT_KEPT = {"sessions", "axes", "contenttypes"}
SECOND_PAGE = "/fr/section-consulaire/"
OLD_ADDRESS = "/spip.php?article4200"


def every_row():
    """{table: rows} of every table a backup holds, each column as the database stores it (read with SQL, not the ORM);
    ids of content types and permissions, this database's own, replaced by their natural keys."""
    natural = {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.all()},
        Permission: {p.pk: p.natural_key() for p in Permission.objects.select_related("content_type")},
    }
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.app_label in NOT_KEPT or model is Permission:
                continue
            mapped = {f.column: natural[f.related_model] for f in model._meta.concrete_fields if f.related_model in natural}
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - the app's table names
            columns = [column[0] for column in cursor.description]
            rows = []
            for values in cursor.fetchall():
                row = dict(zip(columns, values, strict=True))
                for column, keys in mapped.items():
                    row[column] = keys.get(row[column], row[column])
                if model._meta.auto_created:  # a many-to-many table: its own ids mean nothing
                    del row["id"]
                rows.append(row)
            tables[model._meta.db_table] = sorted(rows, key=repr)
    return tables


def difference(before, after):
    """What changed in a table: its number of rows, or the columns whose values differ (rows in the same order)."""
    if len(before) != len(after):
        return f"{len(before)} rows backed up, {len(after)} restored"
    changes = [
        (column, old[column], new[column]) for old, new in zip(before, after, strict=True) for column in old if old[column] != new[column]
    ]
    column, old, new = changes[0]
    return f"columns {sorted({change[0] for change in changes})} differ, such as {column}: {old!r} become {new!r}"


def every_file():
    return {name: default_storage.open(name).read() for name in storage_files(default_storage)} if default_storage.exists("") else {}


def pages(client):
    """What visitors read: every language of both pages, the statement, the home pages."""
    paths = [*PAGES.values(), SECOND_PAGE, "/fr/accessibilite/", "/en/accessibility/", "/fr/", "/sr/"]
    return {path: (response.status_code, response.content) for path in paths if (response := client.get(path))}


def a_site_in_use(editor_client, ssi, editor):
    """The seed as staff would have it after months of use: everything a backup must bring back, of every kind."""
    # The domain staff typed in by hand when "View on site" led to example.com (`migrate` now sets it from SITE_URL).
    site = Site.objects.get_current()
    site.domain = site.name = "testserver"
    site.save()
    # Accounts: a gap in the ids (a departed colleague), a translator, one with a permission of their own, a custom group.
    User.objects.create_user("departed", password="a-long-password-of-old-1").delete()
    translator = User.objects.create_user("milica", "milica@example.org", "a-long-translator-password-1", is_staff=True)
    translator.groups.add(Group.objects.get(name=translator_group_name("sr-latn")))
    auditor = User.objects.create_user("auditeur", password="a-long-auditor-password-1", is_staff=True, first_name="Anne")
    auditors = Group.objects.create(name="Auditeurs")
    auditors.permissions.add(Permission.objects.get(codename="view_auditevent"), Permission.objects.get(codename="view_logentry"))
    auditor.groups.add(auditors)
    auditor.user_permissions.add(Permission.objects.get(codename="view_redirect"))

    # The page edited in the admin: an illustration (a version, a log entry, a publication, an audit event), a mission
    # changed, then a version restored.
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_en")] = "The attaché's missions, rewritten."
    data.update({"image_alt_fr": "La façade", "image_alt_en": "The front", "image_alt_sr_latn": "Fasada"})
    data["image"] = SimpleUploadedFile("facade.jpg", jpeg(size=(900, 600)), "image/jpeg")
    save(editor_client, url, data)
    url, data = change_form(editor_client, ssi)
    data[page_field(data, "missions-0-body_en")] = "A text regretted at once."
    save(editor_client, url, data, publish=False)
    restore(Version.objects.get_for_object(ssi)[1], user=editor)

    # A second page with a section and an item of every kind, in three languages, two pictures and a document.
    service = small_page(name_en="Consular section", slug_en="consular-section", name_sr_latn="Konzularno odeljenje")
    service.sections.filter(kind="text").update(body_en="The consular section.", body_sr_latn="Konzularno odeljenje.")
    section(service, "notice", heading_fr="Fermeture", body_fr="Fermé le 14 juillet.", body_en="Closed on 14 July.")
    images = section(service, "images", body_fr="La salle d’attente.", body_en="The waiting room.")
    for position, image_format in enumerate(("png", "webp"), start=1):
        upload = SimpleUploadedFile(f"photo{position}.{image_format}", encode(picture(), image_format.upper()), f"image/{image_format}")
        Picture.objects.create(service=service, section=images, image=upload, image_alt_fr=f"Photo {position}", position=position)
    group = LinkGroup.objects.get(service=service)
    document = SimpleUploadedFile("formulaire.pdf", PDF)
    Link.objects.create(service=service, group=group, label_fr="Le formulaire", label_en="The form", document=document)
    publish(service, user=editor)

    # Old addresses and the statement, as staff left them in the admin.
    response = editor_client.post("/admin/redirects/redirect/add/", {"site": site.pk, "old_path": OLD_ADDRESS, "new_path": SECOND_PAGE})
    assert response.status_code == 302
    statement = AccessibilityStatement.objects.current()
    statement.status, statement.body_en = AccessibilityStatement.Status.PARTIAL, "## Audit\n\nPartially compliant after the 2025 audit."
    statement.save()
    editor_client.post("/admin/logout/")
    editor_client.post("/admin/login/", {"username": "milica", "password": "a mistyped password"})


def counts():
    models = (
        *(Service, Section, Mission, Picture, Link, Publication, AccessibilityStatement, Redirect),
        *(User, Group, Revision, Version, AuditEvent, LogEntry),
    )
    return {model._meta.label: model.objects.count() for model in models}


def an_empty_database_of_another_server():
    """What `migrate` makes on a new server: no content, and content types and permissions under ids of its own."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()
    # Ids the backup's server gave to its own content types (and so to permissions) are taken here by others, then gone.
    ContentType.objects.bulk_create(ContentType(app_label="elsewhere", model=f"model{number}") for number in range(50))
    ContentType.objects.filter(app_label="elsewhere").delete()
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    # Its groups were made in another order: the ids of the backup's groups are other groups' here.
    Group.objects.all().delete()
    Group.objects.create(name="Made here first")
    sync_groups()
    for name in every_file():
        default_storage.delete(name)


@pytest.mark.django_db(transaction=True)  # `flush` cannot run inside the test's transaction on PostgreSQL
def test_backup_then_restore_into_an_empty_database_of_another_server_loses_nothing(client, editor_client, editor, ssi, tmp_path):
    a_site_in_use(editor_client, ssi, editor)
    rows, files, shown, figures = every_row(), every_file(), pages(client), counts()
    assert all(figures.values()), f"a kind of record the round trip should check is missing: {figures}"
    assert len(files) == 3 * 5 + 1  # three images, each with its four renditions, and a PDF

    service_type = ContentType.objects.get_for_model(Service).pk
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    an_empty_database_of_another_server()
    assert (Service.objects.count(), User.objects.count(), every_file()) == (0, 0, {})
    assert ContentType.objects.get_for_model(Service).pk != service_type

    call_command("restore", str(archive), stdout=io.StringIO())
    restored = every_row()
    changed = {table: difference(before, restored[table]) for table, before in rows.items() if restored[table] != before}
    assert not changed, f"tables not as they were backed up: {changed}"
    assert every_file() == files
    assert pages(client) == shown
    assert counts() == figures

    # Old addresses still answer, everyone logs in with their password, and new rows take new ids.
    assert client.get(OLD_ADDRESS)["Location"] == SECOND_PAGE
    assert client.get("/Service-de-securite-interieure-4100")["Location"] == PAGES["fr"]
    for username, password in (("editor", PASSWORD), ("milica", "a-long-translator-password-1")):
        assert client.post("/admin/login/", {"username": username, "password": password}).status_code == 302, username
    assert LogEntry.objects.filter(user__username="editor").count() == figures["admin.LogEntry"]
    User.objects.create_user("newcomer")
    Redirect.objects.create(site_id=Site.objects.get_current().pk, old_path="/new", new_path=SECOND_PAGE)


@pytest.mark.django_db(transaction=True)
def test_restored_on_a_server_at_another_address_the_site_takes_that_address_and_keeps_its_redirects_and_statement(client, ssi, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    an_empty_database_of_another_server()
    with override_settings(SITE_URL="https://www.ambafrance-rs.example"):
        call_command("restore", str(archive), stdout=io.StringIO())
        assert list(Site.objects.values_list("pk", "domain")) == [(1, "www.ambafrance-rs.example")]
        assert client.get("/Service-de-securite-interieure-4100")["Location"] == PAGES["fr"]
        assert Redirect.objects.filter(site_id=1).count() == 2
        assert AccessibilityStatement.objects.current() is not None
        assert "Voies de recours" in client.get("/fr/accessibilite/").content.decode()


def test_restore_refuses_a_database_that_holds_services(ssi, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    try:
        call_command("restore", str(archive), stdout=io.StringIO())
    except Exception as exc:  # noqa: BLE001
        assert "contient déjà des services" in str(exc)
    else:
        raise AssertionError("restore wrote over existing content")
    assert Service.objects.get().name_fr == "Service de sécurité intérieure"


def test_restore_force_brings_the_backup_back_over_a_database_in_use_and_keeps_the_rows_the_backup_lacks(ssi, tmp_path):
    """`restore --force`: into a database that holds services, each row of the backup replaces the row of its id; rows
    made since are kept, but the groups are the backup's, and an account made since loses its groups; media files
    of the backup replace those of the same name, others stay."""
    default_storage.save("illustrations/before.txt", io.BytesIO(b"backed up"))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    Service.objects.filter(pk=ssi.pk).update(name_fr="Renommé après la sauvegarde")
    later = small_service("Section consulaire", "section-consulaire")
    Group.objects.create(name="Made after the backup")
    newcomer = User.objects.create_user("newcomer", password="a-long-newcomer-password-1")
    newcomer.groups.add(Group.objects.get(name=EDITORS))
    default_storage.delete("illustrations/before.txt")
    default_storage.save("illustrations/before.txt", io.BytesIO(b"changed since"))
    default_storage.save("illustrations/after.txt", io.BytesIO(b"made since"))

    out = io.StringIO()
    call_command("restore", "--force", str(archive), stdout=out)
    assert f"restored {archive}" in out.getvalue()
    assert Service.objects.get(pk=ssi.pk).name_fr == "Service de sécurité intérieure"
    assert Service.objects.filter(pk=later.pk).exists()
    assert not Group.objects.filter(name="Made after the backup").exists()
    assert Group.objects.filter(name=EDITORS).exists()
    assert list(User.objects.get(username="newcomer").groups.all()) == []
    assert default_storage.open("illustrations/before.txt").read() == b"backed up"
    assert default_storage.open("illustrations/after.txt").read() == b"made since"


def test_restore_force_refuses_a_backup_whose_rows_collide_with_rows_kept_and_changes_nothing(ssi, tmp_path):
    User.objects.create_user("alice", password="a-long-alice-password-1")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    User.objects.filter(username="alice").update(username="alice-renamed")
    User.objects.create_user("alice", password="another-alice-password-2")  # the backup's username under another id
    Service.objects.filter(pk=ssi.pk).update(name_fr="Renommé après la sauvegarde")
    with pytest.raises(CommandError, match=r"(?s)auth\.User\(pk=\d+\).*username"):
        call_command("restore", "--force", str(archive), stdout=io.StringIO())
    assert Service.objects.get(pk=ssi.pk).name_fr == "Renommé après la sauvegarde"
    assert sorted(User.objects.values_list("username", flat=True)) == ["alice", "alice-renamed"]
