"""Faults of the real PostgreSQL and Redis servers, as visitors of a production server live through them.

The site runs under gunicorn with production settings, on a PostgreSQL database and a Redis database made for the
test, each reached through a TCP proxy on 127.0.0.1 that the test cuts (every connection dropped, new ones refused)
and restores. CONN_MAX_AGE=0, so that no dead connection is kept. Every wait is bounded; no traffic leaves 127.0.0.1.
"""

import contextlib
import http.client
import json
import secrets
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import redis
from django.db import OperationalError
from django.test import Client

from security_service.models import AccessibilityStatement

from .html import visible_text
from .servers import Nginx as DocumentedNginx
from .servers import RedisDatabase, fetch, server_environment

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
POSTGRES_PORT, REDIS_PORT = 5432, 6379
FRENCH_PAGE = "/fr/service-de-securite-interieure/"
ENGLISH_PAGE = "/en/internal-security-service/"
UNAVAILABLE = {
    "fr": "Service temporairement indisponible",
    "sr-latn": "Usluga je privremeno nedostupna",
    "en": "Service temporarily unavailable",
}


def _drop(sock):
    """Close `sock` at once, with a reset: the other side sees the connection broken, not a polite end."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes up the thread reading it
    sock.close()


class Proxy:
    """A TCP proxy from a free port of 127.0.0.1 to a server on 127.0.0.1, which can be cut and restored."""

    def __init__(self, target_port):
        self.target = (LOOPBACK, target_port)
        self.listener = socket.create_server((LOOPBACK, 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.sockets = set()
        self.is_cut = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, name=f"proxy-{target_port}", daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.is_cut.is_set():
                _drop(client)  # refused: the connection is reset as soon as it is made
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _drop(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with self.lock:
                    self.sockets.discard(sock)
                _drop(sock)

    def cut(self):
        """Drop every open connection and refuse new ones."""
        self.is_cut.set()
        with self.lock:
            sockets, self.sockets = list(self.sockets), set()
        for sock in sockets:
            _drop(sock)

    def restore(self):
        self.is_cut.clear()

    def close(self):
        self.stopping.set()
        self.cut()
        self.thread.join(timeout=5)
        self.listener.close()


@dataclass
class Site:
    url_port: int
    process: subprocess.Popen
    log: Path
    database: Proxy
    cache: Proxy
    environment: dict

    def get(self, path, **headers):
        """(status, headers, body) of GET `path`, without following redirects."""
        connection = http.client.HTTPConnection(LOOPBACK, self.url_port, timeout=15)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read().decode()
        finally:
            connection.close()

    def log_since(self, offset):
        return self.log.read_text(errors="replace")[offset:]

    def log_size(self):
        return len(self.log.read_text(errors="replace"))

    def manage(self, *command, timeout=180):
        return subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )


def eventually(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout} s")


def free_port():
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def cache_key(name, language):
    """The Redis key of a page in the page cache (security_service.page_cache.key, with Django's prefix and version)."""
    return f":1:page:{name}:{language}"


@pytest.fixture(scope="module")
def servers():
    """The real PostgreSQL server, and a database of the real Redis server of the tests' own; skipped, saying why,
    where they do not run."""
    try:
        postgres = psycopg2.connect(host=LOOPBACK, port=POSTGRES_PORT, user="postgres", dbname="postgres", connect_timeout=3)
        cache = RedisDatabase()
    except (psycopg2.OperationalError, redis.RedisError) as exc:
        pytest.skip(f"the fault tests need PostgreSQL on {LOOPBACK}:{POSTGRES_PORT} and Redis on {LOOPBACK}:{REDIS_PORT}: {exc}")
    yield postgres, cache
    postgres.close()
    cache.close()


@pytest.fixture(scope="module")
def site(servers, prepared_deployment, tmp_path_factory):
    """The site under gunicorn, production settings, on a fresh database and Redis database, both through proxies.

    The database is a copy of the one the README's steps made for the session (`prepared_deployment`), static files theirs.
    """
    _postgres, cache = servers
    name = prepared_deployment.new_database()
    folder = tmp_path_factory.mktemp("faults")
    database, cache_proxy = Proxy(POSTGRES_PORT), Proxy(REDIS_PORT)
    environment = {
        **server_environment(),
        "DJANGO_SETTINGS_MODULE": "embassy_site.settings.site",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": LOOPBACK,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": f"postgres://postgres@{LOOPBACK}:{database.port}/{name}?connect_timeout=3",
        "REDIS_URL": cache.url(cache_proxy.port),
        "CONN_MAX_AGE": "0",
        "STATIC_ROOT": str(prepared_deployment.static_root),
        "MEDIA_ROOT": str(folder / "media"),
        "PAGE_CACHE": "1",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    log = folder / "server.log"
    process = None
    try:
        port = free_port()
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "embassy_site.wsgi", "--bind", f"{LOOPBACK}:{port}", "--workers", "1"]
                + ["--timeout", "30", "--graceful-timeout", "5", "--access-logfile", "-"],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        site = Site(port, process, log, database, cache_proxy, environment)
        eventually(lambda: site.get("/health/")[0] == 200, 60, "the server did not start")
        yield site
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        database.close()
        cache_proxy.close()
        prepared_deployment.drop_database(name)


@pytest.fixture
def restored(site):
    """Whatever a test cut is restored after it, even when it fails."""
    yield site
    site.database.restore()
    site.cache.restore()


@pytest.mark.server
def test_with_the_database_cut_visitors_get_a_short_page_in_their_language(restored):
    site = restored
    status, _headers, seen = site.get(FRENCH_PAGE)
    assert status == 200 and "Service de sécurité intérieure" in visible_text(seen)
    mark = site.log_size()

    site.database.cut()
    # The cached copy is not served: without its publication, nothing says it is still the page (a proxy in front
    # serves its own copy meanwhile: stale-if-error).
    visits = [
        (FRENCH_PAGE, {}, "fr"),
        ("/sr-latn/mapa-sajta/", {}, "sr-latn"),
        (ENGLISH_PAGE, {}, "en"),
        ("/fr/", {}, "fr"),
        ("/en/no/such/page/", {}, "en"),
    ]
    for path, headers, language in visits:
        status, answer_headers, body = site.get(path, **headers)
        assert status == 503, (path, status)
        assert UNAVAILABLE[language] in visible_text(body), path
        assert "Traceback" not in body and "psycopg2" not in body and "OperationalError" not in body
        assert answer_headers["retry-after"] == "30" and answer_headers["cache-control"] == "no-store"
    # A visitor who types the bare address is told in the language their browser asks for.
    status, _headers, body = site.get("/", **{"Accept-Language": "sr-Latn-RS,sr;q=0.8"})
    assert status == 503 and UNAVAILABLE["sr-latn"] in visible_text(body)

    status, _headers, body = site.get("/health/")
    assert status == 503
    assert json.loads(body) == {"status": "failing", "checks": {"database": "failing", "migrations": "failing", "catalogues": "ok"}}

    log = site.log_since(mark)
    assert "Database unavailable for GET /sr-latn/mapa-sajta/" in log
    assert "Health check: the database does not answer" in log

    site.database.restore()
    pid = site.process.pid
    for path in ("/health/", FRENCH_PAGE, "/sr-latn/mapa-sajta/", ENGLISH_PAGE, "/fr/"):
        status, headers, _body = site.get(path)
        assert status == 200, path
    status, headers, _body = site.get(FRENCH_PAGE)
    assert headers["cache-control"].startswith("public, max-age=0, s-maxage=30")
    assert site.process.poll() is None and site.process.pid == pid  # the same server, not restarted


@pytest.mark.server
def test_with_the_cache_cut_pages_are_rendered_without_it_then_cached_again(restored, servers):
    site = restored
    cache = servers[1].client
    assert site.get(ENGLISH_PAGE)[0] == 200
    mark = site.log_size()

    site.cache.cut()
    for path, text in ((ENGLISH_PAGE, "Internal Security Service"), ("/sr/", "Служба"), ("/en/site-map/", "Site map")):
        started = time.monotonic()
        status, _headers, body = site.get(path)
        assert status == 200 and text in visible_text(body), path
        assert time.monotonic() - started < 5, f"{path} waited for the cache"
    assert not cache.exists(cache_key("site-map", "en"))
    assert "Page cache unreachable: rendering without it" in site.log_since(mark)

    site.cache.restore()
    for _ in range(2):
        assert site.get("/en/site-map/")[0] == 200
    assert cache.exists(cache_key("site-map", "en"))
    assert site.get("/health/")[0] == 200


@pytest.mark.server
def test_behind_nginx_a_page_unpublished_is_not_served_again_while_the_database_is_down(restored, tmp_path):
    """nginx serves its copies while the app cannot answer (stale-if-error): not the copy of a page unpublished since.
    Unpublishing asks nginx for the page's addresses again (PROXY_REFRESH_TOKEN), and it keeps the 404."""
    site = restored
    proxy = Nginx(site, tmp_path)
    try:
        for _ in range(2):
            status, headers, _body = proxy.get(FRENCH_PAGE)
        assert status == 200 and headers["x-cache-status"] == "HIT"
        assert proxy.get("/fr/")[0] == 200
        refreshing = {**site.environment, "SITE_URL": f"http://{LOOPBACK}:{proxy.port}", "PROXY_REFRESH_TOKEN": proxy.refresh_token}
        subprocess.run(
            [sys.executable, "manage.py", "unpublish", "service-de-securite-interieure"], cwd=ROOT, env=refreshing, check=True, timeout=60
        )

        site.database.cut()
        status, headers, body = proxy.get(FRENCH_PAGE)
        assert status == 404, f"nginx served {status} {headers.get('x-cache-status')} for a page unpublished before the database went down"
        status, _headers, body = proxy.get("/fr/")
        assert status == 200 and "Service de sécurité intérieure" not in visible_text(body)  # the list without it
        # Without the token, a visitor cannot make nginx skip its copy.
        assert proxy.get("/fr/", **{"X-Refresh-Cache": "0" * 32})[1]["x-cache-status"] in {"HIT", "STALE"}
    finally:
        site.database.restore()
        proxy.stop()
        site.manage("publish", "service-de-securite-interieure")


class Nginx(DocumentedNginx):
    def __init__(self, upstream, media_root):
        super().__init__(type("Upstream", (), {"port": upstream.url_port}), media_root)

    def get(self, path, **headers):
        answer = fetch(self.port, path, **headers)
        return answer.status, answer.headers, answer.body


def test_a_database_fault_while_showing_page_not_found_gets_the_503_page(db, monkeypatch):
    """Without the servers too: the 404 page reads the database after the view; its failure is a 503, not a 500."""

    def fail(*args, **kwargs):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr(type(AccessibilityStatement.objects), "current", fail)
    response = Client(raise_request_exception=False).get("/en/no/such/page/")
    assert response.status_code == 503
    assert UNAVAILABLE["en"] in visible_text(response.content.decode())
    assert response["Retry-After"] == "30"
