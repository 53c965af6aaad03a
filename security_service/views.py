from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView

from .models import Publication
from .publishing import Page
from .rendering import page_html


@dataclass(frozen=True)
class Alternate:
    """The same page in another language, for the language switch and hreflang."""

    code: str
    name: str
    url: str

    @property
    def tag(self):
        return language_tag(self.code)


def language_tag(code):
    """The BCP 47 tag of a language code: sr is sr-Cyrl, sr-latn is sr-Latn."""
    return settings.LANGUAGE_TAGS.get(code, code)


def alternates(url_for, languages=None):
    """The page in each language (those of `languages`, when given) that has something written in it."""
    links = []
    for code, _name in settings.LANGUAGES:
        if languages is None or code in languages:
            with translation.override(code):
                links.append(Alternate(code, translation.get_language_info(code)["name_local"], url_for()))
    return links


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


class ServiceListView(TemplateView):
    template_name = "security_service/service_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pages=[(publication, Page.from_publication(publication)) for publication in Publication.objects.live()],
            alternates=alternates(lambda: reverse("security_service:service_list")),
            **kwargs,
        )


class ServiceDetailView(View):
    """A published service: the HTML stored with its last publication."""

    def get(self, request, *args, slug, **kwargs):
        publications = Publication.objects.live().defer("snapshot")  # read only to render the page again
        try:
            publication = publications.get_by_slug(slug)
        except Publication.DoesNotExist:
            # A slug of another language (an old link, a hand-typed address): send the visitor to this language's one.
            publication = publications.with_any_slug(slug)
            if publication is None:
                raise Http404("No service at this address.") from None
            return redirect(publication, permanent=True)
        response = HttpResponse(page_html(publication, translation.get_language()))
        response["Last-Modified"] = http_date(publication.last_modified.timestamp())
        return response
