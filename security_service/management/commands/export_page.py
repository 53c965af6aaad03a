from pathlib import Path

from django.core.management.base import BaseCommand

from security_service.management.files import check_output, write_file
from security_service.page_files import export_page

from .publish import service_by_slug


class Command(BaseCommand):
    help = "Write a service's page (the draft), with all its sections and items in every language, as a page file (docs/page-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the service's address in any language, e.g. service-de-securite-interieure")
        parser.add_argument("--output", type=Path, help="the file to write (default: the standard output)")

    def handle(self, *args, slug, output, **options):
        if output is not None:
            check_output(output)
        service = service_by_slug(slug)
        text = export_page(service)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            write_file(output, text.encode())
            self.stdout.write(f"{output}: the page of “{service}”.")
