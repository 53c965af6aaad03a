from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "security_service"
urlpatterns = [
    path("", views.service_list, name="service_list"),
    # Before the services' addresses, which they would otherwise look like. Each language has its own address, in
    # Latin letters (the Cyrillic catalogue keeps the Latin one).
    # Translators: the accessibility statement's address in lower-case Latin letters, digits and hyphens, ending with /.
    path(pgettext_lazy("URL", "accessibility/"), views.accessibility, name="accessibility"),
    # Translators: the site map's address in lower-case Latin letters, digits and hyphens, ending with /.
    path(pgettext_lazy("URL", "site-map/"), views.site_map, name="site_map"),
    # The first addresses, French in every language: 301 to the page's address in the language asked for.
    path("accessibilite/", views.moved, {"name": "security_service:accessibility"}),
    path("plan-du-site/", views.moved, {"name": "security_service:site_map"}),
    path("<slug:slug>/", views.service_detail, name="service_detail"),
    path("<slug:slug>/contact-<int:contact>.vcf", views.contact_vcard, name="contact_vcard"),
]
