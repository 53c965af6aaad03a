"""Login throttling behind the documented nginx (embassy_site/deploy/nginx.conf) in front of gunicorn, as the README deploys them.

Each visitor is a loopback address of its own (127.0.0.2, 127.0.0.3…), the source of its connections to nginx on
127.0.0.1: nginx sees as many clients, and the app must tell them apart from what nginx forwards (PROXY_COUNT=1).
The site runs with production settings on a SQLite file of the test's own; no traffic leaves 127.0.0.1.
"""

import http.client
import json
import re
import secrets
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from .conftest import PASSWORD
from .servers import LOOPBACK, Answer, Gunicorn, Nginx, manage, nginx_binary, server_environment

pytestmark = pytest.mark.server

LOGIN = "/admin/login/?next=/admin/"
ATTACKER, OWNER = "127.0.0.2", "127.0.0.3"
LOGGED_IN, WRONG_PASSWORD, LOCKED_OUT = 302, 200, 429

CREATE_STAFF = f"""
from django.contrib.auth.models import User
for name in ("editor", "chief"):
    User.objects.create_superuser(name, name + "@example.org", {PASSWORD!r})
"""
RECORDED_ADDRESSES = """
import json
from axes.models import AccessAttempt
from security_service.models import AuditEvent
print(json.dumps({
    "audit": list(AuditEvent.objects.order_by("pk").values_list("kind", "username", "ip_address")),
    "attempts": sorted(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")),
}))
"""


class Site:
    """nginx with the documented configuration in front of gunicorn (production settings, PROXY_COUNT=1) on a SQLite file."""

    def __init__(self, folder):
        nginx_binary()  # skipped, saying why, before preparing anything
        self.environment = server_environment(
            DJANGO_SETTINGS_MODULE="embassy_site.settings.site",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=LOOPBACK,
            DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; production sits behind TLS
            SECURE_COOKIES="0",
            PROXY_COUNT="1",
            LOG_LEVEL="WARNING",
        )
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["shell", "-c", CREATE_STAFF]):
            self.manage(*command, "-v0")
        self.app = Gunicorn(self.environment, folder / "gunicorn.log", workers=2)
        try:
            self.proxy = Nginx(self.app, folder / "media")
        except BaseException:
            self.app.stop()
            raise

    def manage(self, *command):
        return manage(self.environment, *command)

    def recorded(self):
        """What the app wrote down: the audit trail's (kind, user name, address) and axes' (user name, address, failures)."""
        found = json.loads(self.manage("shell", "-c", RECORDED_ADDRESSES).splitlines()[-1])
        return [tuple(event) for event in found["audit"]], [tuple(attempt) for attempt in found["attempts"]]

    def close(self):
        self.proxy.stop()
        self.app.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("login-behind-nginx"))
    yield site
    site.close()


@pytest.fixture
def fresh(site):
    """The site with no failed login on record, and an empty audit trail."""
    site.manage("axes_reset")
    site.manage("shell", "-c", "from security_service.models import AuditEvent; AuditEvent.objects.all().delete()")
    return site


def request(site, address, method, path, body=None, headers=()):
    """`method path` sent to nginx on 127.0.0.1 from `address` (the connection's source), on a new connection."""
    connection = http.client.HTTPConnection(LOOPBACK, site.proxy.port, timeout=10, source_address=(address, 0))
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **dict(headers)})
        response = connection.getresponse()
        return Answer(response.status, {name.lower(): value for name, value in response.getheaders()}, response.read().decode())
    finally:
        connection.close()


def log_in(site, address, username, password, **headers):
    """The login form fetched and posted from `address`, with `headers` on both requests, as a browser would: the status."""
    form = request(site, address, "GET", LOGIN, headers=headers)
    assert form.status == 200, form.body[:500]
    csrf_cookie = SimpleCookie(form.headers["set-cookie"])["csrftoken"].value
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
    body = urlencode({"csrfmiddlewaretoken": csrf_field, "username": username, "password": password})
    headers = {**headers, "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"}
    answer = request(site, address, "POST", LOGIN, body=body, headers=headers)
    assert answer.status != 302 or answer.headers["location"] == "/admin/", answer.headers
    return answer.status


def fail_five_times(site, address, username="editor", **headers):
    statuses = [log_in(site, address, username, f"wrong-password-{attempt}", **headers) for attempt in range(5)]
    assert statuses == [WRONG_PASSWORD] * 4 + [LOCKED_OUT], statuses


def test_five_failures_from_one_client_do_not_lock_the_account_for_another_client(fresh):
    fail_five_times(fresh, ATTACKER)
    assert log_in(fresh, ATTACKER, "editor", PASSWORD) == LOCKED_OUT  # this account, from this address
    assert log_in(fresh, OWNER, "editor", PASSWORD) == LOGGED_IN


def test_a_colleague_behind_the_same_address_still_logs_in_to_their_own_account(fresh):
    """One person's five typos lock their account from their address, not the address for everyone behind it."""
    fail_five_times(fresh, ATTACKER, "editor")
    assert log_in(fresh, ATTACKER, "chief", PASSWORD) == LOGGED_IN


def test_an_x_forwarded_for_sent_by_the_client_changes_nothing_the_app_sees(fresh):
    """An attacker naming the owner's address, then other addresses, in X-Forwarded-For: still one client, its own."""
    fail_five_times(fresh, ATTACKER, **{"X-Forwarded-For": OWNER})
    for forged in ("203.0.113.7", f"{OWNER}, 203.0.113.8", "not an address"):
        assert log_in(fresh, ATTACKER, "editor", PASSWORD, **{"X-Forwarded-For": forged}) == LOCKED_OUT, forged
    assert log_in(fresh, OWNER, "editor", PASSWORD) == LOGGED_IN


def test_the_audit_trail_and_the_lockouts_record_the_client_address_nginx_saw(fresh):
    assert log_in(fresh, OWNER, "chief", PASSWORD) == LOGGED_IN
    fail_five_times(fresh, ATTACKER, **{"X-Forwarded-For": "203.0.113.9"})
    audit, attempts = fresh.recorded()
    assert audit == [("login", "chief", OWNER)] + [("login_failed", "editor", ATTACKER)] * 5
    assert attempts == [("editor", ATTACKER, 5)]
