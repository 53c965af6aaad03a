"""Public pages kept in Django's cache: one entry per page and language, valid while what it was rendered from is.

Each view reads its publication first (one query), then looks for the page under a fixed key (`service:<pk>:<lang>`),
and uses the entry only if it was rendered from the same `stamp`: the publication's date, the accessibility
statement's (every footer shows it), and the release (the settings a page shows, the templates, code and catalogues
that render it). So no entry outlives what it shows, in any process and whatever the cache backend, and every page
has one entry, whatever the address or query string it was asked for by. Publishing deletes the entries after the
commit, to free them.
"""

import functools
import hashlib
import logging
import threading
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

TIMEOUT = 6 * 3600
# What a page shows besides its content: a change of any of them after a restart renders every page again.
SHOWN_SETTINGS = (
    "SITE_URL",
    "STATIC_URL",
    "MEDIA_URL",
    "EMBASSY_HOME_URL",
    "EMBASSY_SECTION_URL",
    "LEGAL_NOTICE_URL",
    "PERSONAL_DATA_URL",
    "TRANSLATED_LINKS",
)
APP_DIR = Path(__file__).resolve().parent


@functools.cache
def release():
    """A digest of what renders pages besides their content: settings they show, templates, code, catalogues, static names."""
    digest = hashlib.sha256(repr([getattr(settings, name, None) for name in SHOWN_SETTINGS]).encode())
    sources = [
        *Path(settings.BASE_DIR, "templates").rglob("*.html"),
        *APP_DIR.rglob("*.py"),
        *(path for locale in settings.LOCALE_PATHS for path in Path(locale).rglob("*.mo")),
        Path(settings.STATIC_ROOT) / "staticfiles.json",
    ]
    for path in sorted(sources):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stamp(*parts):
    """The version of a page made from `parts` (dates of what it shows): also its ETag."""
    return hashlib.sha256(repr((*parts, release())).encode()).hexdigest()[:32]


def key(name, language):
    return f"page:{name}:{language}"


def get_or_render(name, language, version, render):
    """The HTML of page `name` in `language` at `version`, encoded, from the cache, else from `render()` and stored."""
    if not settings.PAGE_CACHE:
        return render().encode()
    try:
        entry = cache.get(key(name, language))
    except Exception:  # noqa: BLE001 - without its cache, the site still answers
        logger.warning("Page cache unreachable: rendering without it", exc_info=True)
        return render().encode()
    if entry is not None and entry[0] == version:
        return entry[1]
    html = render().encode()  # kept as bytes: the cache and the response use them as they are
    try:
        cache.set(key(name, language), (version, html), timeout=TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unreachable: page not stored", exc_info=True)
    return html


def forget(*names, addresses=()):
    """After the commit, drop the cached pages `names` in every language, and the lists of services; then have the
    caching proxy in front fetch `addresses` again (refresh_proxy)."""

    def drop():
        keys = [key(name, code) for name in (*names, *LISTS) for code, _name in settings.LANGUAGES]
        try:
            cache.delete_many(keys)
        except Exception:  # noqa: BLE001 - entries of a cache that is down are checked against their stamp anyway
            logger.warning("Page cache unreachable: could not drop %s", ", ".join(names), exc_info=True)
        if addresses and settings.PROXY_REFRESH_TOKEN:
            threading.Thread(target=refresh_proxy, args=(list(dict.fromkeys(addresses)),), name="proxy-refresh").start()

    transaction.on_commit(drop)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the proxy keeps the redirection itself; its target is refreshed on its own


def refresh_proxy(paths):
    """Ask the proxy in front (at SITE_URL) for each of `paths` with the token that makes it fetch the page from the app
    and keep the answer (embassy_site/deploy/nginx.conf): a page unpublished or deleted is a 404 there at once, even
    for a proxy that would otherwise serve its old copy while the app cannot answer (stale-if-error)."""
    opener = urllib.request.build_opener(_NoRedirects)
    for path in paths:
        # SITE_URL is http:// or https://, checked in the settings.
        request = urllib.request.Request(settings.SITE_URL + path, headers={"X-Refresh-Cache": settings.PROXY_REFRESH_TOKEN})  # noqa: S310
        try:
            with opener.open(request, timeout=REFRESH_TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as answer:  # a 404 or a redirection: what the proxy is to keep
            answer.close()
        except OSError:
            logger.warning(
                "Caching proxy unreachable at %s: its copy of %s is kept until it expires", settings.SITE_URL, path, exc_info=True
            )
            return


REFRESH_TIMEOUT = 5


# Pages that list the published services.
LISTS = ("services", "site-map")
