"""Two gunicorn instances on one PostgreSQL and one Redis: a change published through one is read through the other at once."""

import http.cookiejar
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import redis

from .conftest import server_environment
from .html import form_data, visible_text

ROOT = Path(__file__).resolve().parents[1]
PAGE = "/en/internal-security-service/"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_servers(tmp_path):
    """A fresh PostgreSQL database and a Redis database, both shared by the instances; skipped where they do not run."""
    try:
        admin = psycopg2.connect(dbname="postgres", connect_timeout=2, **PG)
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except (psycopg2.OperationalError, redis.ConnectionError) as exc:
        pytest.skip(f"needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 ({exc})")
    admin.autocommit = True
    name = f"embassy_multi_{secrets.token_hex(4)}"
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    redis_db = 7
    redis.Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()
    env = {
        **server_environment(),
        "DJANGO_SETTINGS_MODULE": "embassy_site.settings.site",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "PAGE_CACHE": "1",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
        subprocess.run([sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth.models import User; User.objects.create_superuser('editor', '', 'a-long-editor-password-1')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "embassy_site.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append((f"http://127.0.0.1:{port}", process))
        for url, _process in servers:
            wait_until_up(url + PAGE)
        yield [url for url, _process in servers]
    finally:
        for _url, process in servers:
            process.terminate()
            process.wait(timeout=20)
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def read(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def test_a_change_published_through_one_instance_is_read_through_the_other_at_once(shared_servers):
    first, second = shared_servers
    assert "He is assisted by a liaison officer" in read(second + PAGE)  # now cached, in the shared cache
    assert read(second + PAGE) == read(first + PAGE)

    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = browser.open(first + "/admin/login/", timeout=5).read().decode()
    fields = {**form_data(login, "login-form"), "username": "editor", "password": "a-long-editor-password-1"}
    body = urllib.parse.urlencode(fields)
    browser.open(first + "/admin/login/", data=body.encode(), timeout=5)
    change_url = first + "/admin/security_service/service/1/change/"
    data = form_data(browser.open(change_url, timeout=5).read().decode(), "service_form")
    data.update({"intro_en": "Published through the first server.", "_publish": "1"})
    browser.open(
        urllib.request.Request(change_url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": change_url}), timeout=10
    )

    assert "Published through the first server." in visible_text(read(second + PAGE))
    assert "Published through the first server." in visible_text(read(first + PAGE))
