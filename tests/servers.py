"""Servers the tests start: the README's production deployment on a fresh PostgreSQL database, gunicorn and nginx.

Everything listens on 127.0.0.1 and every wait is bounded. A test that needs a part that does not run here (PostgreSQL,
Redis, nginx) is skipped, saying which; CI counts a skip as a failure.
"""

import contextlib
import fcntl
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import psycopg2
import pytest
import redis

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
POSTGRES = {"host": LOOPBACK, "port": 5432, "user": "postgres"}
REDIS_PORT = 6379
REDIS_DATABASES = range(1, 16)  # of the server's 16; 0 is left to whatever else uses it
LOCK_FOLDER = Path(tempfile.gettempdir())
NGINX_CONF = ROOT / "embassy_site" / "deploy" / "nginx.conf"
# Set by the test run (the browser tests' conftest allows the ORM beside Playwright's event loop), never on a server.
TEST_ONLY_VARIABLES = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def server_environment(**variables):
    """The environment of a server a test starts: the test run's, less what only the test run sets, plus `variables`."""
    return {**{key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}, **variables}


def free_port():
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class Answer(NamedTuple):
    status: int
    headers: dict  # names in lower case
    body: str


def fetch(port, path, binary=False, **headers):
    """GET `path` on a new connection (no keep-alive, so that any worker may answer), without following redirects; the
    body as text, or as bytes if `binary`."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
    try:
        connection.request("GET", path, headers={"Connection": "close", **headers})
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {name.lower(): value for name, value in response.getheaders()}, body if binary else body.decode())
    finally:
        connection.close()


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout} s")


def nginx_binary():
    """nginx's executable; the test is skipped where it is not installed."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        pytest.skip("needs nginx (apt-get install nginx): neither on PATH nor at /usr/sbin/nginx")
    return found


def _stop(process, timeout=10, stop_signal=signal.SIGTERM):
    process.send_signal(stop_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def _tail(path, characters=2000):
    return path.read_text(errors="replace")[-characters:] if path.exists() else ""


class Gunicorn:
    """gunicorn serving the deployment on a loopback port; `restart` keeps the port, as a restarted server does."""

    def __init__(self, environment, log, workers):
        self.port, self.environment, self.log, self.workers = free_port(), environment, log, workers
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.access_log_path = log.with_name(log.stem + "-access.log")
        self.process = None
        self.start()

    def start(self):
        command = [sys.executable, "-m", "gunicorn", "embassy_site.wsgi", "--bind", f"{LOOPBACK}:{self.port}", "--workers"]
        command += [str(self.workers), "--timeout", "30", "--graceful-timeout", "2", "--log-level", "warning"]
        command += ["--access-logfile", str(self.access_log_path), "--access-logformat", "%(p)s %(s)s %(U)s"]
        with self.log.open("a") as output:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment, stdout=output, stderr=subprocess.STDOUT)

        def up():
            assert self.process.poll() is None, f"gunicorn exited with {self.process.returncode}:\n{_tail(self.log)}"
            return fetch(self.port, "/health/").status == 200

        wait_until(up, 30, f"gunicorn on port {self.port} answering /health/")

    def access_log(self):
        """(worker pid, status, path) of every request answered so far: which worker answered is in no response."""
        lines = self.access_log_path.read_text().splitlines() if self.access_log_path.exists() else []
        return [(pid.strip("<>"), int(status), path) for pid, status, path in (line.split(" ", 2) for line in lines)]

    def stop(self):
        if self.process is not None:
            _stop(self.process, stop_signal=signal.SIGINT)  # gunicorn's quick shutdown: no request is left to finish
            self.process = None

    def restart(self, **variables):
        """Stop the server and start it again on the same port, its environment changed by `variables`."""
        self.stop()
        self.environment = {**self.environment, **variables}
        self.start()


class Nginx:
    """nginx with `embassy_site/deploy/nginx.conf`, rendered as `manage.py benchmark` renders it, in front of `upstream`."""

    def __init__(self, upstream, media_root, refresh_token=None):
        binary = nginx_binary()
        self.port = free_port()
        self.refresh_token = refresh_token or secrets.token_hex(16)
        # Not under pytest's tmp_path (mode 0700): nginx started as root runs its workers as an unprivileged user,
        # who must reach the cache folder.
        self.prefix = Path(tempfile.mkdtemp(prefix="embassy-nginx-"))
        self.prefix.chmod(0o777)
        (self.prefix / "logs").mkdir()
        config = NGINX_CONF.read_text().replace("{{ listen }}", f"{LOOPBACK}:{self.port}")
        config = config.replace("{{ upstream }}", f"{LOOPBACK}:{upstream.port}").replace("{{ prefix }}", str(self.prefix))
        config = config.replace("{{ media_root }}", str(media_root)).replace("{{ refresh_token }}", self.refresh_token)
        assert "{{" not in config, "nginx.conf has a placeholder these tests (and the bench) do not fill in"
        (self.prefix / "nginx.conf").write_text(config)
        log = self.prefix / "logs" / "error.log"
        self.process = subprocess.Popen(
            [binary, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )

        def up():
            assert self.process.poll() is None, f"nginx exited with {self.process.returncode}:\n{_tail(log)}"
            return fetch(self.port, "/health/").status == 200

        wait_until(up, 10, f"nginx on port {self.port} answering /health/")

    def stop(self):
        _stop(self.process)
        shutil.rmtree(self.prefix, ignore_errors=True)


class RedisDatabase:
    """A database of the Redis server on 127.0.0.1 that one test has to itself, flushed; the test is skipped where none runs.

    The first of databases 1–15 that no other test holds: in this run (another pytest-xdist worker) or in another
    run on this machine, each held through a lock file. `close()` flushes it and lets it go.
    """

    def __init__(self):
        for number in REDIS_DATABASES:
            lock = (LOCK_FOLDER / f"embassy-tests-redis-{number}.lock").open("w")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            self.number, self.lock = number, lock
            break
        else:
            raise AssertionError(f"every Redis database from {REDIS_DATABASES[0]} to {REDIS_DATABASES[-1]} is held by another test")
        self.client = redis.Redis(host=LOOPBACK, port=REDIS_PORT, db=self.number, socket_connect_timeout=1, socket_timeout=2)
        try:
            self.client.flushdb()
        except redis.RedisError as exc:
            self.close()
            pytest.skip(f"needs Redis on {LOOPBACK}:{REDIS_PORT} ({exc})")

    def url(self, port=REDIS_PORT):
        """Its address, through `port` (a proxy's) or straight to the server."""
        return f"redis://{LOOPBACK}:{port}/{self.number}"

    def close(self):
        with contextlib.suppress(redis.RedisError):
            self.client.flushdb()
        self.client.close()
        self.lock.close()


def postgres_admin():
    """An autocommit connection to the PostgreSQL server's `postgres` database; the test is skipped where none runs."""
    try:
        admin = psycopg2.connect(dbname="postgres", connect_timeout=2, **POSTGRES)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"needs PostgreSQL on {LOOPBACK}:{POSTGRES['port']} ({exc})")
    admin.autocommit = True
    return admin


def production_environment(database, static_root, **variables):
    """The environment of the production commands and servers of a deployment on PostgreSQL database `database`."""
    environment = {key: value for key, value in server_environment().items() if key != "REDIS_URL"}
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "embassy_site.settings.site",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": LOOPBACK,
        "DATABASE_URL": f"postgres://postgres@{LOOPBACK}:{POSTGRES['port']}/{database}",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; production sits behind TLS
        "SECURE_COOKIES": "0",
        "PAGE_CACHE": "1",
        "LOG_LEVEL": "WARNING",
        **variables,
    }


def manage(environment, *command, timeout=120):
    """Run `manage.py command` in a process of its own, as an operator would; its standard output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(command)} exited with {result.returncode}: {result.stderr.strip()[-2000:]}"
    return result.stdout


class PreparedDeployment:
    """The README's production steps, run once for the session: `migrate` and `load_content` into a template database,
    `collectstatic` into a folder.

    Each deployment is a copy of that database (CREATE DATABASE … TEMPLATE: what running the steps on a fresh database
    gives, in a tenth of a second rather than four) and serves those static files, which servers only read.
    `close()` drops the template.
    """

    def __init__(self, folder):
        self.admin = postgres_admin()
        self.template = f"embassy_template_{secrets.token_hex(4)}"
        self.static_root = folder / "static"
        with self.admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {self.template}")
        try:
            environment = production_environment(self.template, self.static_root, MEDIA_ROOT=str(folder / "media"))
            for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
                manage(environment, *command, "-v0")
        except BaseException:
            self.close()
            raise

    def new_database(self):
        """The name of a new database holding what the steps made: migrated, the content loaded and published."""
        name = f"embassy_test_{secrets.token_hex(4)}"
        with self.admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        return name

    def drop_database(self, name):
        with self.admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self):
        self.drop_database(self.template)
        self.admin.close()


class Deployment:
    """The README's production deployment, on a fresh PostgreSQL database (and, with `redis`, a Redis database of its own).

    Production settings (`embassy_site.settings.site`, DEBUG off), on a copy of the database `prepared` (a
    PreparedDeployment) migrated and loaded, with its collected static files; without `redis`, no REDIS_URL, so
    each server process has its own memory cache. `variables` are set in the environment of every command and server.
    `close()` stops the servers and drops the database.
    """

    def __init__(self, folder, prepared, redis=False, **variables):
        self.prepared, self.folder, self.servers = prepared, folder, []
        self.redis = RedisDatabase() if redis else None
        self.cache = self.redis.client if redis else None  # to look into the shared page cache
        folder.mkdir(parents=True, exist_ok=True)
        # Not under pytest's tmp_path (mode 0700) either: nginx's unprivileged workers read the uploads.
        self.media_root = Path(tempfile.mkdtemp(prefix="embassy-media-"))
        self.media_root.chmod(0o755)
        self.database = prepared.new_database()
        self.environment = production_environment(self.database, prepared.static_root, MEDIA_ROOT=str(self.media_root), **variables)
        if redis:
            self.environment["REDIS_URL"] = self.redis.url()

    def manage(self, *command, timeout=120):
        """Run `manage.py command` in a process of its own, as an operator would; its standard output."""
        return manage(self.environment, *command, timeout=timeout)

    def gunicorn(self, workers=1, **variables):
        server = Gunicorn({**self.environment, **variables}, self.folder / f"gunicorn-{len(self.servers)}.log", workers)
        self.servers.append(server)
        return server

    def nginx(self, upstream):
        server = Nginx(upstream, self.media_root)
        self.servers.append(server)
        return server

    def close(self):
        for server in reversed(self.servers):
            server.stop()
        self.prepared.drop_database(self.database)
        shutil.rmtree(self.media_root, ignore_errors=True)
        if self.redis is not None:
            self.redis.close()
