from django.urls import path

from . import site_pages, vcard, views
from .cache import cached_page

app_name = "security_service"
urlpatterns = [
    path("", cached_page(views.ServiceListView.as_view()), name="service_list"),
    # Before the services' addresses, which they would otherwise look like.
    path("accessibilite/", cached_page(site_pages.AccessibilityStatementView.as_view()), name="accessibility"),
    path("plan-du-site/", cached_page(site_pages.SiteMapView.as_view()), name="site_map"),
    path("<slug:slug>/", cached_page(views.ServiceDetailView.as_view()), name="service_detail"),
    path("<slug:slug>/contact-<int:contact>.vcf", vcard.contact_vcard, name="contact_vcard"),
]
