import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from security_service.models import Service
from security_service.publishing import publish


def operator():
    """Who ran the command, for the audit trail: the system account, as no staff account is logged in."""
    return f"{getpass.getuser()} (manage.py)"


def service_by_slug(slug):
    service = Service.objects.with_any_slug(slug)
    if service is None:
        raise CommandError(f"No service has the address “{slug}” in any language.")
    return service


class Command(BaseCommand):
    help = "Publish the draft of a service (by its address in any language), or of every service, as the admin's “Save and publish”."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="the service's address, e.g. service-de-securite-interieure")
        parser.add_argument("--all", action="store_true", help="publish every service")

    def handle(self, *args, slug, all, **options):
        if bool(slug) == all:
            raise CommandError("Give the address of one service, or --all.")
        services = list(Service.objects.all()) if all else [service_by_slug(slug)]
        with transaction.atomic():
            for service in services:
                try:
                    publish(service, username=operator())
                except ValidationError as error:
                    raise CommandError(f"{service}: not published, nothing was: {' '.join(error.messages)}") from None
                self.stdout.write(f"published: {service}")
