import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class AdminLanguageMiddleware:
    """The admin speaks French unless the staff member chose another language, whatever the browser says."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL.lstrip("/")
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
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
