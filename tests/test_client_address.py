"""The client's address, read as the proxies in front of the app send it (PROXY_COUNT): one function for login throttling
and the audit trail.

Behind the documented nginx (PROXY_COUNT=1), a request reaches the app from 127.0.0.1 with X-Forwarded-For set to
`$proxy_add_x_forwarded_for`: whatever X-Forwarded-For the client sent, then the address nginx saw. The requests here
carry exactly that; test_login_behind_nginx.py sends them through nginx itself.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory, override_settings

from security_service.logins import client_address
from security_service.models import AuditEvent

from .conftest import PASSWORD

NGINX = "127.0.0.1"


def address_of(remote_addr=NGINX, forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr} | ({"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {})
    return client_address(RequestFactory().get("/", **meta))


def test_without_a_proxy_the_client_is_the_connection_and_x_forwarded_for_is_the_clients_own_to_write():
    assert address_of("198.51.100.7") == "198.51.100.7"
    assert address_of("198.51.100.7", forwarded_for="203.0.113.9") == "198.51.100.7"


@override_settings(PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),  # what nginx sends for a client that sent none
        ("203.0.113.9, 198.51.100.7", "198.51.100.7"),  # the client's own X-Forwarded-For comes first, and is not read
        ("203.0.113.9,198.51.100.7", "198.51.100.7"),
        ("203.0.113.9, 203.0.113.10, 2001:db8::7", "2001:db8::7"),
        ("not an address, 198.51.100.7", "198.51.100.7"),
        ("198.51.100.7, not an address", None),  # never from nginx: no address rather than a wrong one
        ("2001:0db8:0000::0007", "2001:db8::7"),  # as the audit trail and axes store it
    ],
)
def test_behind_one_proxy_the_client_is_the_last_entry_of_x_forwarded_for(forwarded_for, client):
    assert address_of(forwarded_for=forwarded_for) == client


@override_settings(PROXY_COUNT=1)
def test_behind_one_proxy_a_request_that_did_not_pass_through_it_is_from_its_connection():
    """A health check on loopback, straight to gunicorn."""
    assert address_of("127.0.0.1") == "127.0.0.1"


@override_settings(PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_the_one_the_outer_proxy_saw():
    assert address_of("10.0.0.2", forwarded_for="203.0.113.9, 198.51.100.7, 10.0.0.1") == "198.51.100.7"
    # Through the inner proxy alone: the address it saw.
    assert address_of("10.0.0.2", forwarded_for="198.51.100.7") == "198.51.100.7"


@override_settings(PROXY_COUNT=1)
def test_failed_logins_are_audited_and_throttled_by_the_address_nginx_saw(editor):
    """Five failures from 198.51.100.7, each naming another address in X-Forwarded-For: one client, locked; others log in."""
    for attempt in range(5):
        response = Client(REMOTE_ADDR=NGINX, headers={"x-forwarded-for": f"203.0.113.{attempt}, 198.51.100.7"}).post(
            "/admin/login/?next=/admin/", {"username": "editor", "password": f"wrong-{attempt}"}
        )
        assert response.status_code == (200 if attempt < 4 else 429)
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert list(failed.values_list("ip_address", flat=True)) == ["198.51.100.7"] * 5
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [("editor", "198.51.100.7", 5)]

    owner = Client(REMOTE_ADDR=NGINX, headers={"x-forwarded-for": "198.51.100.8"})
    assert owner.post("/admin/login/?next=/admin/", {"username": "editor", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN).ip_address == "198.51.100.8"
