"""The app's migrations run backwards and forwards on the test database (SQLite or PostgreSQL, as the run uses).

Transactional tests: the schema really changes. Data is loaded only before the steps back that keep its tables
(0004 → 0003 brings back a column of publications); going back to zero drops every table of the app, and its data with it.
"""

import datetime
import io
import zoneinfo
from importlib import import_module

import pytest
import reversion
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Version

from security_service.models import AccessibilityStatement, ContactPoint, Publication, Service, StaffRole
from security_service.publishing import publish

from .html import visible_text
from .test_public_page import PAGES

APP = "security_service"


def migrate(*target):
    call_command("migrate", APP, *target, verbosity=0, stdout=io.StringIO())


def app_tables():
    tables = set(connection.introspection.table_names())
    return {model._meta.db_table for model in apps.get_app_config(APP).get_models()} & tables


def columns(table):
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def applied():
    return {name for app, name in MigrationExecutor(connection).loader.applied_migrations if app == APP}


def load_content_older_schemas_hold():
    """The seed, with its street in the page's source language only: before 0010 a street had one text for every
    language, which going back keeps (tests of a step back and forth past 0010 read the same pages)."""
    call_command("load_content", stdout=io.StringIO())
    ContactPoint.objects.update(**{f"street_{lang}": None for lang in ("sr_latn", "sr", "en")})
    publish(Service.objects.get(acronym="SSI"))
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_app_migrates_back_to_zero_and_forward_again(client):
    every_table = {model._meta.db_table for model in apps.get_app_config(APP).get_models()}
    assert app_tables() == every_table
    migrate("zero")
    assert not app_tables()
    assert not applied()
    migrate()
    assert app_tables() == every_table
    assert applied() == {
        "0001_initial",
        "0002_accessibility_statement",
        "0003_publication_rendered",
        "0004_one_published_copy",
        "0005_sections",
        "0006_every_supported_language",
        "0007_page_shapes",
        "0008_source_language",
        "0009_audit_deletions",
        "0010_contact_address_in_every_language",
        "0011_publication_date_without_time",
        "0012_statement_marks_french_address",
    }
    # The schema is whole again: the content loads, publishes and shows.
    call_command("load_content", stdout=io.StringIO())
    assert "Internal Security Service" in visible_text(client.get(PAGES["en"]).content.decode())


@pytest.mark.django_db(transaction=True)
def test_published_content_survives_a_step_back_and_forward(client):
    call_command("load_content", stdout=io.StringIO())
    publication_table = Publication._meta.db_table
    assert "rendered" not in columns(publication_table)  # pages are no longer stored with their publication

    migrate("0003")
    assert "rendered" in columns(publication_table)
    assert applied() == {"0001_initial", "0002_accessibility_statement", "0003_publication_rendered"}
    migrate()
    assert "rendered" not in columns(publication_table)

    assert Service.objects.get(acronym="SSI").missions.count() == 1
    for lang, url in PAGES.items():
        assert client.get(url).status_code == 200, lang
    assert "Service de sécurité intérieure" in visible_text(client.get(PAGES["fr"]).content.decode())


@pytest.mark.django_db(transaction=True)
def test_live_pages_sharing_an_address_keep_it_for_the_latest_publication_only():
    """0004 makes a live address unique per language: pages that shared one (it answered 500) are sorted out first."""
    call_command("load_content", stdout=io.StringIO())
    migrate("0003")
    old = MigrationExecutor(connection).loader.project_state((APP, "0003_publication_rendered")).apps
    publications, services = old.get_model(APP, "Publication"), old.get_model(APP, "Service")
    first = publications.objects.get()
    other = services.objects.create(name_fr="Section consulaire", slug_fr="section-consulaire", intro_fr="Visas.", position=2)
    publications.objects.create(
        service=other,
        slug_fr=first.slug_fr,
        snapshot=first.snapshot,
        last_modified=first.last_modified,
        published_at=first.published_at + datetime.timedelta(days=1),
        edit_version=1,
    )
    migrate()
    assert list(Publication.objects.filter(is_live=True).values_list("service__slug_fr", flat=True)) == ["section-consulaire"]
    assert Publication.objects.filter(is_live=False).get().service.acronym == "SSI"


@pytest.mark.django_db
def test_the_models_have_no_change_left_without_a_migration():
    call_command("makemigrations", APP, "--check", "--dry-run", verbosity=0, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_sections_move_back_to_their_fixed_places_and_forward_again_and_the_pages_read_the_same(client):
    """0005 makes a page an ordered list of sections: going back puts each text where it was, coming back rebuilds them."""
    load_content_older_schemas_hold()
    before = {lang: visible_text(client.get(url).content.decode()) for lang, url in PAGES.items()}
    ssi = Service.objects.get(acronym="SSI")
    kinds = list(ssi.sections.values_list("kind", flat=True))
    assert kinds == ["text", "roles", "missions", "directorate", "links", "contact"]

    migrate("0004")
    old = MigrationExecutor(connection).loader.project_state((APP, "0004_one_published_copy")).apps
    service = old.get_model(APP, "Service").objects.select_related("directorate").get(pk=ssi.pk)
    assert service.intro_fr.startswith("Le poste de chef du service de Sécurité intérieure")
    assert service.intro_en.startswith("The post of head of the Internal Security Service")
    assert service.missions_heading_fr == "Les missions du service de Sécurité intérieure (SSI)"
    assert service.directorate.acronym == "DCI"
    assert service.directorate.section_heading_fr.startswith("Un service qui relève de la direction")
    snapshot = old.get_model(APP, "Publication").objects.get(service_id=ssi.pk).snapshot
    assert snapshot["format"] == 3
    assert not [item for item in snapshot["objects"] if item["model"] == f"{APP}.section"]
    fields = next(item for item in snapshot["objects"] if item["model"] == f"{APP}.service")["fields"]
    assert fields["intro_sr_latn"].startswith("Dužnost šefa Službe")

    migrate()
    ssi = Service.objects.get(pk=ssi.pk)
    assert list(ssi.sections.values_list("kind", flat=True)) == kinds
    assert ssi.sections.get(kind="missions").heading_en == "Missions of the Internal Security Service (SSI)"
    assert ssi.missions.get().section.kind == "missions"
    cache.clear()
    for lang, url in PAGES.items():
        assert visible_text(client.get(url).content.decode()) == before[lang], lang


@pytest.mark.django_db(transaction=True)
def test_roles_without_a_text_stay_unlisted_across_0007_in_rows_publications_and_versions(client):
    """Until 0007 a role without a description was not shown: migrating keeps it so, and every page reads the same."""
    load_content_older_schemas_hold()
    before = {lang: visible_text(client.get(url).content.decode()) for lang, url in PAGES.items()}
    ssi = Service.objects.get(acronym="SSI")

    migrate("0006")
    assert "listed" not in columns("security_service_staffrole")
    snapshot = Publication.objects.values_list("snapshot", flat=True).get(service_id=ssi.pk)
    assert not [item for item in snapshot["objects"] if "listed" in item["fields"]]

    migrate()
    listed = dict(StaffRole.objects.filter(service=ssi).values_list("title_fr", "listed"))
    assert listed == {"L’attaché de Sécurité intérieure": True, "Officier de liaison": False, "Assistante-interprète": False}
    snapshot = Publication.objects.get(service_id=ssi.pk).snapshot
    roles = {item["fields"]["title_fr"]: item["fields"]["listed"] for item in snapshot["objects"] if item["model"] == f"{APP}.staffrole"}
    assert roles == listed
    for version in Version.objects.get_for_model(StaffRole):
        assert version.field_dict["listed"] is listed[version.field_dict["title_fr"]]
    cache.clear()
    for lang, url in PAGES.items():
        assert visible_text(client.get(url).content.decode()) == before[lang], lang


STATEMENT_MARKS = import_module("security_service.migrations.0012_statement_marks_french_address")


def test_the_statement_as_first_written_gets_its_french_address_marked_and_unmarked_going_back(ssi):
    marked = AccessibilityStatement.objects.values("body_fr", "body_sr_latn", "body_en").get()  # the seed, marked already
    STATEMENT_MARKS.unmark_french(apps, None)
    unmarked = AccessibilityStatement.objects.values("body_fr", "body_sr_latn", "body_en").get()
    assert unmarked["body_fr"] == marked["body_fr"]
    assert "{lang=fr}" not in unmarked["body_sr_latn"] + unmarked["body_en"]
    assert "na adresu Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07, Francuska." in unmarked["body_sr_latn"]
    for _twice in range(2):
        STATEMENT_MARKS.mark_french(apps, None)
        assert AccessibilityStatement.objects.values("body_fr", "body_sr_latn", "body_en").get() == marked


def test_a_statement_staff_rewrote_is_left_as_they_wrote_it(ssi):
    AccessibilityStatement.objects.update(body_en="Write to the Défenseur des droits (France).")
    STATEMENT_MARKS.mark_french(apps, None)
    assert AccessibilityStatement.objects.get().body_en == "Write to the Défenseur des droits (France)."


@pytest.mark.django_db(transaction=True)
def test_the_street_and_region_move_to_their_source_language_column_across_0010_and_back(client):
    """Until 0010 a contact point's street and region had one text for every language: migrating puts it in the page's
    source language, in the rows, the publications' snapshots and the versions, and every page reads the same."""
    call_command("load_content", stdout=io.StringIO())
    ssi = Service.objects.get(acronym="SSI")
    # The page as it was before 0010: one street for every language, the source language's.
    blank = {f"street_{lang}": None for lang in ("sr_latn", "sr", "en")}
    ContactPoint.objects.filter(service=ssi).update(**blank, region_fr="Grad Beograd")
    with reversion.create_revision():
        reversion.add_to_revision(ContactPoint.objects.get(service=ssi))
    publish(ssi)
    cache.clear()
    before = {lang: visible_text(client.get(url).content.decode()) for lang, url in PAGES.items()}
    assert "Pariska 11" in before["sr"] and "Grad Beograd" in before["en"]

    migrate("0009")
    assert not {"street_fr", "region_fr"} & columns("security_service_contactpoint")
    old = MigrationExecutor(connection).loader.project_state((APP, "0009_audit_deletions")).apps
    contact = old.get_model(APP, "ContactPoint").objects.get(service_id=ssi.pk)
    assert (contact.street, contact.region) == ("Pariska 11", "Grad Beograd")
    snapshot = Publication.objects.values_list("snapshot", flat=True).get(service_id=ssi.pk)
    fields = next(item["fields"] for item in snapshot["objects"] if item["model"] == f"{APP}.contactpoint")
    assert (fields["street"], fields["region"]) == ("Pariska 11", "Grad Beograd")
    assert not [name for name in fields if name.startswith(("street_", "region_"))]

    migrate()
    contact = ContactPoint.objects.get(service=ssi)
    assert (contact.street_fr, contact.street_sr_latn, contact.region_fr) == ("Pariska 11", None, "Grad Beograd")
    snapshot = Publication.objects.get(service_id=ssi.pk).snapshot
    item = next(item for item in snapshot["objects"] if item["model"] == f"{APP}.contactpoint")
    assert (item["fields"]["street_fr"], item["fields"]["region_fr"]) == ("Pariska 11", "Grad Beograd")
    assert "street" not in item["fields"] and "street" in item["fallback"]["en"]
    version = Version.objects.get_for_model(ContactPoint).first()
    assert (version.field_dict["street_fr"], version.field_dict["region_fr"]) == ("Pariska 11", "Grad Beograd")
    cache.clear()
    for lang, url in PAGES.items():
        assert visible_text(client.get(url).content.decode()) == before[lang], lang


@pytest.mark.django_db(transaction=True)
def test_a_publication_dated_by_a_day_keeps_its_day_and_loses_its_invented_time_across_0011_and_back(client):
    """Until 0011 a page loaded with a date only was given 12:00 of that day: migrating keeps the day and drops the
    made-up time; a time that was really known stays; going back gives a day without a time 12:00 again."""
    call_command("load_content", stdout=io.StringIO())
    ssi = Service.objects.get(acronym="SSI")
    assert (ssi.publication.modified_on, ssi.publication.last_modified) == (datetime.date(2020, 6, 5), None)

    migrate("0010")
    assert "modified_on" not in columns(Publication._meta.db_table)
    old = MigrationExecutor(connection).loader.project_state((APP, "0010_contact_address_in_every_language")).apps
    publications = old.get_model(APP, "Publication").objects
    belgrade = zoneinfo.ZoneInfo("Europe/Belgrade")
    assert publications.get().last_modified == datetime.datetime(2020, 6, 5, 12, tzinfo=belgrade)
    migrate()
    publication = Publication.objects.get()
    assert (publication.modified_on, publication.last_modified) == (datetime.date(2020, 6, 5), None)
    cache.clear()
    assert '<time datetime="2020-06-05">05/06/2020</time>' in client.get(PAGES["fr"]).content.decode()

    # A time that was known (a publication made in the admin) is kept, both ways; its day is the site's.
    known = datetime.datetime(2024, 3, 1, 23, 42, 7, 123456, tzinfo=datetime.UTC)
    migrate("0010")
    publications.update(last_modified=known)
    migrate()
    publication = Publication.objects.get()
    assert (publication.modified_on, publication.last_modified) == (datetime.date(2024, 3, 2), known)  # 00:42 in Belgrade
    migrate("0010")
    assert publications.get().last_modified == known
    migrate()
