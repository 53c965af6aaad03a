"""`python -m bench`: the service page under gunicorn with production settings, against a floor view, on loopback only.

Rows: the floor (constant bytes of the page's size through the same middleware), the page with the cache warm, with
it off (PAGE_CACHE=0), answered 304, and through nginx; then SQL queries as content grows, worker memory and the
page's size; last, one line of JSON with all of it. BENCH_SECONDS sets each run's length (default 10);
BENCH_DATABASE_URL measures another database than a fresh SQLite file.
"""

import argparse
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

from .load import MAX_CONNECTIONS, MAX_SECONDS, Nginx, Server, fetch, load_client, nginx_path, prepare, rss_mb, run

PAGE = "/fr/service-de-securite-interieure/"
LOAD_ROWS = {
    "floor": "floor view, constant bytes",
    "warm": "page, cache warm",
    "cold": "page, cache off (PAGE_CACHE=0)",
    "not_modified": "page, 304 Not Modified",
    "proxy": "page through nginx cache",
}
# Least req/s as a share of the floor's; the floor and nginx have none.
LOAD_TARGETS = {"warm": 0.9, "cold": 0.5, "not_modified": 1.0}
# Most SQL queries at every size, and the same at every size.
QUERY_TARGETS = {"cold view": (2, "at most 2 per cold view, flat"), "admin save and publish": (40, "at most 40, flat")}


def page_size(env, workers):
    server = Server(env, workers, PAGE, PAGE_CACHE="0")
    try:
        status, _headers, body = fetch(server.port, PAGE)
    finally:
        server.stop()
    if status != 200:
        raise SystemExit(f"{PAGE} answered {status}")
    return len(body)


class MemorySampler:
    """The resident memory of a server's workers, once a second while the runs go on."""

    def __init__(self, server):
        self.server, self.samples, self.done = server, [], threading.Event()
        self.thread = threading.Thread(target=self.sample)
        self.thread.start()

    def sample(self):
        while not self.done.wait(1):
            self.samples.append(max(filter(None, (rss_mb(pid) for pid in self.server.workers())), default=0))

    def stop(self):
        self.done.set()
        self.thread.join()
        quarter = max(1, len(self.samples) // 4)
        first, last = self.samples[:quarter], self.samples[-quarter:]
        return {"first": max(first, default=0), "last": max(last, default=0), "samples": len(self.samples)}


def measure_load(env, tmp, workers, load, seconds, connections):
    rows = {}
    warm = Server(env, workers, PAGE, PAGE_CACHE="1")
    memory = MemorySampler(warm)
    try:
        rows["floor"] = load(warm.port, "/__floor__/", seconds, connections, {})
        rows["warm"] = load(warm.port, PAGE, seconds, connections, {})
        _status, headers, _body = fetch(warm.port, PAGE)
        rows["not_modified"] = load(warm.port, PAGE, seconds, connections, {"If-None-Match": headers["ETag"]})
        executable = nginx_path()
        if executable is None:
            rows["proxy"] = {"not_run": "nginx is not installed"}
        else:
            nginx = Nginx(executable, tmp / "nginx", warm.port, PAGE, env["MEDIA_ROOT"])
            try:
                fetch(nginx.port, PAGE)  # fills the proxy's cache
                rows["proxy"] = load(nginx.port, PAGE, seconds, connections, {})
            finally:
                nginx.stop()
    finally:
        rss = memory.stop()
        warm.stop()
    cold = Server(env, workers, PAGE, PAGE_CACHE="0")
    try:
        rows["cold"] = load(cold.port, PAGE, seconds, connections, {})
    finally:
        cold.stop()
    return {key: rows[key] for key in LOAD_ROWS}, rss


def judge_load(rows):
    floor = rows["floor"]["rps"] or 1
    for key, row in rows.items():
        if "not_run" in row:
            row.update(target=None, passed=None)
            continue
        row["ratio"] = round(row["rps"] / floor, 2)
        row["target"] = LOAD_TARGETS.get(key)
        row["passed"] = None if row["target"] is None else row["ratio"] >= row["target"] and not row["errors"]


def judge_queries(rows):
    for row in rows:
        limit, row["target"] = QUERY_TARGETS[row["kind"]]
        counts = list(row["counts"].values())
        answered = all(status == row["expected_status"] for status in row.get("statuses", {}).values())
        row["passed"] = answered and max(counts) <= limit and len(set(counts)) == 1


def size_label(by, size):
    if by == "items added per list":
        return "as loaded" if size == "0" else f"+{size}"
    return size


def verdict(passed):
    return "-" if passed is None else "pass" if passed else "FAIL"


def report_load(rows):
    print(f"{'':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x floor':>8} {'target':>8} {'result':>7} {'errors':>7}")
    for key, label in LOAD_ROWS.items():
        row = rows[key]
        if "not_run" in row:
            print(f"{label:34} not run: {row['not_run']}")
            continue
        target = "-" if key == "floor" else f">= {row['target']}" if row["target"] is not None else "none"
        print(
            f"{label:34} {row['rps']:>8} {row['p50_ms']:>8} {row['p99_ms']:>8} {row['ratio']:>8.2f} "
            f"{target:>8} {verdict(row['passed']):>7} {row['errors']:>7}"
        )


def report_queries(title, by, rows):
    sizes = list(rows[0]["counts"])
    print(f"\n{title}, by {by}:")
    print(f"{'':38} " + " ".join(f"{size_label(by, size):>9}" for size in sizes) + f"  {'target':<31} result")
    for row in rows:
        refusals = row.get("refusals", {})
        cells = [f"HTTP {row['statuses'][size]}" if size in refusals else str(row["counts"][size]) for size in sizes]
        print(f"{row['name']:38} " + " ".join(f"{cell:>9}" for cell in cells) + f"  {row['target']:<31} {verdict(row['passed'])}")
        for size, reason in refusals.items():
            label = size_label(by, size)
            print(f"{'':38} {label}: {reason} ({row['fields_posted'][size]} fields posted)")
            unlimited = row["without_field_limit"].get(size)
            if unlimited:
                print(f"{'':38} {label}: with no limit on fields, HTTP {unlimited['status']} in {unlimited['queries']} queries")


def report(results):
    report_load(results["rows"])
    groups = {}
    for row in results["queries"]:
        groups.setdefault((row["kind"], row["by"]), []).append(row)
    for (kind, by), rows in groups.items():
        report_queries("SQL queries per cold view" if kind == "cold view" else "SQL queries of the admin's Save and publish", by, rows)
    rss = results["worker_rss_mb"]
    print(f"\nworker memory: {rss['first']} MB in the first quarter, {rss['last']} MB in the last ({rss['samples']} s sampled)")
    print(f"page size: {results['page_bytes']} bytes")
    print(json.dumps(results))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")), help="length of each load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    seconds, connections = min(args.seconds, MAX_SECONDS), min(args.connections, MAX_CONNECTIONS)
    load, client = load_client()
    print(f"load client: {client}, {seconds} s x {connections} connections, {args.workers} gunicorn workers", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="embassy-bench-") as tmp:
        tmp = Path(tmp)
        env = prepare(tmp)
        page_bytes = page_size(env, args.workers)
        env["BENCH_FLOOR_BYTES"] = str(page_bytes)
        rows, rss = measure_load(env, tmp, args.workers, load, seconds, connections)
        queries = json.loads(run([sys.executable, "-m", "bench.queries"], {**env, "PAGE_CACHE": "0"}).strip().splitlines()[-1])
    judge_load(rows)
    judge_queries(queries)
    verdicts = [row["passed"] for row in [*rows.values(), *queries] if row["passed"] is not None]
    report(
        {
            "load_client": client,
            "seconds": seconds,
            "connections": connections,
            "workers": args.workers,
            "rows": rows,
            "queries": queries,
            "worker_rss_mb": rss,
            "page_bytes": page_bytes,
            "all_passed": all(verdicts),
        }
    )


if __name__ == "__main__":
    main()
