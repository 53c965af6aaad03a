import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import slug_re
from django.db import transaction
from django.utils.translation import gettext as _

from security_service.management.files import shown
from security_service.models import Service
from security_service.publishing import publish


def operator():
    """Who ran the command, for the audit trail: the system account, as no staff account is logged in."""
    return f"{getpass.getuser()} (manage.py)"


def check_slug(slug):
    """Refuse what cannot be a service's address (the empty one included: a service has none in the languages it
    is not written in), before the database is asked: PostgreSQL refuses a NUL character in a query."""
    if not slug_re.fullmatch(slug):
        raise CommandError(
            _("“%(slug)s” is not the address of a service: give its last part, in lowercase letters, digits and hyphens, e.g. %(example)s.")
            % {"slug": shown(slug), "example": "service-de-securite-interieure"}
        )


def service_by_slug(slug):
    check_slug(slug)
    service = Service.objects.with_any_slug(slug)
    if service is None:
        raise CommandError(_("No service has the address “%(slug)s” in any language.") % {"slug": shown(slug)})
    return service


class Command(BaseCommand):
    help = "Publish the draft of a service (by its address in any language), or of every service, as the admin's “Save and publish”."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="the service's address, e.g. service-de-securite-interieure")
        parser.add_argument("--all", action="store_true", help="publish every service")

    def handle(self, *args, slug, all, **options):
        if (slug is not None) == all:
            raise CommandError(_("Give the address of one service, or --all."))
        services = list(Service.objects.all()) if all else [service_by_slug(slug)]
        with transaction.atomic():
            for service in services:
                try:
                    publish(service, username=operator())
                except ValidationError as error:
                    raise CommandError(f"{service}: not published, nothing was: {' '.join(error.messages)}") from None
                self.stdout.write(f"published: {service}")
