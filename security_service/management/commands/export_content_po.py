from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from security_service.languages import target_languages
from security_service.management.files import check_output, shown, write_file
from security_service.models import Service
from security_service.po_files import export_po

from .publish import check_slug


class Command(BaseCommand):
    help = "Export the texts of one or all services in a language as a PO file, to translate with gettext tools."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=target_languages(), help="the language to translate into")
        parser.add_argument("--service", metavar="SLUG", help="the French web address of one service (default: all)")
        parser.add_argument("--output", type=Path, help="the file to write (default: standard output)")

    def handle(self, *args, language, service, output, **options):
        if output is not None:
            check_output(output)  # before the export, which takes a while
        services = Service.objects.with_parts()
        if service is not None:
            check_slug(service)
            services = services.filter(slug_fr=service)
            if not services:
                raise CommandError(_("No service has the French web address “%(slug)s”.") % {"slug": shown(service)})
        po = export_po(language, services)
        if output is not None:
            write_file(output, str(po).encode(po.encoding))
            self.stderr.write(f"{len(po)} entries, {po.percent_translated()}% translated, written to {output}")
        else:
            self.stdout.write(str(po))
