"""The site's own pages besides the services: the accessibility statement and the site map."""

from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView

from .models import AccessibilityStatement, Publication
from .publishing import Page, prepare_texts
from .views import alternates


class AccessibilityStatementView(TemplateView):
    """The statement staff keep up to date; until they write it, the site says it is not compliant, as the law requires."""

    template_name = "security_service/accessibility.html"

    def get_context_data(self, **kwargs):
        statement = AccessibilityStatement.objects.current()
        if statement is not None:
            prepare_texts(statement, translation.get_language())
        status = statement.status if statement else AccessibilityStatement.Status.NON_COMPLIANT
        return super().get_context_data(
            statement=statement,
            accessibility_status=status,
            status_label=AccessibilityStatement.Status(status).label,
            alternates=alternates(lambda: reverse("security_service:accessibility")),
            **kwargs,
        )


class SiteMapView(TemplateView):
    template_name = "security_service/site_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pages=[(publication, Page.from_publication(publication)) for publication in Publication.objects.live()],
            alternates=alternates(lambda: reverse("security_service:site_map")),
            **kwargs,
        )
