from django.urls import path

from . import views

app_name = "security_service"
urlpatterns = [
    path("", views.ServiceListView.as_view(), name="service_list"),
    path("<slug:slug>/", views.ServiceDetailView.as_view(), name="service_detail"),
]
