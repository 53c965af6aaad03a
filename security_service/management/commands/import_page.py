from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from security_service.management.files import decoded, read_file
from security_service.page_files import PageFile, PageFileRefused, import_page
from security_service.publishing import publish

from .publish import operator


def read_page(path):
    """The page file at `path`, read and parsed; a CommandError says what keeps it from being one."""
    text = decoded(read_file(path, settings.PAGE_FILE_MAX_BYTES), path)
    try:
        return PageFile(text, path.name)
    except PageFileRefused as refusal:
        raise CommandError(_("%(refusal)s\nNothing was changed.") % {"refusal": refusal}) from None


class Command(BaseCommand):
    help = (
        "Create the service a page file describes (docs/page-format.md), or replace the draft of the service that has one of "
        "its addresses: its fields, and all its sections and items. A bad file is refused with its line, and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the page file")
        parser.add_argument("--publish", action="store_true", dest="and_publish", help="publish the page afterwards")

    def handle(self, *args, file, and_publish, **options):
        page = read_page(file)
        try:
            imported = import_page(page, comment=f"Imported from {file.name} (manage.py import_page)")
        except PageFileRefused as refusal:
            raise CommandError(_("%(refusal)s\nNothing was changed.") % {"refusal": refusal}) from None
        service = imported.service
        if imported.replaced_by:
            self.stdout.write(f"{file.name}: replaced the draft of “{service}” (the service at “{imported.replaced_by}”).")
        else:
            self.stdout.write(f"{file.name}: created the service “{service}” (a draft).")
        if imported.last_modified or imported.old_addresses:
            self.stdout.write("last_modified and old_addresses are read by load_content only: left aside.")
        if and_publish:
            try:
                publish(service, username=operator())
            except ValidationError as error:
                raise CommandError(f"The draft is imported, but not published: {' '.join(error.messages)}") from None
            self.stdout.write(self.style.SUCCESS(f"published: {service}"))
