"""The public page cache: rendered pages kept per address, never stale after a publication.

Every cached page carries the cache "generation" it was rendered in; publishing, unpublishing or deleting a
service starts a new generation (in the shared cache, so every server sees it at once). A request reads the
generation and its page in one round trip, so a hit touches no database. An older page is not served, except
when the database is down: a stale page then beats an error (with a short lifetime for proxies).
Without a cache (Redis down), pages are rendered as if uncached.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "ETag", "Cache-Control")
# Kept long, so that a stale copy is there to serve when the database is down; freshness is by generation.
PAGE_TIMEOUT = 24 * 3600
FRESH_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=600, stale-if-error=86400"
STALE_CACHE_CONTROL = "public, max-age=0, s-maxage=10"


def _key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    return "pages:" + hashlib.sha256(address.encode()).hexdigest()


def invalidate():
    """Start a new generation: every page cached so far is out of date, on every server sharing the cache."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - a cache that is down holds no page to invalidate
        logger.warning("Page cache unreachable: could not start a new generation", exc_info=True)


def _not_modified(entry):
    response = HttpResponseNotModified()
    for name in ("ETag", "Last-Modified", "Cache-Control"):
        if name in entry["headers"]:
            response[name] = entry["headers"][name]
    return response


def _replay(entry, cache_control=None):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def _store(key, response, generation):
    try:
        if generation is None:  # the first page since the cache was emptied
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            generation = cache.get(GENERATION_KEY)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        entry = {"generation": generation, "status": response.status_code, "content": response.content, "headers": headers}
        cache.set(key, entry, timeout=PAGE_TIMEOUT)
    except Exception:  # noqa: BLE001 - without its cache, the site still answers
        logger.warning("Page cache unreachable: page not stored", exc_info=True)


def cached_page(view):
    """Serve a public view from the page cache; set its caching headers either way."""

    def cached_view(request, *args, **kwargs):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return _fresh(view(request, *args, **kwargs))
        key = _key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - without its cache, the site still answers
            logger.warning("Page cache unreachable: rendering without it", exc_info=True)
            return _fresh(view(request, *args, **kwargs))
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if entry is not None and generation is not None and entry["generation"] == generation:
            if entry["headers"].get("ETag") in parse_etags(request.headers.get("If-None-Match", "")):
                return _not_modified(entry)
            return _replay(entry)
        try:
            response = _fresh(view(request, *args, **kwargs))
        except DatabaseError:
            if entry is None:
                raise
            logger.error("Database unreachable: serving a stale copy of %s", request.path, exc_info=True)
            return _replay(entry, STALE_CACHE_CONTROL)
        if response.status_code == 200 and not response.cookies:
            _store(key, response, generation)
        return response

    cached_view.__name__ = getattr(view, "__name__", "cached_view")
    # Public pages only read: without a CSRF check, a POST (PUT, DELETE…) is answered 405 by the view, not 403.
    return csrf_exempt(cached_view)


def _fresh(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200:
        response.setdefault("Cache-Control", FRESH_CACHE_CONTROL)
        if "ETag" not in response:
            response["ETag"] = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    return response
