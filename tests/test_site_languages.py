"""The site's languages are a setting (SITE_LANGUAGES): switching one on needs no migration and loses nothing.

Settings are read when a process starts: each case runs `manage.py` in a process of its own, on a SQLite file.
"""

import json
import subprocess
import sys

import pytest

from .servers import ROOT, server_environment

pytestmark = pytest.mark.server

# Reads the pages in a process started with the case's settings, and prints what the test checks.
READ_PAGES = """
import json
from django.test import Client
client = Client(HTTP_HOST="localhost")
pages = {path: client.get(path) for path in PATHS}
print(json.dumps({path: [response.status_code, response.content.decode()] for path, response in pages.items()}))
"""


# A page written in Dutch, with no French: the example of the documentation.
DUTCH_PAGE = ROOT / "docs" / "examples" / "consulaire-afdeling.nl.toml"


def manage(tmp_path, *command, languages):
    environment = server_environment(
        DEBUG="1", SITE_LANGUAGES=languages, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media")
    )
    result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def read(tmp_path, paths, languages):
    """{path: [status, HTML]} of `paths`, read by a process with SITE_LANGUAGES=`languages`."""
    output = manage(tmp_path, "shell", "-c", f"PATHS = {paths!r}\n{READ_PAGES}", languages=languages)
    return json.loads(output.strip().splitlines()[-1])


def test_switching_languages_on_needs_no_migration_and_serves_dutch_pages_with_dutch_furniture(tmp_path):
    manage(tmp_path, "migrate", "--noinput", "-v0", languages="fr,sr-latn,sr,en")
    manage(tmp_path, "load_content", "-v0", languages="fr,sr-latn,sr,en")
    # The same database, with Dutch switched on and Serbian off: no migration is missing, none is needed.
    assert "No changes detected" in manage(tmp_path, "makemigrations", "--check", "--dry-run", languages="fr,nl,en")
    assert "No migrations to apply" in manage(tmp_path, "migrate", "--noinput", languages="fr,nl,en")
    # A page written in Dutch, with no French: brought in as a page file, as the README shows.
    manage(tmp_path, "import_page", str(DUTCH_PAGE), "--publish", languages="fr,nl,en")
    paths = ["/nl/", "/nl/consulaire-afdeling/", "/nl/service-de-securite-interieure/", "/fr/consulaire-afdeling/", "/de/"]
    pages = read(tmp_path, paths, languages="fr,nl,en")
    status, html = pages["/nl/consulaire-afdeling/"]
    assert status == 200
    assert '<html lang="nl">' in html
    assert "Terug naar boven" in html and "Laatst gewijzigd:" in html  # the page's furniture is Dutch
    main = html[html.index("<main") : html.index("</main>")]
    assert '<h1 id="top">Consulaire afdeling</h1>' in main and 'lang="fr"' not in main  # no French fallback
    assert "Afspraken, openingstijden en contact" in main and "Telefoon:" in main
    # A page with no Dutch text is not served as a Dutch page: its address leads to the page in its own language.
    assert pages["/nl/service-de-securite-interieure/"][0] == 301
    assert pages["/fr/consulaire-afdeling/"][0] == 301
    assert pages["/nl/"][0] == 200
    assert pages["/de/"][0] == 404  # a supported language the site does not publish in
    # Serbian, switched off, is still stored: switched on again, its page is back as it was.
    pages = read(tmp_path, ["/sr-latn/sluzba-za-unutrasnju-bezbednost/"], languages="fr,sr-latn,sr,en")
    assert "Služba za unutrašnju bezbednost" in pages["/sr-latn/sluzba-za-unutrasnju-bezbednost/"][1]


def test_an_unknown_language_is_refused_with_a_clear_message(tmp_path):
    environment = server_environment(SITE_LANGUAGES="fr,xx", DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SITE_LANGUAGES=fr,xx: give each language once, among fr, sr-latn, sr, en, nl, bg, de, es, it, ar" in result.stderr
