from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from security_service.languages import target_languages
from security_service.models import Service
from security_service.po_files import export_po


class Command(BaseCommand):
    help = "Export the texts of one or all services in a language as a PO file, to translate with gettext tools."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=target_languages(), help="the language to translate into")
        parser.add_argument("--service", metavar="SLUG", help="the French web address of one service (default: all)")
        parser.add_argument("--output", type=Path, help="the file to write (default: standard output)")

    def handle(self, *args, language, service, output, **options):
        services = Service.objects.with_parts()
        if service:
            services = services.filter(slug_fr=service)
            if not services:
                raise CommandError(f"No service has the French web address “{service}”.")
        po = export_po(language, services)
        if output:
            po.save(str(output))
            self.stderr.write(f"{len(po)} entries, {po.percent_translated()}% translated, written to {output}")
        else:
            self.stdout.write(str(po))
