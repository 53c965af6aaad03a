"""The project's URLs plus the floor: constant bytes of the page's size, through exactly the middleware the page goes through."""

import os

import django.conf.urls as django_urls
from django.http import HttpResponse
from django.urls import path

from embassy_site import urls as project_urls

FLOOR = b"x" * int(os.environ.get("BENCH_FLOOR_BYTES", "0"))


def floor(request):
    return HttpResponse(FLOOR, content_type="text/html; charset=utf-8")


urlpatterns = [*project_urls.urlpatterns, path("__floor__/", floor)]

# The project's error views (Django's where it has none), so that an error answers as in production.
handler400, handler403, handler404, handler500 = (
    getattr(project_urls, name, getattr(django_urls, name)) for name in ("handler400", "handler403", "handler404", "handler500")
)
