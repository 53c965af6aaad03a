"""The public pages: the services' pages, their list, the site map, the accessibility statement and contact cards.

Each page reads what it shows in one query, answers a conditional request with 304 from that alone, and is otherwise
rendered through its template or taken from the page cache (page_cache.py), keyed on what it was rendered from.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from modeltranslation.utils import build_localized_fieldname

from . import page_cache, vcard
from .languages import alternates
from .models import AccessibilityStatement, Publication, live_version
from .page_texts import prepare_texts
from .pages import Page


def public(view):
    """A read-only public page: GET and HEAD; other methods get 405 (not a CSRF 403)."""
    return csrf_exempt(require_safe(view))


def cache_headers(response):
    """Proxies keep a public answer PROXY_CACHE_SECONDS, then revalidate; so an unpublished page is gone within twice that."""
    seconds = settings.PROXY_CACHE_SECONDS
    response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={seconds}, stale-if-error=86400"
    return response


def page_response(request, name, parts, last_modified, render):
    """The page `name` in the current language, made from `parts` (what it shows, by date): 304, cached, or rendered."""
    language = translation.get_language()
    version = page_cache.stamp(name, language, *parts)
    etag = quote_etag(version)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(page_cache.get_or_render(name, language, version, render))
    response["ETag"] = etag
    if timestamp:
        response["Last-Modified"] = http_date(timestamp)
    return cache_headers(response)


# Said on a translated page, by the language of the reference: a whole sentence each, for each language's grammar.
REFERENCE_NOTES = {
    "fr": _("This page is a translation: the French version is the reference."),
    "sr-latn": _("This page is a translation: the Serbian version is the reference."),
    "sr": _("This page is a translation: the Serbian version is the reference."),
    "en": _("This page is a translation: the English version is the reference."),
    "nl": _("This page is a translation: the Dutch version is the reference."),
    "bg": _("This page is a translation: the Bulgarian version is the reference."),
    "de": _("This page is a translation: the German version is the reference."),
    "es": _("This page is a translation: the Spanish version is the reference."),
    "it": _("This page is a translation: the Italian version is the reference."),
    "ar": _("This page is a translation: the Arabic version is the reference."),
}


def service_page_html(request, page, page_alternates, **context):
    """A service page's HTML: for visitors, and for staff's preview (`preview="draft"`, or `"published"` for the published
    page shown beside it)."""
    language = translation.get_language()
    by_language = {alternate.code: alternate for alternate in page_alternates}
    context = {
        "page": page,
        "alternates": page_alternates,
        "preview": False,
        "this_page": by_language.get(language),
        # The page in the language it is written in, the reference, which a translated page links to.
        "reference_page": by_language.get(page.source) if language != page.source else None,
        "reference_note": REFERENCE_NOTES.get(page.source),
        **context,
    }
    return render_to_string("security_service/service_detail.html", context, request)


def statement_status(status):
    return status or AccessibilityStatement.Status.NON_COMPLIANT


@public
def service_detail(request, slug):
    version = live_version(slug)
    if version is None:
        # A slug of another language (an old link, a hand-typed address): send the visitor to this language's one.
        publication = Publication.objects.live().with_any_slug(slug)
        if publication is None:
            raise Http404("No service at this address.")
        return redirect(publication, permanent=True)

    def render():
        try:
            publication = Publication.objects.live().get(pk=version.pk)
        except Publication.DoesNotExist:  # unpublished since the first query
            raise Http404("No service at this address.") from None
        page = Page.from_publication(publication)
        return service_page_html(
            request,
            page,
            alternates(publication.get_absolute_url, page.languages),
            accessibility_status=statement_status(version.statement_status),
        )

    # With the day: a dated notice comes and goes at midnight, whatever the cache holds.
    parts = (version.pk, version.published_at, version.statement_changed, timezone.localdate())
    # A page dated by a day only has changed, as far as HTTP knows, when it was published.
    last_modified = max(filter(None, (version.last_modified or version.published_at, version.statement_changed)))
    return page_response(request, f"service:{version.pk}", parts, last_modified, render)


def listing(request, name, template, url_name):
    """A page that lists the published services."""
    publications = list(Publication.objects.live().with_statement())
    if publications:
        status, changed = publications[0].statement_status, publications[0].statement_changed
    else:
        statement = AccessibilityStatement.objects.current()
        status, changed = (statement.status, statement.updated_at) if statement else (None, None)

    def render():
        context = {
            "pages": [(publication, Page.from_publication(publication)) for publication in publications],
            "alternates": alternates(lambda: reverse(url_name)),
            "accessibility_status": statement_status(status),
        }
        return render_to_string(template, context, request)

    parts = (tuple((publication.pk, publication.published_at) for publication in publications), changed)
    dates = [publication.last_modified or publication.published_at for publication in publications]
    last_modified = max(filter(None, [changed, *dates]), default=None)
    return page_response(request, name, parts, last_modified, render)


@public
def service_list(request):
    return listing(request, "services", "security_service/service_list.html", "security_service:service_list")


@public
def site_map(request):
    return listing(request, "site-map", "security_service/site_map.html", "security_service:site_map")


@public
def accessibility(request):
    """The statement staff keep up to date; until they write it, the site says it is not compliant, as the law requires."""
    statement = AccessibilityStatement.objects.current()

    def render():
        if statement is not None:
            prepare_texts(statement, translation.get_language())
        status = statement_status(statement.status if statement else None)
        context = {
            "statement": statement,
            "accessibility_status": status,
            "status_label": AccessibilityStatement.Status(status).statement_label,
            "alternates": alternates(lambda: reverse("security_service:accessibility")),
        }
        return render_to_string("security_service/accessibility.html", context, request)

    changed = statement.updated_at if statement else None
    return page_response(request, "accessibility", (changed,), changed, render)


@public
def moved(request, name):
    """An address the page `name` had before it had one per language: 301 to its address in this language."""
    return redirect(name, permanent=True)


@public
def contact_vcard(request, slug, contact):
    """Download a contact point of a published service as a .vcf file, in the visitor's language."""
    try:
        publication = Publication.objects.live().get(**{build_localized_fieldname("slug", translation.get_language()): slug})
    except Publication.DoesNotExist:
        raise Http404("No service at this address.") from None
    page = Page.from_publication(publication)
    found = next((point for point in page.contact_points if point.pk == contact), None)
    if found is None:
        raise Http404("No such contact point.")
    url = request.build_absolute_uri(publication.get_absolute_url())
    card = vcard.vcard(page.service, found, url, publication.last_modified or publication.modified_on)
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{publication.slug}-{contact}.vcf"'
    return response
