"""SQL queries of cold views and of the admin's "Save and publish" as content grows; prints them as one line of JSON.

`python -m bench` runs it as `python -m bench.queries` with DJANGO_SETTINGS_MODULE=bench.settings and PAGE_CACHE=0,
on a database with the content loaded. Each size is built in a transaction that is rolled back.
"""

import json
import logging
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from security_service.models import Service
from tests.factories import grow, publish_services
from tests.html import form_data

HOST = "127.0.0.1"
SLUG = "service-de-securite-interieure"
SERVICE_PAGES = ("/fr/service-de-securite-interieure/", "/sr/sluzba-za-unutrasnju-bezbednost/", "/en/internal-security-service/")
SITE_PAGES = ("/fr/", "/fr/plan-du-site/", "/sitemap.xml")
ITEMS_PER_LIST = (1, 10, 100, 1000)
PUBLISHED_SERVICES = (1, 10, 100, 1000)
ADMIN_ITEMS_PER_LIST = (0, 10, 100)
EDITOR, PASSWORD = "bench-editor", "a-long-bench-password-1"


def counted(request, *args, **kwargs):
    reset_queries()  # the log keeps 9,000 queries: growing the content must not push the counted ones out
    with CaptureQueriesContext(connection) as queries:
        response = request(*args, **kwargs)
    return response, len(queries)


class Recorded(logging.Handler):
    """Keeps what Django logs, to say why a request was refused."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def cold_view(client, url):
    """Queries of a view with the page cache off, once the process's lasting caches (the current Site) are filled."""
    client.get(url)
    response, queries = counted(client.get, url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return queries


def service_pages():
    counts = {url: {} for url in SERVICE_PAGES}
    for size in ITEMS_PER_LIST:
        with transaction.atomic():
            grow(Service.objects.get(slug_fr=SLUG), size)
            client = Client(HTTP_HOST=HOST)
            for url in SERVICE_PAGES:
                counts[url][str(size)] = cold_view(client, url)
            transaction.set_rollback(True)
    return [{"name": url, "kind": "cold view", "by": "items added per list", "counts": counts[url]} for url in SERVICE_PAGES]


def site_pages():
    counts = {url: {} for url in SITE_PAGES}
    with transaction.atomic():
        Service.objects.all().delete()  # exactly `size` services are published, whatever the content loaded
        published = 0
        for size in PUBLISHED_SERVICES:
            publish_services(size - published, start=published)
            published = size
            client = Client(HTTP_HOST=HOST)
            for url in SITE_PAGES:
                counts[url][str(size)] = cold_view(client, url)
        transaction.set_rollback(True)
    return [{"name": url, "kind": "cold view", "by": "published services", "counts": counts[url]} for url in SITE_PAGES]


def save_and_publish(client, url, data):
    """The response, its SQL queries, and why it was refused (what Django logged) unless it redirected."""
    logged = Recorded()
    logging.getLogger("django").addHandler(logged)
    try:
        response, queries = counted(client.post, url, {**data, "_publish": "1"})
    finally:
        logging.getLogger("django").removeHandler(logged)
    refusal = None
    if response.status_code != 302:
        refusal = logged.messages[0] if logged.messages else f"HTTP {response.status_code}: the change form came back, with errors"
    return response, queries, refusal


def admin_save_and_publish():
    """An editor's "Save and publish" of the Belgrade page, posting the change form as the browser would send it unchanged."""
    options = Service._meta
    counts, statuses, fields, refusals, unlimited = {}, {}, {}, {}, {}
    for size in ADMIN_ITEMS_PER_LIST:
        with transaction.atomic():
            service = Service.objects.get(slug_fr=SLUG)
            if size:
                grow(service, size)
            get_user_model().objects.create_superuser(EDITOR, f"{EDITOR}@example.org", PASSWORD)
            client = Client(HTTP_HOST=HOST)
            login = client.post(reverse("admin:login"), {"username": EDITOR, "password": PASSWORD})
            if login.status_code != 302:
                raise RuntimeError(f"the editor could not log in: {login.status_code}")
            url = reverse(f"admin:{options.app_label}_{options.model_name}_change", args=[service.pk])
            page = client.get(url)
            if page.status_code != 200:
                raise RuntimeError(f"the change form answered {page.status_code}")
            data = form_data(page.content.decode(), f"{options.model_name}_form")
            key = str(size)
            response, counts[key], refusal = save_and_publish(client, url, data)
            statuses[key], fields[key] = response.status_code, len(data) + 1
            if refusal:
                refusals[key] = refusal
                if response.status_code == 400:
                    # What the save would cost were the request accepted: the queries the target is about.
                    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=None):
                        response, queries, _refusal = save_and_publish(client, url, data)
                    unlimited[key] = {"status": response.status_code, "queries": queries}
            transaction.set_rollback(True)
    return [
        {
            "name": "Belgrade page, as an editor",
            "kind": "admin save and publish",
            "by": "items added per list",
            "counts": counts,
            "statuses": statuses,
            "expected_status": 302,
            "fields_posted": fields,
            "refusals": refusals,
            "without_field_limit": unlimited,
        }
    ]


def main():
    if settings.PAGE_CACHE:
        raise SystemExit("run with PAGE_CACHE=0: these are the queries of cold views")
    print(json.dumps(service_pages() + site_pages() + admin_save_and_publish()))


if __name__ == "__main__":
    main()
