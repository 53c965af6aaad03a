import datetime
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from security_service.models import AccessibilityStatement
from security_service.page_files import PageFileRefused, add_old_addresses, import_page
from security_service.publishing import publish

from .import_page import read_page

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
ACCESSIBILITY_PATH = CONTENT_DIR / "site" / "accessibility.toml"


class Command(BaseCommand):
    help = (
        "Load the services described in security_service/content/*.toml (page files, docs/page-format.md), their old "
        "addresses, and the accessibility statement. What already exists is left exactly as staff edited it, so running "
        "the command again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="page files (default: every file of security_service/content/)")

    def handle(self, *args, files, **options):
        pages = [read_page(path) for path in files or sorted(CONTENT_DIR.glob("*.toml"))]  # every file read before any is loaded
        # All or nothing: a file refused leaves the database as it was, the files before it included.
        with transaction.atomic():
            # First: every page's footer shows its status, and writing it has the stored pages rendered again.
            self.load_accessibility_statement()
            for page in pages:
                try:
                    self.load(page)
                except PageFileRefused as refusal:
                    raise CommandError(_("%(refusal)s\nNothing was changed.") % {"refusal": refusal}) from None

    def load(self, page):
        service, slug = page.existing_service()
        if service is not None:
            self.stdout.write(f"{page.name}: service “{slug}” already exists, left as it is.")
        else:
            imported = import_page(page, comment=f"Loaded from {page.name}")
            service = imported.service
            publish(service, last_modified=self.published_date(imported.last_modified))
            self.stdout.write(self.style.SUCCESS(f"{page.name}: loaded and published service “{service.slug}”."))
        # Old addresses are read even for a service loaded before: those that exist are kept as staff left them.
        for old_path, new_path in add_old_addresses(service, page.old_addresses()):
            self.stdout.write(f"{page.name}: {old_path} now leads to {new_path}.")

    def load_accessibility_statement(self):
        if AccessibilityStatement.objects.filter(site_id=settings.SITE_ID).exists():
            return
        data = tomllib.loads(ACCESSIBILITY_PATH.read_text(encoding="utf-8"))
        values = {}
        for key, value in data.items():
            if isinstance(value, dict):  # a translated field: {fr = …, en = …}
                values.update({build_localized_fieldname(key, lang): text for lang, text in value.items()})
            else:
                values[key] = value
        statement = AccessibilityStatement(site_id=settings.SITE_ID, established_on=timezone.localdate(), **values)
        statement.full_clean()
        statement.save()
        self.stdout.write(self.style.SUCCESS("Accessibility statement written: keep it up to date in the admin."))

    @staticmethod
    def published_date(value):
        """The date the page was last changed on the site it comes from, not the date of this import."""
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            return value  # a day without a time stays a day
        return timezone.make_aware(value) if timezone.is_naive(value) else value
