"""Content in gettext PO files: translators export a language, translate it in Poedit or Weblate, import it back.

One entry per translated field: the French text as msgid, "app.model:pk:field" as msgctxt, the current
translation as msgstr. A translation whose French text changed since it was written is exported fuzzy, with the
French it was made from as the previous msgid, as gettext tools expect.
"""

from dataclasses import dataclass, field

import polib
import reversion
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import to_language, to_locale
from modeltranslation.utils import build_localized_fieldname

from .languages import originals, site_languages, source_of
from .models import PART_ACCESSORS, Directorate, Service


class ImportRefused(Exception):
    """The whole file is refused: wrong language, not a PO file of this site."""


def page_objects(service):
    """The service, the directorates its sections show and its parts: everything with texts on its page."""
    yield service
    yield from service.shown_directorates()
    for accessor in PART_ACCESSORS:
        yield from getattr(service, accessor).all()


def label(obj, original):
    return f"{obj._meta.verbose_name.capitalize()} « {obj} » – {obj._meta.get_field(original).verbose_name}"


def export_po(language, services):
    """A POFile of the texts of `services` in `language`."""
    if language not in site_languages():
        raise ValueError(f"Cannot export {language}: choose one of {', '.join(site_languages())}.")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "embassy-site content",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "Language": to_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    seen = set()
    for service in services:
        for obj in page_objects(service):
            stale = obj.stale_translations()
            for original in sorted(originals(type(obj))):
                context = f"{obj._meta.label_lower}:{obj.pk}:{original}"
                source = source_of(obj)
                french = getattr(obj, build_localized_fieldname(original, source)) or ""
                if not french or context in seen or source == language:
                    continue
                seen.add(context)
                name = build_localized_fieldname(original, language)
                entry = polib.POEntry(msgctxt=context, msgid=french, msgstr=getattr(obj, name) or "", comment=label(obj, original))
                if name in stale:
                    entry.flags.append("fuzzy")
                    entry.previous_msgid = stale[name]
                po.append(entry)
    return po


@dataclass
class ImportReport:
    language: str
    changed: list = field(default_factory=list)  # labels of the fields written
    confirmed: list = field(default_factory=list)  # translations marked as reviewed, text unchanged
    stale: list = field(default_factory=list)  # entries whose French changed since the export: not written
    skipped: list = field(default_factory=list)  # fuzzy or empty entries, left for later
    errors: list = field(default_factory=list)  # entries that name nothing of this site


def _target(context):
    try:
        model_label, pk, original = context.split(":")
        model = apps.get_model(model_label)
    except (ValueError, LookupError, AttributeError):
        return None, None
    if model._meta.app_label != "security_service" or original not in originals(model):
        return None, None
    return model._default_manager.filter(pk=pk).first(), original


def import_po(po, user=None):
    """Write the translations of a PO file into the drafts; never French, never over a newer French text."""
    language = to_language(po.metadata.get("Language", ""))
    if language not in site_languages() or not Service.objects.exclude(source_language=language).exists():
        raise ImportRefused(_("The file’s language (“%(language)s”) is not one translated on this site.") % {"language": language})
    report = ImportReport(language)
    loaded, changed = {}, {}
    with transaction.atomic(), reversion.create_revision():
        for entry in po:
            if entry.obsolete or not entry.msgctxt:
                continue
            obj, original = _target(entry.msgctxt)
            if obj is None:
                report.errors.append(entry.msgctxt)
                continue
            key = (type(obj), obj.pk)
            obj = loaded.setdefault(key, obj)
            what = label(obj, original)
            source = source_of(obj)
            if source == language:  # never the text the page is written in
                report.errors.append(entry.msgctxt)
                continue
            if entry.msgid != (getattr(obj, build_localized_fieldname(original, source)) or ""):
                report.stale.append(what)
                continue
            if entry.fuzzy or not entry.msgstr:
                report.skipped.append(what)
                continue
            name = build_localized_fieldname(original, language)
            if entry.msgstr != getattr(obj, name):
                setattr(obj, name, entry.msgstr)
                report.changed.append(what)
            elif name in obj.stale_translations():
                obj.record_translation_sources(confirm=[language])
                report.confirmed.append(what)
            else:
                continue
            changed[key] = obj
        service_ids = set()
        for obj in changed.values():
            obj.save()
            if isinstance(obj, Service):
                service_ids.add(obj.pk)
            elif isinstance(obj, Directorate):
                service_ids.update(obj.sections.values_list("service_id", flat=True))
            else:
                service_ids.add(obj.service_id)
        for service in Service.objects.filter(pk__in=service_ids):
            reversion.add_to_revision(service)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Imported {len(report.changed)} {language} translation(s) from a PO file")
    return report
