import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from security_service.validators import MAX_DOCUMENT_BYTES

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env):
    """`manage.py check` with the site's own settings and exactly this environment."""
    clean = {
        key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SECRET_KEY and ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "www.example.org"}, "SECRET_KEY"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "www.example.org"}, "SECRET_KEY"),
    ],
)
def test_without_debug_a_missing_secret_stops_the_site_with_a_clear_message(env, missing):
    result = run_check(**env)
    assert result.returncode != 0
    assert f"DEBUG is off, so {missing} must be set in the environment" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_runs_without_a_secret_and_production_runs_with_one():
    assert run_check(DEBUG="1").returncode == 0
    assert run_check(SECRET_KEY="x" * 50, ALLOWED_HOSTS="www.example.org").returncode == 0


def test_database_and_cache_come_from_the_environment():
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.CACHES['default']['BACKEND'], s.DEBUG)"
    )
    common = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "DJANGO_SETTINGS_MODULE": "embassy_site.settings.site"}
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "DEBUG")}

    def read(**extra):
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            cwd=ROOT,
            env={**env, **common, **extra},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.split()

    assert read() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3"), "django.core.cache.backends.locmem.LocMemCache", "False"]
    assert read(DATABASE_URL="postgres://postgres@127.0.0.1:5432/embassy", REDIS_URL="redis://127.0.0.1:6379/1") == [
        "django.db.backends.postgresql",
        "embassy",
        "django.core.cache.backends.redis.RedisCache",
        "False",
    ]


def test_the_documented_proxy_lets_the_largest_upload_through():
    """nginx refuses a request body over client_max_body_size (1 MB unless set) before the app sees it: a page form
    with one image and one document at their limits must pass, and a PO file at its limit."""
    config = (Path(__file__).resolve().parent.parent / "embassy_site" / "deploy" / "nginx.conf").read_text()
    size, unit = re.search(r"client_max_body_size (\d+)([km]?);", config).groups()
    allowed = int(size) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    assert allowed >= settings.IMAGE_MAX_BYTES + MAX_DOCUMENT_BYTES + 1024 * 1024
    assert allowed >= settings.PO_IMPORT_MAX_BYTES + 64 * 1024


def test_on_sqlite_a_write_waits_for_another_process_s_save_instead_of_failing(tmp_path, django_db_blocker):
    """A save that holds the file's write lock for longer than SQLite's default 5 s (a long page, an image) makes the
    second editor's save wait, through the site's own database options, instead of answering "database is locked"."""
    import sqlite3
    import threading

    from django.db.utils import ConnectionHandler

    path = tmp_path / "site.sqlite3"
    holder = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE saves (editor TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO saves VALUES ('first')")
    release = threading.Timer(6, holder.execute, ["COMMIT"])
    release.start()
    waiting = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": settings.SQLITE_OPTIONS}}
    )["default"]
    try:
        with django_db_blocker.unblock(), waiting.cursor() as cursor:
            cursor.execute("INSERT INTO saves VALUES ('second')")
            cursor.execute("SELECT editor FROM saves ORDER BY rowid")
            assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
    finally:
        release.join()
        waiting.close()
        holder.close()
