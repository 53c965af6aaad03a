import io
import os
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.functional import empty

from security_service.models import Service
from security_service.roles import EDITORS, translator_group_name

from .servers import Deployment, PreparedDeployment

# The page as published on the SPIP site, copied from the design folder: the reference the French page is checked against.
SEED_PATH = Path(__file__).resolve().parent / "seed" / "ssi-belgrade.fr.txt"
CONTENT_PATH = Path(__file__).resolve().parents[1] / "security_service" / "content" / "ssi-belgrade.toml"
PASSWORD = "a-long-editor-password-1"


# What the session's database fixture hands on to the hooks below: pytest-django's database blocker.
SESSION = {}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """The server tests run one after the other on one worker of pytest-xdist's loadgroup (pyproject.toml), and the
    browser tests on another; the two groups start first, and the other tests share the workers as they come free.

    The server tests mostly wait on the servers they start, and each worker that runs one prepares the production
    deployment (`prepared_deployment`) and launches Chromium (`browser`) once: with the groups, one worker each.
    """
    for item in items:
        for group in ("server", "browser"):
            if item.get_closest_marker(group):
                item.add_marker(pytest.mark.xdist_group(group))


def flushes_the_database(item):
    """Whether pytest-django runs `item` as a transactional test: one that empties the database at its end."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The seed is loaded again after a transactional test, once its teardown has flushed the database, for the tests
    that come after it (in any order: pytest-xdist may give a worker plain tests after transactional ones)."""
    yield
    if nextitem is not None and "blocker" in SESSION and flushes_the_database(item):
        with SESSION["blocker"].unblock():
            seeded_service()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With FAIL_ON_SKIP set (CI), a skipped test is a failed one: CI has everything the tests need."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("FAIL_ON_SKIP") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {report.longrepr}"


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in the site's default language, whatever a request of the test before activated."""
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page cached by another test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Content types as the database has them: a transactional test's flush makes them anew, with other ids."""
    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def empty_storage():
    """Each test starts with an empty (in-memory) media storage, made anew as Django does when STORAGES changes."""
    storages._storages.pop("default", None)
    default_storage._wrapped = empty
    yield


@pytest.fixture
def content():
    """The Belgrade SSI content file, as parsed data."""
    return tomllib.loads(CONTENT_PATH.read_text(encoding="utf-8"))


def seeded_service():
    """The Belgrade SSI service of the seed, loaded first if the database lacks it.

    The seed is loaded once for the session (`django_db_setup`), and each test's changes are rolled back; only a
    transactional test empties the database (it flushes it at its end), and the seed is loaded again after it
    (`pytest_runtest_teardown`).
    """
    service = Service.objects.filter(acronym="SSI").first()
    if service is None:
        ContentType.objects.clear_cache()  # a flush made the content types anew, with other ids
        call_command("load_content", stdout=io.StringIO())
        service = Service.objects.get(acronym="SSI")
    return service


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the Belgrade seed (security_service/content/) loaded once for the whole session.

    Every `db` test runs in a transaction rolled back at its end, so each one meets the seed as loaded.
    """
    with django_db_blocker.unblock():
        seeded_service()
    SESSION["blocker"] = django_db_blocker


@pytest.fixture
def ssi(db):
    """The seed's service: loaded for the session, and again after each transactional test emptied the database."""
    return seeded_service()


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def editor_client(client, editor):
    """A client logged in through the real login form, as a person would."""
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302, "the editor could not log in"
    return client


STAFF_PASSWORD = "a-long-staff-password-2"


def logged_in(username):
    """A client of its own logged in as `username`, so that a test can hold several staff members' sessions at once."""
    client = Client()
    assert client.post("/admin/login/", {"username": username, "password": STAFF_PASSWORD}).status_code == 302, username
    return client


@pytest.fixture
def translator(db, django_user_model):
    """A translator into Serbian (Latin script): a staff member of that translators' group only."""
    user = django_user_model.objects.create_user("prevodilac", password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=translator_group_name("sr-latn")))
    return user


@pytest.fixture
def translator_client(translator):
    return logged_in("prevodilac")


@pytest.fixture
def staff_editor(db, django_user_model):
    """An editor as the site makes them: a staff member of the Editors group, not a superuser."""
    user = django_user_model.objects.create_user("redactrice", password=STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def staff_editor_client(staff_editor):
    return logged_in("redactrice")


@pytest.fixture(scope="session")
def prepared_deployment(tmp_path_factory):
    """The README's production steps, run once (per test process): the database every deployment copies, and its static files."""
    prepared = PreparedDeployment(tmp_path_factory.mktemp("prepared-deployment"))
    yield prepared
    prepared.close()


@pytest.fixture
def deploy(tmp_path, prepared_deployment):
    """`deploy(redis=False, **variables)`: the production deployment of tests/servers.py, on a fresh PostgreSQL database.

    Its servers are stopped and its databases dropped after the test; skipped where PostgreSQL (or Redis) does not run.
    """
    deployments = []

    def new(redis=False, **variables):
        deployments.append(Deployment(tmp_path / f"deployment-{len(deployments)}", prepared_deployment, redis=redis, **variables))
        return deployments[-1]

    yield new
    for deployment in deployments:
        deployment.close()


@pytest.fixture(autouse=True, scope="session")
def plain_template_rendering(django_test_environment):
    """Templates render as on a server, without the test client's copy of each one's context.

    No test reads `response.context` or `response.templates`, and the copies cost a tenth of rendering the admin's
    change form (some 2,000 templates). A test that needs them can take Django's `setup_test_environment` back.
    """
    from django.template import Template
    from django.test.utils import _TestState

    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render  # what setup_test_environment replaced
    yield
    Template._render = instrumented
