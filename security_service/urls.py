from django.urls import path

from . import views

app_name = "security_service"
urlpatterns = [
    path("", views.service_list, name="service_list"),
    # Before the services' addresses, which they would otherwise look like.
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.site_map, name="site_map"),
    path("<slug:slug>/", views.service_detail, name="service_detail"),
    path("<slug:slug>/contact-<int:contact>.vcf", views.contact_vcard, name="contact_vcard"),
]
