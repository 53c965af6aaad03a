from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, ListView
from modeltranslation.utils import build_localized_fieldname

from .models import Service


def alternates(url_for):
    """The same page in every language: [(code, name, url)], for the language switch and hreflang."""
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            links.append((code, translation.get_language_info(code)["name_local"], url_for()))
    return links


class ServiceListView(ListView):
    template_name = "security_service/service_list.html"
    context_object_name = "services"

    def get_queryset(self):
        return Service.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(alternates=alternates(lambda: reverse("security_service:service_list")), **kwargs)


class ServiceDetailView(DetailView):
    template_name = "security_service/service_detail.html"
    context_object_name = "service"

    def get_queryset(self):
        return Service.objects.published().with_page_content()

    def get_object(self, queryset=None):
        try:
            return self.get_queryset().get_by_slug(self.kwargs["slug"])
        except Service.DoesNotExist:
            raise Http404("No service at this address.") from None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A slug of another language (an old link, a hand-typed address): send the visitor to this language's one.
            service = self.service_with_any_slug(kwargs["slug"])
            if service is None:
                raise
            return redirect(service, permanent=True)

    def service_with_any_slug(self, slug):
        for code, _name in settings.LANGUAGES:
            service = Service.objects.published().filter(**{build_localized_fieldname("slug", code): slug}).first()
            if service is not None:
                return service
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(alternates=alternates(self.object.get_absolute_url), **kwargs)
