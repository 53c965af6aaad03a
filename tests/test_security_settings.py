"""Security headers and cookies as production sends them, `check --deploy`, and the admin's movable address.

Production's values are read from the site's own settings in a subprocess (DEBUG off, as a server starts), then
applied to the test settings, so that these tests follow what production really sets.
"""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from .admin_forms import change_form
from .conftest import PASSWORD
from .servers import server_environment
from .test_public_page import PAGES

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "PERMISSIONS_POLICY",
    "CONTENT_SECURITY_POLICY",
]

# The public pages and the status each answers with.
PUBLIC_PAGES = {
    **dict.fromkeys(PAGES.values(), 200),
    "/fr/": 200,
    "/sr-latn/": 200,
    "/sr/": 200,
    "/en/": 200,
    "/fr/accessibilite/": 200,
    "/en/site-map/": 200,
    "/fr/no-such-service/": 404,
    "/en/no/such/page/": 404,  # no view at all
    "/de/": 404,  # a language the site does not speak
}
ADMIN_LOGIN = "/admin/login/"


def site_environment(**extra):
    """The environment of a production server: no DEBUG, a real random secret, its host name."""
    environment = server_environment()
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "embassy_site.settings.site",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "www.example.org",
        **extra,
    }


@pytest.fixture(scope="session")
def production_values():
    script = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=site_environment(), capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    """The test settings with production's security settings."""
    for name, value in production_values.items():
        setattr(settings, name, value)
    return production_values


class HttpsClient(Client):
    """A browser on the site's HTTPS address, as production's visitors are (plain HTTP is redirected there)."""

    def generic(self, method, path, *args, secure=True, **kwargs):
        return super().generic(method, path, *args, secure=True, **kwargs)


@pytest.fixture
def https(production, ssi):
    return HttpsClient()


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def test_production_settings_are_the_secure_ones(production_values):
    assert production_values["DEBUG"] is False
    assert production_values["SECURE_SSL_REDIRECT"] is True
    assert production_values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert all(production_values[f"{cookie}_COOKIE_{flag}"] for cookie in ("SESSION", "CSRF") for flag in ("SECURE", "HTTPONLY"))
    assert production_values["LANGUAGE_COOKIE_SECURE"] is True


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, ADMIN_LOGIN])
def test_every_page_carries_the_security_headers(https, url):
    for _ in range(2):  # rendered, then from the page cache
        response = https.get(url)
        assert response.status_code == PUBLIC_PAGES.get(url, 200), url
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        permissions = response["Permissions-Policy"]
        assert all(f"{feature}=()" in permissions for feature in ("camera", "microphone", "geolocation", "payment"))
        policy = csp_directives(response["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(policy.get("script-src", policy["default-src"]))
        assert "'unsafe-eval'" not in policy.get("style-src", policy["default-src"])
        if url in PUBLIC_PAGES:  # no inline style either: only the admin's widgets need it (next test)
            assert (policy["style-src"], policy["script-src"]) == (["'self'"], ["'self'"])


def test_only_the_admin_allows_the_inline_styles_of_its_widgets(https):
    policy = csp_directives(https.get(ADMIN_LOGIN)["Content-Security-Policy"])
    assert set(policy["style-src"]) == {"'self'", "'unsafe-inline'"}


@pytest.mark.parametrize("url", [PAGES["fr"], "/fr/", ADMIN_LOGIN])
def test_plain_http_is_sent_to_https_except_the_health_check(production, ssi, client, url):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"
    assert client.get("/health/").status_code == 200


def test_every_cookie_is_secure_and_http_only(production, ssi, editor):
    """The cookies of logging in, choosing a language (site and admin), and a message after publishing."""
    browser = HttpsClient()
    responses = [
        browser.get(ADMIN_LOGIN),
        browser.post(ADMIN_LOGIN + "?next=/admin/", {"username": "editor", "password": PASSWORD}),
        browser.get("/language/en/?next=/en/"),
        browser.post("/admin-language/", {"language": "en", "next": "/admin/"}),
    ]
    url, data = change_form(browser, ssi)
    responses.append(browser.post(url, {**data, "intro_en": "A new introduction.", "_publish": "1"}))
    cookies = [cookie for response in responses for cookie in response.cookies.values() if cookie.value]
    assert {"csrftoken", "sessionid", "django_language", "admin_language", "messages"} <= {cookie.key for cookie in cookies}
    for cookie in cookies:
        assert cookie["secure"] and cookie["httponly"], cookie.output()
        assert cookie["samesite"] == "Lax", cookie.output()


def test_check_deploy_finds_nothing_to_warn_about():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=site_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


ADMIN_URL_SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
call_command("migrate", verbosity=0)
client = Client()
moved = client.get("/back-office-7f3a/login/", headers={"accept-language": "en"})
old = client.get("/admin/login/")
try:
    resolve("/admin/login/")
    old_resolves = True
except Resolver404:
    old_resolves = False
print(json.dumps({
    "index": reverse("admin:index"),
    "moved": moved.status_code,
    "moved_form": 'id="login-form"' in moved.content.decode(),
    "moved_french": "Nom d’utilisateur" in moved.content.decode(),
    "moved_style_src": moved["Content-Security-Policy"],
    "old": old.status_code,
    "old_resolves": old_resolves,
}))
"""


def test_the_admin_moves_with_the_admin_url_setting(tmp_path):
    """A server started with ADMIN_URL serves the admin there (French, with its CSP), and nothing at /admin/."""
    environment = server_environment()
    environment.update(
        DJANGO_SETTINGS_MODULE="embassy_site.settings.test",
        ADMIN_URL="back-office-7f3a/",
        DATABASE_URL=f"sqlite:///{tmp_path / 'admin-url.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", ADMIN_URL_SCRIPT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["index"] == "/back-office-7f3a/"
    assert (found["moved"], found["moved_form"], found["moved_french"]) == (200, True, True)
    assert "'unsafe-inline'" in csp_directives(found["moved_style_src"])["style-src"]
    assert not found["old_resolves"] and found["old"] in (302, 404)
