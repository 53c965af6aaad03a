from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from security_service.management.files import open_file, reason, refuse_empty
from security_service.po_files import ImportRefused, import_po, read_po


class Command(BaseCommand):
    help = (
        "Import a translated PO file into the drafts of the services: only changed translations are written, each checked as "
        "the admin checks it; an entry whose French text or translation changed since the export is reported, not written, "
        "and so is a bad value (the rest of the file is imported). A file too large or cut short is refused whole. Publish "
        "the services afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            with open_file(file) as handle:
                refuse_empty(handle, file)
                try:
                    po = read_po(handle)  # which refuses a file over PO_IMPORT_MAX_BYTES, reading no further
                except OSError as error:
                    raise CommandError(_("Cannot read %(path)s: %(reason)s.") % {"path": file, "reason": reason(error)}) from None
            report = import_po(po)
        except ImportRefused as exc:
            raise CommandError(_("%(path)s: %(reason)s\nNothing was imported.") % {"path": file, "reason": exc}) from None
        for title, items in (
            ("changed", report.changed),
            ("confirmed unchanged", report.confirmed),
            ("left for later (fuzzy or empty)", report.skipped),
        ):
            self.stdout.write(f"{len(items)} {title}")
            for item in items:
                self.stdout.write(f"  {item}")
        problems = [f"  not imported, the French text changed since the export: {item}" for item in report.stale]
        problems += [f"  not imported, the translation on the site changed since the export: {item}" for item in report.conflicts]
        problems += [f"  not imported, the page is written in this language: {item}" for item in report.forbidden]
        problems += [f"  not imported, the value is refused: {item}" for item in report.invalid]
        problems += [f"  not imported, no such text on this site: {item}" for item in report.errors]
        if problems:
            raise CommandError("\n".join([f"{len(problems)} entries not imported (the others are):", *problems]))
