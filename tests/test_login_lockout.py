"""Login throttling: five failures for an account from one address lock that account out from that address for an hour,
even with the right password; twenty from an address, whatever the accounts, lock the address. No visitor can lock an
account out from everywhere.

Client addresses are set in the request (REMOTE_ADDR, all on the loopback range): no traffic leaves the test. Behind
nginx, where every request comes from 127.0.0.1: test_login_behind_nginx.py.
"""

import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from security_service.models import AuditEvent

from .conftest import PASSWORD
from .html import visible_text

LOGIN = "/admin/login/?next=/admin/"
LOCKED_TITLE = "Trop de connexions échouées"
LOCKED_EXPLANATION = "bloquée pendant une heure, même avec le bon mot de passe"


def visitor(address, **headers):
    return Client(REMOTE_ADDR=address, headers=headers)


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def assert_logged_in(response):
    assert response.status_code == 302 and response["Location"] == "/admin/", visible_text(response.content.decode())[:500]


def assert_locked_out(response, client):
    text = visible_text(response.content.decode())
    assert response.status_code == 429
    assert LOCKED_TITLE in text and "réessayez plus tard" in text.lower(), text
    assert client.get("/admin/").status_code == 302  # not logged in: sent to the login page


def fail_five_times(client, username="editor"):
    """Four wrong passwords get the login form's error; the fifth locks the account from this address at once."""
    for attempt in range(4):
        response = log_in(client, username, f"wrong-password-{attempt}")
        assert response.status_code == 200
        assert "Sachez que les deux champs peuvent être sensibles à la casse" in visible_text(response.content.decode())
    assert_locked_out(log_in(client, username, "wrong-password-4"), client)


@pytest.fixture
def chief(db, django_user_model):
    """Another superuser, who lifts lockouts."""
    return django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)


def test_the_sixth_attempt_with_the_right_password_is_refused_with_a_clear_message_in_french(editor):
    client = visitor("127.0.0.2", accept_language="en-GB,en;q=0.9")  # the admin speaks French whatever the browser says
    fail_five_times(client)
    response = log_in(client, "editor", PASSWORD)
    assert_locked_out(response, client)
    assert LOCKED_EXPLANATION in visible_text(response.content.decode())


def test_five_failures_from_one_address_do_not_lock_the_account_from_another(editor):
    attacker = visitor("127.0.0.10")
    fail_five_times(attacker)
    assert_locked_out(log_in(attacker, "editor", PASSWORD), attacker)
    assert_logged_in(log_in(visitor("127.0.0.20"), "editor", PASSWORD))


def test_failures_spread_over_addresses_lock_no_address_and_not_the_account(editor):
    """Four failures from each of five addresses: no pair reaches five, so the owner logs in from any of them."""
    for attempt in range(20):
        assert log_in(visitor(f"127.0.0.{30 + attempt % 5}"), "editor", f"wrong-{attempt}").status_code == 200
    assert_logged_in(log_in(visitor("127.0.0.30"), "editor", PASSWORD))


def test_a_colleague_behind_the_same_address_still_logs_in_to_their_own_account(editor, chief):
    """One person's five typos lock their own account from the office's address, not the address for everyone."""
    office = visitor("127.0.0.11")
    fail_five_times(office, "editor")
    assert_logged_in(log_in(visitor("127.0.0.11"), "chief", PASSWORD))
    assert_locked_out(log_in(office, "editor", PASSWORD), office)


def test_twenty_failures_from_an_address_lock_it_whatever_the_accounts(editor):
    """Trying many accounts from one address, four tries each: the twentieth failure locks the address for every account."""
    attacker = visitor("127.0.0.3")
    names = ("admin", "root", "editeur", "Editor", "test")
    for attempt in range(20):
        assert log_in(attacker, names[attempt % 5], f"wrong-{attempt}").status_code == (200 if attempt < 19 else 429), attempt
    assert_locked_out(log_in(attacker, "editor", PASSWORD), attacker)
    # The account itself is not locked: from another address, its owner logs in.
    assert_logged_in(log_in(visitor("127.0.0.4"), "editor", PASSWORD))


def test_a_superuser_lifts_the_lockout_in_the_admin_and_the_right_password_works_again(editor, chief):
    client = visitor("127.0.0.5")
    fail_five_times(client)
    assert_locked_out(log_in(client, "editor", PASSWORD), client)

    admin = visitor("127.0.0.6")
    assert_logged_in(log_in(admin, "chief", PASSWORD))
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "editor" in visible_text(listing.content.decode())
    attempts = [str(pk) for pk in AccessAttempt.objects.filter(username="editor").values_list("pk", flat=True)]
    assert attempts
    response = admin.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="editor").exists()

    assert_logged_in(log_in(client, "editor", PASSWORD))


def test_axes_reset_lifts_every_lockout_and_the_right_password_works_again(editor):
    client = visitor("127.0.0.7")
    fail_five_times(client)
    assert_locked_out(log_in(client, "editor", PASSWORD), client)
    call_command("axes_reset", stdout=io.StringIO())
    assert_logged_in(log_in(client, "editor", PASSWORD))


def test_every_login_and_failed_login_is_in_the_audit_trail(editor):
    client = visitor("127.0.0.8")
    fail_five_times(client)
    log_in(client, "editor", PASSWORD)  # refused: locked out
    log_in(client, "nobody", "wrong")  # no such account (this address is not locked for it)
    call_command("axes_reset", stdout=io.StringIO())
    assert_logged_in(log_in(client, "editor", PASSWORD))

    logins = AuditEvent.objects.filter(kind__in=[AuditEvent.Kind.LOGIN, AuditEvent.Kind.LOGIN_FAILED])  # not the seed's publication
    events = list(logins.order_by("at", "pk").values_list("kind", "username", "ip_address"))
    failed = ("login_failed", "editor", "127.0.0.8")
    assert events == [failed] * 6 + [("login_failed", "nobody", "127.0.0.8"), ("login", "editor", "127.0.0.8")]
    assert AuditEvent.objects.get(kind="login").user == editor
