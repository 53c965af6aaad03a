"""`python -m bench.lighthouse`: Lighthouse's SEO, accessibility and best-practices scores of every public page.

The site runs under gunicorn with production settings and the seed, on loopback; the pages are those its sitemap
lists (the services, their list, the accessibility statement and the site map) in fr, sr-latn, sr and en. Lighthouse
(pinned in bench/lighthouse/package-lock.json: `npm ci` there first) runs each page in headless Chromium, as a phone
(Lighthouse's default). A table of the scores, then every audit that fell short, page by page. A report, not a test:
it exits 0 whatever the scores (1 if the site or Lighthouse could not run). LIGHTHOUSE_REPORTS=folder keeps the JSON.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .load import HOST, ROOT, Server, fetch, free_port, prepare

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {"seo": "SEO", "accessibility": "accessibility", "best-practices": "best practices"}
LANGUAGES = ("fr", "sr-latn", "sr", "en")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def chromium_path():
    found = os.environ.get("CHROME_PATH") or next(filter(None, map(shutil.which, CHROMIUM)), None)
    if not found:
        raise SystemExit("No Chromium found: set CHROME_PATH.")
    return found


def public_pages(port):
    """The addresses of the sitemap in the languages measured, as paths, in the order it lists them."""
    status, _headers, body = fetch(port, "/sitemap.xml")
    if status != 200:
        raise SystemExit(f"/sitemap.xml answered {status}")
    paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    return [path for path in paths if path.split("/")[1] in LANGUAGES]


def audit(url, chrome, output):
    """Lighthouse's report on `url`, as a dict."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, check=False, timeout=300)
    if result.returncode or not output.exists():
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"Lighthouse failed on {url} ({result.returncode})")
    return json.loads(output.read_text())


def shortfalls(report):
    """The audits of the measured categories that did not pass: [(category, audit id, title)]."""
    found = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                found.append((category, ref["id"], result["title"]))
    return found


def print_table(rows):
    width = max(len(path) for path, _scores, _failed in rows)
    print(f"{'page':<{width}}  " + "  ".join(f"{label:>14}" for label in CATEGORIES.values()))
    for path, scores, _failed in rows:
        print(f"{path:<{width}}  " + "  ".join(f"{scores[category]:>14.2f}" for category in CATEGORIES))
    lowest = {category: min(scores[category] for _path, scores, _failed in rows) for category in CATEGORIES}
    print(f"{'lowest':<{width}}  " + "  ".join(f"{lowest[category]:>14.2f}" for category in CATEGORIES))
    failed = [(path, items) for path, _scores, items in rows if items]
    for path, items in failed:
        print(f"\n{path}:")
        for category, audit_id, title in items:
            print(f"  {CATEGORIES[category]}: {audit_id} ({title})")
    if not failed:
        print("\nEvery audit passed on every page.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="pages to measure (default: every page of the sitemap, in fr, sr-latn, sr, en)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in bench/lighthouse (or `make lighthouse`).")
    chrome = chromium_path()
    kept = os.environ.get("LIGHTHOUSE_REPORTS")
    with tempfile.TemporaryDirectory(prefix="embassy-lighthouse-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        # The site's public address is the one Lighthouse asks for: canonical and hreflang links point to pages it serves.
        env = {**prepare(tmp), "SITE_URL": f"http://{HOST}:{port}"}
        server = Server(env, 2, "/fr/", port=port)
        try:
            paths = args.paths or public_pages(port)
            rows = []
            for path in paths:
                report = audit(f"http://{HOST}:{port}{path}", chrome, tmp / "report.json")
                if kept:
                    Path(kept).mkdir(parents=True, exist_ok=True)
                    shutil.copy(tmp / "report.json", Path(kept) / (path.strip("/").replace("/", "_") + ".json"))
                scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
                rows.append((path, scores, shortfalls(report)))
                print(f"{path}: " + ", ".join(f"{CATEGORIES[c]} {s:.2f}" for c, s in scores.items()), file=sys.stderr, flush=True)
        finally:
            server.stop()
    print_table(rows)


if __name__ == "__main__":
    main()
