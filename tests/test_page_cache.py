import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from security_service.models import Service
from security_service.publishing import publish, unpublish

from .factories import grow, publish_services
from .html import visible_text
from .test_public_page import PAGES


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize("lang", list(PAGES))
def test_a_cached_page_touches_no_database(client, ssi, lang):
    first, cold = queries_for(client, PAGES[lang])
    second, warm = queries_for(client, PAGES[lang])
    assert (cold, warm) == (1, 0)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_publishing_a_change_is_seen_at_once(client, ssi):
    client.get(PAGES["en"])
    ssi.intro_en = "A new introduction."
    ssi.save()
    assert "A new introduction." not in visible_text(client.get(PAGES["en"]).content.decode())  # a draft
    publish(ssi)
    assert "A new introduction." in visible_text(client.get(PAGES["en"]).content.decode())


def test_unpublishing_and_deleting_are_seen_at_once(client, ssi):
    assert client.get(PAGES["fr"]).status_code == 200
    assert client.get("/fr/").status_code == 200
    unpublish(ssi)
    assert client.get(PAGES["fr"]).status_code == 404
    assert "Service de sécurité intérieure" not in visible_text(client.get("/fr/").content.decode())
    publish(ssi)
    assert client.get(PAGES["fr"]).status_code == 200
    Service.objects.get(pk=ssi.pk).delete()
    assert client.get(PAGES["fr"]).status_code == 404


def test_pages_carry_validators_and_answer_conditional_requests_with_304(client, ssi):
    for _ in range(2):  # cold, then from the cache
        response = client.get(PAGES["fr"])
        assert response["Last-Modified"] == "Fri, 05 Jun 2020 10:00:00 GMT"
        assert "stale-while-revalidate" in response["Cache-Control"] and "public" in response["Cache-Control"]
        assert client.get(PAGES["fr"], headers={"if-none-match": response["ETag"]}).status_code == 304
        assert client.get(PAGES["fr"], headers={"if-modified-since": response["Last-Modified"]}).status_code == 304
    assert client.get(PAGES["fr"], headers={"if-none-match": '"other"'}).status_code == 200


def test_with_the_page_cache_off_every_view_renders(client, ssi, settings):
    settings.PAGE_CACHE = False
    assert queries_for(client, PAGES["fr"])[1] == 1
    assert queries_for(client, PAGES["fr"])[1] == 1


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


@pytest.mark.parametrize("count", [1, 200])
@pytest.mark.parametrize("lang", list(PAGES))
def test_queries_per_page_do_not_grow_with_content(client, ssi, settings, count, lang):
    settings.PAGE_CACHE = False
    grow(ssi, count)
    response, queries = queries_for(client, PAGES[lang])
    assert response.status_code == 200
    assert f"Mission {count - 1}." in visible_text(response.content.decode())
    assert queries == 1


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("url", ["/fr/", "/fr/plan-du-site/", "/sitemap.xml"])
def test_queries_of_the_site_pages_do_not_grow_with_services(client, db, settings, count, url):
    settings.PAGE_CACHE = False
    publish_services(count)
    client.get(url)  # fills the current Site, which a server keeps for its lifetime
    response, queries = queries_for(client, url)
    assert response.status_code == 200
    assert f"/fr/service-{count - 1}/" in response.content.decode()
    assert queries <= 2
