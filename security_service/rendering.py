"""Service pages rendered once, at publishing, in every language, and stored with their publication.

A visitor's request then reads one row and sends its HTML. The stored HTML is tagged with a version of what
renders it (templates, interface catalogues, static file names, this app's code): after a deployment changes any
of them, each page is rendered again on its first visit, and stored again.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

APP_DIR = Path(__file__).resolve().parent


@functools.cache
def render_version():
    digest = hashlib.sha256()
    sources = [
        *Path(settings.BASE_DIR, "templates").rglob("*.html"),
        *APP_DIR.rglob("*.py"),
        *(path.with_suffix(".mo") for locale in settings.LOCALE_PATHS for path in Path(locale).rglob("*.po")),
        Path(settings.STATIC_ROOT) / "staticfiles.json",
    ]
    for path in sorted(sources):
        if path.is_file():
            digest.update(str(path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path).encode())
            digest.update(path.read_bytes())
    digest.update(settings.SITE_URL.encode())
    return digest.hexdigest()[:16]


def render_page(publication, language):
    """The HTML of a published service page in `language`."""
    from .publishing import Page
    from .views import alternates

    with translation.override(language):
        page = Page.from_publication(publication)
        context = {"page": page, "alternates": alternates(publication.get_absolute_url, page.languages), "site_url": settings.SITE_URL}
        return render_to_string("security_service/service_detail.html", context)


def page_html(publication, language):
    """The stored HTML of the page, rendered and stored now if it is missing or was rendered by other code."""
    version = render_version()
    rendered = publication.rendered or {}
    pages = rendered.get("pages", {}) if rendered.get("version") == version else {}
    if language not in pages:
        pages[language] = render_page(publication, language)
        # Only onto the same publication: a newer one has its own pages.
        type(publication).objects.filter(pk=publication.pk, published_at=publication.published_at).update(
            rendered={"version": version, "pages": pages}
        )
        publication.rendered = {"version": version, "pages": pages}
    return pages[language]


def render_all(publication):
    """Render the page in every language, as publishing does."""
    publication.rendered = {
        "version": render_version(),
        "pages": {code: render_page(publication, code) for code, _name in settings.LANGUAGES},
    }
    type(publication).objects.filter(pk=publication.pk).update(rendered=publication.rendered)
