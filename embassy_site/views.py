"""Project-wide views: robots.txt, the visitor's and the admin's language choice, and the 500 page."""

import sys

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from security_service.views import cache_headers

from .middleware import DATABASE_DOWN, database_unavailable


@csrf_exempt  # read only: other methods get 405, not a CSRF 403
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # The language switch's links only set a cookie and redirect to pages the sitemap lists.
        "Disallow: /language/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _go_remembering(request, cookie_name, language, next_url, fallback_url):
    """Redirect to `next_url` (a page of this site, else `fallback_url`), remembering `language` in a cookie."""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = fallback_url
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        cookie_name, language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax", secure=settings.LANGUAGE_COOKIE_SECURE, httponly=True
    )
    return response


@require_POST
def admin_language(request):
    """The language staff choose for the admin, kept apart from the one they last read the public site in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language.")
    admin_home = "/" + settings.ADMIN_URL.lstrip("/")
    return _go_remembering(request, settings.ADMIN_LANGUAGE_COOKIE_NAME, language, request.POST.get("next", ""), admin_home)


@csrf_exempt  # a link: GET and HEAD only, other methods get 405, not a CSRF 403
@require_safe
def remember_language(request, language):
    """Follow a link of the language switch: remember the visitor's choice (for their next visit to /), then go."""
    if language not in dict(settings.LANGUAGES):
        raise Http404("Unknown language.")
    with translation.override(language):
        home = reverse("security_service:service_list")
    return _go_remembering(request, settings.LANGUAGE_COOKIE_NAME, language, request.GET.get("next", ""), home)


def page_not_found(request, exception):
    """Django's 404, kept by proxies as briefly as a page: an unpublished page's 404 replaces its cached copy."""
    response = defaults.page_not_found(request, exception)
    if not request.path_info.startswith("/" + settings.ADMIN_URL.lstrip("/")):
        cache_headers(response)
    return response


def server_error(request):
    """The 500 view (handler500), except for a database that failed outside a view: the 503 page then says so.

    A page not found still reads the database (its footer, the old addresses of RedirectFallbackMiddleware), after
    the view, where DatabaseUnavailableMiddleware does not see the error.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return database_unavailable(request, exception)
    return defaults.server_error(request)
