from django.urls import path

from . import views
from .cache import cached_page

app_name = "security_service"
urlpatterns = [
    path("", cached_page(views.ServiceListView.as_view()), name="service_list"),
    path("<slug:slug>/", cached_page(views.ServiceDetailView.as_view()), name="service_detail"),
]
