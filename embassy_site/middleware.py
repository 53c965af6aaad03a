"""Project-wide middleware: the admin's language, language prefixes, security headers, CSP, the database-down page."""

import logging
import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)
DATABASE_DOWN = (OperationalError, InterfaceError)


class AdminLanguageMiddleware:
    """The admin speaks French unless the staff member chose another language, whatever the browser says."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL.lstrip("/")
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            chosen = request.COOKIES.get(settings.ADMIN_LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


# "/de/…", "/xx/…", "/fr-fr/…": the visitor asked for a language the site does not serve.
LANGUAGE_LIKE_PREFIX = re.compile(r"^/[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?/", re.IGNORECASE)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a path under an unknown language prefix is a plain 404, not a redirect to a 404."""

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and LANGUAGE_LIKE_PREFIX.match(request.path_info)
            and not translation.get_language_from_path(request.path_info)
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's Content-Security-Policy; the admin's pages also allow the inline styles its widgets set."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/" + settings.ADMIN_URL.lstrip("/")):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts


class DatabaseUnavailableMiddleware:
    """When the database does not answer, visitors get a short page in their language (503), not an error trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A database that does not answer; not an error of the data itself (a bug), which stays a 500.
        if not isinstance(exception, DATABASE_DOWN):
            return None
        return database_unavailable(request, exception)


def database_unavailable(request, exception):
    logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
