import json

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from security_service.models import ContactPoint, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole
from security_service.publishing import publish

PAGES = ("/fr/service-de-securite-interieure/", "/sr/sluzba-za-unutrasnju-bezbednost/", "/en/internal-security-service/")


def grow(service, count):
    """Give the service `count` more items in every list, and publish it."""
    group, contact = service.link_groups.first(), service.contact_points.first()
    StaffRole.objects.bulk_create(StaffRole(service=service, title_fr=f"Rôle {n}", description_fr=f"Texte {n}.") for n in range(count))
    Mission.objects.bulk_create(Mission(service=service, body_fr=f"Mission {n}.", position=n) for n in range(count))
    LinkGroup.objects.bulk_create(LinkGroup(service=service, heading_fr=f"Groupe {n}") for n in range(count))
    Link.objects.bulk_create(Link(service=service, group=group, label_fr=f"Lien {n}", url=f"https://example.org/{n}") for n in range(count))
    ContactPoint.objects.bulk_create(ContactPoint(service=service, label_fr=f"Guichet {n}", country_code="RS") for n in range(count))
    PhoneNumber.objects.bulk_create(PhoneNumber(service=service, contact_point=contact, number="+381113023569") for _ in range(count))
    publish(service)


class Command(BaseCommand):
    help = "Count the SQL queries of a cold service page with N items in every list (changes are rolled back). For `make bench`."

    def add_arguments(self, parser):
        parser.add_argument("counts", nargs="+", type=int)

    def handle(self, *args, counts, **options):
        results = {}
        for count in counts:
            with transaction.atomic():
                service = Service.objects.get(slug_fr="service-de-securite-interieure")
                grow(service, count)
                client = Client(HTTP_HOST="127.0.0.1")
                per_page = []
                for page in PAGES:
                    with CaptureQueriesContext(connection) as queries:
                        assert client.get(page).status_code == 200  # noqa: S101
                    per_page.append(len(queries))
                results[str(count)] = max(per_page)
                transaction.set_rollback(True)
        self.stdout.write(json.dumps(results))
