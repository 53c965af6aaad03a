import datetime
import tomllib
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from security_service.models import (
    AccessibilityStatement,
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Section,
    Service,
    StaffRole,
)
from security_service.publishing import publish

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
ACCESSIBILITY_PATH = CONTENT_DIR / "site" / "accessibility.toml"


# Keys that name another object of the file, not a field.
REFERENCES = {"directorate"}


def fields(data):
    """Model field values from a TOML table: {"fr": …, "sr-latn": …} tables become name_fr, name_sr_latn…"""
    values = {}
    for key, value in data.items():
        if isinstance(value, dict):
            unknown = set(value) - set(settings.MODELTRANSLATION_LANGUAGES)
            if unknown:
                raise CommandError(f"Unknown language(s) {', '.join(sorted(unknown))} for “{key}”.")
            for lang, text in value.items():
                values[build_localized_fieldname(key, lang)] = text
        elif not isinstance(value, list) and key not in REFERENCES:
            values[key] = value
    return values


def create(model, data, **extra):
    obj = model(**fields(data), **extra)
    obj.full_clean()
    obj.save()
    return obj


class Command(BaseCommand):
    help = (
        "Load the services described in security_service/content/*.toml, their old addresses, and the accessibility "
        "statement. What already exists is left exactly as staff edited it, so running the command again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="TOML files (default: every file of security_service/content/)")

    def handle(self, *args, files, **options):
        # First: every page's footer shows its status, and writing it has the stored pages rendered again.
        self.load_accessibility_statement()
        for path in files or sorted(CONTENT_DIR.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
            self.load(path.name, data)

    @transaction.atomic
    def load(self, name, data):
        service_data = dict(data["service"])
        slug = service_data["slug"][settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
        existing = Service.objects.filter(**{build_localized_fieldname("slug", settings.MODELTRANSLATION_DEFAULT_LANGUAGE): slug}).first()
        if existing is not None:
            self.stdout.write(f"{name}: service “{slug}” already exists, left as it is.")
            self.load_old_addresses(name, existing, data)
            return

        directorates = {}
        for directorate_data in data.get("directorates", []):
            acronym = directorate_data.get("acronym", "")
            directorates[acronym] = Directorate.objects.filter(acronym=acronym).first() if acronym else None
            directorates[acronym] = directorates[acronym] or create(Directorate, directorate_data)

        last_modified = service_data.pop("last_modified", None)
        with reversion.create_revision():
            reversion.set_comment(f"Loaded from {name}")
            service = self.create_service(service_data, data, directorates)
        publish(service, last_modified=self.published_date(last_modified))
        self.stdout.write(self.style.SUCCESS(f"{name}: loaded and published service “{slug}”."))
        self.load_old_addresses(name, service, data)

    def load_old_addresses(self, name, service, data):
        """Redirects from the service's former addresses to its page in their language; those that exist are kept as staff left them."""
        for old_path, language in data.get("old_addresses", {}).items():
            with translation.override(language):
                new_path = service.get_absolute_url()
            _redirect, created = Redirect.objects.get_or_create(
                site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path}
            )
            if created:
                self.stdout.write(f"{name}: {old_path} now leads to {new_path}.")

    def load_accessibility_statement(self):
        if AccessibilityStatement.objects.filter(site_id=settings.SITE_ID).exists():
            return
        data = tomllib.loads(ACCESSIBILITY_PATH.read_text(encoding="utf-8"))
        statement = AccessibilityStatement(site_id=settings.SITE_ID, established_on=timezone.localdate(), **fields(data))
        statement.full_clean()
        statement.save()
        self.stdout.write(self.style.SUCCESS("Accessibility statement written: keep it up to date in the admin."))

    def create_service(self, service_data, data, directorates):
        service = create(Service, service_data)
        for position, section_data in enumerate(data.get("sections", []), start=1):
            kind = section_data.get("kind")
            if kind not in Section.Kind.values:
                raise CommandError(f"Section {position}: unknown kind “{kind}” (one of {', '.join(Section.Kind.values)}).")
            shown = section_data.get("directorate")
            if shown is not None and shown not in directorates:
                raise CommandError(f"Section {position}: no directorate “{shown}” in the file's [[directorates]].")
            section = create(Section, section_data, service=service, position=position, directorate=directorates.get(shown))
            self.create_items(service, section, section_data)
        return service

    def create_items(self, service, section, data):
        for position, role in enumerate(data.get("roles", []), start=1):
            create(StaffRole, role, service=service, section=section, position=position)
        for position, mission in enumerate(data.get("missions", []), start=1):
            create(Mission, mission, service=service, section=section, position=position)
        for position, group_data in enumerate(data.get("groups", []), start=1):
            group = create(LinkGroup, group_data, service=service, section=section, position=position)
            for link_position, link in enumerate(group_data.get("links", []), start=1):
                create(Link, link, service=service, group=group, position=link_position)
        for position, contact_data in enumerate(data.get("contacts", []), start=1):
            contact = create(ContactPoint, contact_data, service=service, section=section, position=position)
            for phone_position, phone in enumerate(contact_data.get("phones", []), start=1):
                create(PhoneNumber, phone, service=service, contact_point=contact, position=phone_position)

    @staticmethod
    def published_date(value):
        """The date the page was last changed on the site it comes from, not the date of this import."""
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time(12))
        return timezone.make_aware(value) if timezone.is_naive(value) else value
