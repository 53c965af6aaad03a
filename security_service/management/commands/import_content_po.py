from pathlib import Path

import polib
from django.core.management.base import BaseCommand, CommandError

from security_service.po_files import ImportRefused, import_po


class Command(BaseCommand):
    help = (
        "Import a translated PO file into the drafts of the services: only changed translations are written; an entry "
        "whose French text changed since the export is reported, not written. Publish the services afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            report = import_po(polib.pofile(str(file)))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        for title, items in (
            ("changed", report.changed),
            ("confirmed unchanged", report.confirmed),
            ("left for later (fuzzy or empty)", report.skipped),
        ):
            self.stdout.write(f"{len(items)} {title}")
            for item in items:
                self.stdout.write(f"  {item}")
        problems = [f"  not imported, the French text changed since the export: {item}" for item in report.stale]
        problems += [f"  not imported, no such text on this site: {item}" for item in report.errors]
        if problems:
            raise CommandError("\n".join([f"{len(problems)} entries not imported (the others are):", *problems]))
