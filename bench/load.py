"""The site prepared with production settings, servers on loopback (gunicorn, nginx), and the load clients that measure
them: wrk, or a small one of our own."""

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "embassy_site" / "deploy" / "nginx.conf"
MAX_SECONDS, MAX_CONNECTIONS = 120, 64  # a run stays bounded, whatever it is asked


def run(command, env):
    """A command of ours; its output is shown only if it fails."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{' '.join(command[1:])} failed ({result.returncode})")
    return result.stdout


def prepare(tmp):
    """Production settings on a fresh database (unless BENCH_DATABASE_URL) with the content loaded, static files collected."""
    ignored = ("DEBUG", "PAGE_CACHE", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "BENCH_FLOOR_BYTES")
    env = {
        **{key: value for key, value in os.environ.items() if key not in ignored},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "WARNING",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; production sits behind TLS
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_content"]):
        run([sys.executable, "manage.py", *command, "-v0"], env)
    return env


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
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

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


def load_client():
    """The load function and its name: wrk when installed."""
    return (load_with_wrk, "wrk") if shutil.which("wrk") else (load_with_python, "built-in Python client")


class Server:
    """gunicorn with production settings (DEBUG off) and the bench's URLs, on a loopback port."""

    def __init__(self, env, workers, ready_path, port=None, **extra_env):
        self.port = port or free_port()
        bind = f"{HOST}:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "bench.wsgi", "-b", bind, "-w", str(workers), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**env, **extra_env, "DJANGO_SETTINGS_MODULE": "bench.settings"})
        try:
            wait_until_up(self.port, ready_path)
        except RuntimeError:
            self.stop()
            raise

    def workers(self):
        return children(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def nginx_path():
    found = shutil.which("nginx") or "/usr/sbin/nginx"  # /usr/sbin is often not on a user's PATH
    return found if Path(found).exists() else None


class Nginx:
    """nginx with the project's deploy configuration, in front of `upstream`, its files in `folder`."""

    def __init__(self, executable, folder, upstream, ready_path, media_root):
        self.port = free_port()
        (folder / "logs").mkdir(parents=True)
        # nginx started as root runs its workers as an unprivileged user: they must reach their cache folder.
        folder.parent.chmod(0o755)
        folder.chmod(0o777)
        config = NGINX_CONF.read_text().replace("{{ listen }}", f"{HOST}:{self.port}").replace("{{ upstream }}", f"{HOST}:{upstream}")
        config = config.replace("{{ prefix }}", str(folder)).replace("{{ media_root }}", str(media_root))
        config = config.replace("{{ refresh_token }}", secrets.token_hex(16))  # the bench publishes nothing meanwhile
        (folder / "nginx.conf").write_text(config)
        self.process = subprocess.Popen([executable, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"])
        try:
            wait_until_up(self.port, ready_path)
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
