"""`make bench`: the service page under gunicorn with production settings, against a floor view, on loopback only."""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

PAGE = "/fr/service-de-securite-interieure/"
HOST = "127.0.0.1"
NGINX_CONF = Path(settings.BASE_DIR) / "embassy_site" / "deploy" / "nginx.conf"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(port, path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on {HOST}:{port}{path}")


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else None


def children(pid):
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def load_with_wrk(port, path, seconds, connections, headers):
    header_options = [option for name, value in headers.items() for option in ("-H", f"{name}: {value}")]
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *header_options, f"http://{HOST}:{port}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - wrk against our loopback server

    def milliseconds(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))),
        "p50_ms": milliseconds("50"),
        "p99_ms": milliseconds("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def load_with_python(port, path, seconds, connections, headers):
    """A small keep-alive load client, for machines without wrk (slower than wrk: compare rows with each other)."""
    latencies, errors, stop = [], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(fraction):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * fraction))] * 1000, 2) if latencies else None

    return {"rps": round(len(latencies) / seconds), "p50_ms": percentile(0.5), "p99_ms": percentile(0.99), "errors": errors[0]}


class Server:
    """gunicorn with production settings (DEBUG off) on a loopback port."""

    def __init__(self, env, workers, **extra_env):
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
            [
                sys.executable,
                "-m",
                "gunicorn",
                "embassy_site.wsgi",
                "-b",
                f"{HOST}:{self.port}",
                "-w",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env={**env, **extra_env},
        )
        wait_until_up(self.port, PAGE)

    def workers(self):
        return children(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Command(BaseCommand):
    help = "Measure the page under gunicorn against a floor view, warm, cold, 304 and through nginx; queries per view; worker memory."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")), help="length of each load run")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, seconds, connections, workers, **options):
        seconds, connections = min(seconds, 120), min(connections, 64)  # the load stays bounded
        load = load_with_wrk if shutil.which("wrk") else load_with_python
        self.stderr.write(
            f"load client: {'wrk' if load is load_with_wrk else 'built-in Python client'}, {seconds} s x {connections} connections"
        )
        results, notes = {}, {}
        with tempfile.TemporaryDirectory(prefix="embassy-bench-") as tmp:
            env = self.prepare(Path(tmp))
            page_bytes = len(self.page_once(env, workers))
            env["BENCHMARK_FLOOR_BYTES"] = str(page_bytes)

            warm = Server(env, workers, PAGE_CACHE="1")
            memory = []
            sampling = threading.Event()

            def sample():
                while not sampling.wait(1):
                    memory.append([rss_mb(pid) for pid in warm.workers()])

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                results["floor"] = load(warm.port, "/__floor__/", seconds, connections, {})
                results["warm"] = load(warm.port, PAGE, seconds, connections, {})
                _status, headers, _body = fetch(warm.port, PAGE)
                results["not_modified"] = load(warm.port, PAGE, seconds, connections, {"If-None-Match": headers["ETag"]})
                proxy = self.through_nginx(Path(tmp), warm.port, seconds, connections, load, notes)
                if proxy:
                    results["proxy"] = proxy
            finally:
                sampling.set()
                sampler.join()
                warm.stop()

            cold = Server(env, workers, PAGE_CACHE="0")
            try:
                results["cold"] = load(cold.port, PAGE, seconds, connections, {})
            finally:
                cold.stop()
            results["queries"] = self.queries(env)

        floor = results["floor"]["rps"] or 1
        for row in ("warm", "cold", "not_modified", "proxy"):
            if row in results:
                results[row]["ratio"] = round(results[row]["rps"] / floor, 2)
        quarter = max(1, len(memory) // 4)
        first = [max(filter(None, sample), default=0) for sample in memory[:quarter]]
        last = [max(filter(None, sample), default=0) for sample in memory[-quarter:]]
        results["worker_rss_mb"] = {"first": max(first, default=0), "last": max(last, default=0), "samples": len(memory)}
        results["page_bytes"] = page_bytes
        results.update({f"{row}_not_run": reason for row, reason in notes.items()})
        self.report(results)

    def prepare(self, tmp):
        env = {
            **{key: value for key, value in os.environ.items() if key not in ("DEBUG", "PAGE_CACHE", "REDIS_URL")},
            "DJANGO_SETTINGS_MODULE": "embassy_site.settings.site",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"),
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; production sits behind TLS
        }
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
            subprocess.run([sys.executable, "manage.py", *command, "-v0"], cwd=settings.BASE_DIR, env=env, check=True)  # noqa: S603
        return env

    def page_once(self, env, workers):
        server = Server(env, workers, PAGE_CACHE="0")
        try:
            status, _headers, body = fetch(server.port, PAGE)
            assert status == 200, f"the page answered {status}"  # noqa: S101 - the benchmark measures a working page
            return body
        finally:
            server.stop()

    def through_nginx(self, tmp, upstream, seconds, connections, load, notes):
        nginx = shutil.which("nginx") or (Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists() else None)
        if not nginx:
            notes["proxy"] = "nginx is not installed"
            return None
        port = free_port()
        (tmp / "nginx" / "logs").mkdir(parents=True)
        # nginx started as root runs its workers as an unprivileged user: they must reach their cache folder.
        tmp.chmod(0o755)
        (tmp / "nginx").chmod(0o777)
        config = NGINX_CONF.read_text().replace("{{ listen }}", f"{HOST}:{port}").replace("{{ upstream }}", f"{HOST}:{upstream}")
        config = config.replace("{{ prefix }}", str(tmp / "nginx"))
        (tmp / "nginx" / "nginx.conf").write_text(config)
        process = subprocess.Popen([str(nginx), "-p", str(tmp / "nginx"), "-c", str(tmp / "nginx" / "nginx.conf"), "-g", "daemon off;"])  # noqa: S603
        try:
            wait_until_up(port, PAGE)
            fetch(port, PAGE)  # fills the proxy cache
            return load(port, PAGE, seconds, connections, {})
        finally:
            process.terminate()
            process.wait(timeout=30)

    def queries(self, env):
        output = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "count_page_queries", "1", "10", "100", "1000"],
            cwd=settings.BASE_DIR,
            env={**env, "PAGE_CACHE": "0"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])

    def report(self, results):
        rows = [("floor", "floor view, constant bytes"), ("warm", "page, cache warm"), ("cold", "page, cache off")]
        rows += [("not_modified", "page, 304 Not Modified"), ("proxy", "page through nginx cache")]
        self.stdout.write(f"{'':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x floor':>8} {'errors':>7}")
        for key, label in rows:
            row = results.get(key)
            if row is None:
                self.stdout.write(f"{label:32} not run: {results.get(f'{key}_not_run', '')}")
                continue
            self.stdout.write(
                f"{label:32} {row['rps']:>8} {row['p50_ms']:>8} {row['p99_ms']:>8} {row.get('ratio', 1.0):>8} {row['errors']:>7}"
            )
        self.stdout.write(f"SQL queries per cold view, by items per list: {results['queries']}")
        rss = results["worker_rss_mb"]
        self.stdout.write(
            f"worker memory: {rss['first']} MB in the first quarter, {rss['last']} MB in the last ({rss['samples']} s sampled)"
        )
        self.stdout.write(f"page size: {results['page_bytes']} bytes")
        for row in results.values():
            if isinstance(row, dict):
                row.pop("errors", None)
                row.pop("samples", None)
        self.stdout.write(json.dumps(results))
