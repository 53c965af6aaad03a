from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView

from .models import Publication
from .publishing import Page


def alternates(url_for):
    """The same page in every language: [(code, name, url)], for the language switch and hreflang."""
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            links.append((code, translation.get_language_info(code)["name_local"], url_for()))
    return links


class ServiceListView(TemplateView):
    template_name = "security_service/service_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pages=[(publication, Page.from_publication(publication)) for publication in Publication.objects.live()],
            alternates=alternates(lambda: reverse("security_service:service_list")),
            **kwargs,
        )


class ServiceDetailView(TemplateView):
    """A published service, read from its last publication."""

    template_name = "security_service/service_detail.html"

    def get(self, request, *args, slug, **kwargs):
        publications = Publication.objects.live()
        try:
            self.publication = publications.get_by_slug(slug)
        except Publication.DoesNotExist:
            # A slug of another language (an old link, a hand-typed address): send the visitor to this language's one.
            publication = publications.with_any_slug(slug)
            if publication is None:
                raise Http404("No service at this address.") from None
            return redirect(publication, permanent=True)
        return super().get(request, *args, slug=slug, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=Page.from_publication(self.publication), alternates=alternates(self.publication.get_absolute_url), **kwargs
        )
