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
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
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


def _not_modified(request, entry):
    """A 304 when the visitor's copy is this page (If-None-Match, or If-Modified-Since), else None."""
    last_modified = entry["headers"].get("Last-Modified")
    timestamp = parse_http_date_safe(last_modified) if last_modified else None
    return get_conditional_response(request, etag=entry["headers"].get("ETag"), last_modified=timestamp)


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
        # Every header the middleware below this one has set: a replay skips them.
        headers = {name: value for name, value in response.items() if name.lower() != "set-cookie"}
        entry = {"generation": generation, "status": response.status_code, "content": response.content, "headers": headers}
        cache.set(key, entry, timeout=PAGE_TIMEOUT)
    except Exception:  # noqa: BLE001 - without its cache, the site still answers
        logger.warning("Page cache unreachable: page not stored", exc_info=True)


class PageCacheMiddleware:
    """Answers from the page cache before URL resolution and the rest of the middleware; stores the pages views mark.

    Like Django's own cache middleware, it sits high in MIDDLEWARE: what sits above it (security headers, CSP) still
    applies to every answer; what sits below it ran when the page was stored, and its headers were stored with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        key = _key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - without its cache, the site still answers
            logger.warning("Page cache unreachable: rendering without it", exc_info=True)
            return self.get_response(request)
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if entry is not None and generation is not None and entry["generation"] == generation:
            return _not_modified(request, entry) or _replay(entry)
        request.stale_page = entry  # what the view may serve if the database fails
        response = self.get_response(request)
        if getattr(response, "page_cacheable", False) and response.status_code == 200 and not response.cookies:
            _store(key, response, generation)
        return response


def cached_page(view):
    """Mark a public view's pages for the page cache, with their caching headers; serve a stale copy if the database fails."""

    def cached_view(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except DatabaseError:
            stale = getattr(request, "stale_page", None)
            if stale is None:
                raise
            logger.error("Database unreachable: serving a stale copy of %s", request.path, exc_info=True)
            return _replay(stale, STALE_CACHE_CONTROL)
        return _fresh(response)

    cached_view.__name__ = getattr(view, "__name__", "cached_view")
    # Public pages only read: without a CSRF check, a POST (PUT, DELETE…) is answered 405 by the view, not 403.
    return csrf_exempt(cached_view)


def _fresh(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200:
        response.page_cacheable = True
        response.setdefault("Cache-Control", FRESH_CACHE_CONTROL)
        if "ETag" not in response:
            response["ETag"] = '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    return response
