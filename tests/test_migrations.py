"""The app's migrations run backwards and forwards on the test database (SQLite or PostgreSQL, as the run uses).

Transactional tests: the schema really changes. Data is loaded only before the step back that keeps its tables
(0003 → 0002 drops a column of publications); going back to zero drops every table of the app, and its data with it.
"""

import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from security_service.models import Publication, Service

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


@pytest.fixture
def fresh_content_types():
    """The flush after a transactional test gives content types new ids: forget the ones cached before."""
    yield
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_the_app_migrates_back_to_zero_and_forward_again(fresh_content_types, client):
    every_table = {model._meta.db_table for model in apps.get_app_config(APP).get_models()}
    assert app_tables() == every_table
    migrate("zero")
    assert not app_tables()
    assert not applied()
    migrate()
    assert app_tables() == every_table
    assert applied() == {"0001_initial", "0002_accessibility_statement", "0003_publication_rendered"}
    # The schema is whole again: the content loads, publishes and shows.
    call_command("load_content", stdout=io.StringIO())
    assert "Internal Security Service" in visible_text(client.get(PAGES["en"]).content.decode())


@pytest.mark.django_db(transaction=True)
def test_published_content_survives_a_step_back_and_forward(fresh_content_types, client):
    call_command("load_content", stdout=io.StringIO())
    assert set(Publication.objects.get().rendered["pages"]) == set(PAGES)  # rendered on publishing
    publication_table = Publication._meta.db_table
    assert "rendered" in columns(publication_table)

    migrate("0002")
    assert "rendered" not in columns(publication_table)
    assert applied() == {"0001_initial", "0002_accessibility_statement"}
    migrate()
    assert "rendered" in columns(publication_table)

    # The pages stored with the publication went with the column: they are rendered again on the first visit.
    assert Publication.objects.get().rendered == {}
    assert Service.objects.get(acronym="SSI").missions.count() == 1
    for lang, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, lang
    assert "Service de sécurité intérieure" in visible_text(client.get(PAGES["fr"]).content.decode())
    assert set(Publication.objects.get().rendered["pages"]) == set(PAGES)


@pytest.mark.django_db
def test_the_models_have_no_change_left_without_a_migration():
    call_command("makemigrations", APP, "--check", "--dry-run", verbosity=0, stdout=io.StringIO())
