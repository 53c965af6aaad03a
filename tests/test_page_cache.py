"""The page cache: one entry per page and language, used only while the publication it was rendered from is live."""

import http.server
import socket
import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from security_service import page_cache
from security_service.models import Service
from security_service.publishing import publish, unpublish

from .factories import grow, publish_services, text_section
from .html import visible_text
from .test_public_page import PAGES
from .test_settings import run_check


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def cached_pages():
    """The keys of the pages in the test's local-memory cache."""
    return sorted(key for key in cache._cache if ":page:" in key)


@pytest.mark.parametrize("lang", list(PAGES))
def test_a_page_is_rendered_once_then_served_from_the_cache_after_one_read(client, ssi, lang):
    first, cold = queries_for(client, PAGES[lang])
    second, warm = queries_for(client, PAGES[lang])
    assert (cold, warm) == (2, 1)  # the publication, then its snapshot to render it; then the publication only
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_deleted_service_is_gone_at_once(client, ssi):
    assert client.get(PAGES["fr"]).status_code == 200  # and now in the cache, as is the list
    assert "Service de sécurité intérieure" in visible_text(client.get("/fr/").content.decode())
    Service.objects.get(pk=ssi.pk).delete()
    assert client.get(PAGES["fr"]).status_code == 404
    assert "Service de sécurité intérieure" not in visible_text(client.get("/fr/").content.decode())


def test_the_cache_is_cleared_after_the_commit_and_an_old_page_is_never_served(client, ssi, django_capture_on_commit_callbacks):
    client.get(PAGES["en"])
    assert cached_pages()
    intro = text_section(ssi)
    intro.body_en = "A new introduction."
    intro.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        publish(ssi)
        # Not yet committed: another server could still render and store the old page meanwhile...
        assert cached_pages()
        client.get(PAGES["en"])
    assert callbacks  # ...and the entries go only after the commit,
    assert not [key for key in cached_pages() if ":services:" not in key and ":site-map:" not in key and key.endswith(":en")]
    # while a page stored from the old publication, whenever it was, is not served for the new one.
    assert "A new introduction." in visible_text(client.get(PAGES["en"]).content.decode())


def test_query_strings_and_script_name_headers_store_no_other_copy(client, ssi):
    client.get(PAGES["fr"])
    stored = cached_pages()
    assert len(stored) == 1
    for n in range(20):
        assert client.get(f"{PAGES['fr']}?utm_source={n}").status_code == 200
    odd = client.get(PAGES["fr"], SCRIPT_NAME="/odd")
    assert cached_pages() == stored
    assert 'href="/odd' not in odd.content.decode()


def test_a_changed_setting_shown_on_pages_is_shown_after_a_restart(client, ssi, settings):
    assert "https://example.org/legal-notice" not in client.get(PAGES["fr"]).content.decode()
    settings.LEGAL_NOTICE_URL = "https://example.org/legal-notice"
    page_cache.release.cache_clear()  # what a restart does: the release is worked out when a server starts
    try:
        assert 'href="https://example.org/legal-notice"' in client.get(PAGES["fr"]).content.decode()
    finally:
        page_cache.release.cache_clear()


def test_pages_carry_validators_and_answer_conditional_requests_with_304(client, ssi):
    for _ in range(2):  # cold, then from the cache
        response = client.get(PAGES["fr"])
        assert "Last-Modified" in response and response["ETag"].startswith('"')
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=30, stale-while-revalidate=30, stale-if-error=86400"
        revalidated, queries = queries_for(client, PAGES["fr"], if_none_match=response["ETag"])
        assert (revalidated.status_code, queries) == (304, 1)
        assert client.get(PAGES["fr"], headers={"if-modified-since": response["Last-Modified"]}).status_code == 304
    assert client.get(PAGES["fr"], headers={"if-none-match": '"other"'}).status_code == 200


def test_an_unpublished_page_is_kept_by_proxies_no_longer_than_a_page(client, ssi, settings):
    settings.DEBUG = False
    unpublish(ssi)
    response = client.get(PAGES["fr"])
    assert response.status_code == 404
    assert "s-maxage=30" in response["Cache-Control"]  # so a proxy replaces its copy of the page within that time


def test_with_the_page_cache_off_every_view_renders_from_its_publication(client, ssi, settings):
    settings.PAGE_CACHE = False
    assert queries_for(client, PAGES["fr"])[1] == 2  # the publication's version, then its snapshot
    assert queries_for(client, PAGES["fr"])[1] == 2
    assert not cached_pages()


def test_when_the_cache_server_is_down_pages_are_rendered_without_it(client, ssi, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(PAGES["en"])
    assert response.status_code == 200
    assert "Internal Security Service" in visible_text(response.content.decode())
    assert "Page cache unreachable: rendering without it" in caplog.text


@pytest.mark.parametrize("lang", list(PAGES))
def test_queries_per_page_do_not_grow_with_content(client, ssi, settings, lang):
    settings.PAGE_CACHE = False
    assert queries_for(client, PAGES[lang])[1] == 2  # the seed's content
    grow(ssi, 50)  # a query per item would show as dozens
    response, queries = queries_for(client, PAGES[lang])
    assert response.status_code == 200
    assert "Mission 49." in visible_text(response.content.decode())
    assert queries == 2


@pytest.mark.parametrize("url", ["/fr/", "/fr/plan-du-site/", "/sitemap.xml"])
def test_queries_of_the_site_pages_do_not_grow_with_services(client, db, settings, url):
    settings.PAGE_CACHE = False
    client.get(url)  # fills the current Site, which a server keeps for its lifetime
    assert queries_for(client, url)[1] <= 2  # the seed's one service
    publish_services(30)
    response, queries = queries_for(client, url)
    assert response.status_code == 200
    assert "/fr/service-29/" in response.content.decode()
    assert queries <= 2


class ProxyStandIn(http.server.ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 that records what it is asked for, as the caching proxy would be asked."""

    def __init__(self):
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.requests.append((self.path, self.headers.get("X-Refresh-Cache")))
                self.send_response(404 if "securite" in self.path else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def test_unpublishing_asks_the_proxy_for_the_page_s_addresses_with_the_token(ssi, settings, django_capture_on_commit_callbacks):
    proxy = ProxyStandIn()
    settings.SITE_URL, settings.PROXY_REFRESH_TOKEN = f"http://127.0.0.1:{proxy.server_address[1]}", "a" * 32
    try:
        publish(ssi)
        proxy.requests.clear()
        with django_capture_on_commit_callbacks(execute=True):
            unpublish(ssi)
        for thread in threading.enumerate():
            if thread.name == "proxy-refresh":
                thread.join(timeout=10)
    finally:
        proxy.shutdown()
        proxy.server_close()
    asked = {path for path, token in proxy.requests if token == "a" * 32}
    assert len(asked) == len(proxy.requests)
    assert {"/fr/service-de-securite-interieure/", "/en/internal-security-service/", "/fr/", "/sr/mapa-sajta/"} <= asked
    assert any(path.startswith("/sr-latn/") and path.endswith(".vcf") for path in asked)


def test_a_proxy_that_does_not_answer_leaves_unpublishing_done_and_says_so(ssi, settings, caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.SITE_URL, settings.PROXY_REFRESH_TOKEN = f"http://127.0.0.1:{closed_port}", "b" * 32
    page_cache.refresh_proxy(["/fr/"])
    assert "Caching proxy unreachable" in caplog.text


@pytest.mark.parametrize("token", ["short", "a" * 15, "with spaces in it!!", "tok\nen" * 4])
def test_a_refresh_token_nginx_could_not_hold_is_refused_at_start(token):
    result = run_check(SECRET_KEY="x" * 50, ALLOWED_HOSTS="www.example.org", PROXY_REFRESH_TOKEN=token)
    assert result.returncode != 0 and "PROXY_REFRESH_TOKEN is 16 letters and digits or more" in result.stderr
