"""Two gunicorn instances on one PostgreSQL and one Redis: a change published through one is read through the other at once."""

import http.cookiejar
import urllib.parse
import urllib.request

import pytest

from .conftest import PASSWORD
from .html import form_data, visible_text

pytestmark = pytest.mark.server

PAGE = "/en/internal-security-service/"


@pytest.fixture
def shared_servers(deploy):
    """Two instances sharing a fresh PostgreSQL database and a Redis database; skipped where they do not run."""
    site = deploy(redis=True)
    site.manage("shell", "-c", f"from django.contrib.auth.models import User; User.objects.create_superuser('editor', '', {PASSWORD!r})")
    return [site.gunicorn().url for _ in range(2)]


def read(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def test_a_change_published_through_one_instance_is_read_through_the_other_at_once(shared_servers):
    first, second = shared_servers
    assert "He is assisted by a liaison officer" in read(second + PAGE)  # now cached, in the shared cache
    assert read(second + PAGE) == read(first + PAGE)

    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = browser.open(first + "/admin/login/", timeout=5).read().decode()
    fields = {**form_data(login, "login-form"), "username": "editor", "password": PASSWORD}
    body = urllib.parse.urlencode(fields)
    browser.open(first + "/admin/login/", data=body.encode(), timeout=5)
    change_url = first + "/admin/security_service/service/1/change/"
    data = form_data(browser.open(change_url, timeout=5).read().decode(), "service_form")
    data.update({"sections-0-body_en": "Published through the first server.", "_publish": "1"})
    browser.open(
        urllib.request.Request(change_url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": change_url}), timeout=10
    )

    assert "Published through the first server." in visible_text(read(second + PAGE))
    assert "Published through the first server." in visible_text(read(first + PAGE))
