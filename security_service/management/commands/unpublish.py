from django.core.management.base import BaseCommand

from security_service.publishing import unpublish

from .publish import operator, service_by_slug


class Command(BaseCommand):
    help = "Unpublish a service (by its address in any language): its pages answer “not found” until it is published again."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the service's address, e.g. service-de-securite-interieure")

    def handle(self, *args, slug, **options):
        service = service_by_slug(slug)
        if unpublish(service, username=operator()):
            self.stdout.write(f"unpublished: {service}")
        else:
            self.stdout.write(f"not public, left as it is: {service}")
