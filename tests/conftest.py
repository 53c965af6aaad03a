import os
import tomllib
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.utils import translation
from django.utils.functional import empty

from security_service.models import Service

from .servers import Deployment

# The page as published on the SPIP site, copied from the design folder: the reference the French page is checked against.
SEED_PATH = Path(__file__).resolve().parent / "seed" / "ssi-belgrade.fr.txt"
CONTENT_PATH = Path(__file__).resolve().parents[1] / "security_service" / "content" / "ssi-belgrade.toml"
PASSWORD = "a-long-editor-password-1"


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
def empty_storage():
    """Each test starts with an empty (in-memory) media storage, made anew as Django does when STORAGES changes."""
    storages._storages.pop("default", None)
    default_storage._wrapped = empty
    yield


@pytest.fixture
def content():
    """The Belgrade SSI content file, as parsed data."""
    return tomllib.loads(CONTENT_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def ssi(db):
    call_command("load_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Service.objects.get(acronym="SSI")


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def editor_client(client, editor):
    """A client logged in through the real login form, as a person would."""
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302, "the editor could not log in"
    return client


@pytest.fixture
def deploy(tmp_path):
    """`deploy(redis_db=None, **variables)`: the production deployment of tests/servers.py, on a fresh PostgreSQL database.

    Its servers are stopped and its databases dropped after the test; skipped where PostgreSQL (or Redis) does not run.
    """
    deployments = []

    def new(redis_db=None, **variables):
        deployments.append(Deployment(tmp_path / f"deployment-{len(deployments)}", redis_db=redis_db, **variables))
        return deployments[-1]

    yield new
    for deployment in deployments:
        deployment.close()
