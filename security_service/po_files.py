"""Content in gettext PO files: translators export a language, translate it in Poedit or Weblate, import it back.

One entry per translated field: the source text as msgid, "app.model:pk:field" as msgctxt, the current
translation as msgstr, and in an extracted comment (`#.`, which translation tools keep and translators do not edit)
a checksum of that translation. A translation whose source text changed since it was written is exported fuzzy,
with the source text it was made from as the previous msgid, as gettext tools expect.

An import writes only the drafts of what an export writes, in the importer's languages, each value checked as the
admin's form checks it; an entry whose translation changed on the site since the export is refused (its checksum
differs), and so is a whole file that is too large or cut short. Refused entries are reported, the others imported.
"""

import datetime
import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib
import reversion
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, to_language, to_locale
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Revision

from .cyrillic import strip_keep_marks, to_cyrillic
from .languages import field_languages, originals, site_languages, source_of
from .models import PART_ACCESSORS, PART_MODELS, ContactPoint, Directorate, LinkGroup, Section, Service, touch_services
from .page_texts import shown_text
from .pages import DEFAULT_HEADINGS
from .publishing import may_edit_field, translatable_languages
from .roles import translator_group_name

# What an export writes, and so all an import may write: the drafts of the texts on the pages.
IMPORTABLE = {model._meta.label_lower: model for model in (Service, Directorate, *PART_MODELS)}
# The extracted comment line holding the checksum of the translation an entry was exported with.
CHECKSUM = "translation when exported, sha256: "


class ImportRefused(Exception):
    """The whole file is refused: too large, cut short, not a PO file, a language the importer may not change."""


def page_objects(service):
    """The service, the directorates its sections show and its parts: everything with texts on its page."""
    yield service
    yield from service.shown_directorates()
    for accessor in PART_ACCESSORS:
        yield from getattr(service, accessor).all()


def label(obj, original):
    return pgettext(
        "a text in an import report or a worklist: the kind of object, its name, the field", "%(kind)s “%(name)s” – %(field)s"
    ) % {
        "kind": capfirst(obj._meta.verbose_name),
        "name": obj,
        "field": obj._meta.get_field(original).verbose_name,
    }


def checksum(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# What a section lists, in the order an export gives them (the page shows one kind of item per section).
SECTION_ITEMS = ("roles", "missions", "link_groups", "contact_points", "pictures")
# A field that names what it belongs to, for a translator: the first of these with a text.
NAMING_FIELDS = ("name", "heading", "title", "label", "organisation", "image_alt", "note")
# Fields of an illustration come after the texts it illustrates.
ILLUSTRATION_FIELDS = ("image_alt", "image_caption")


def field_order(model):
    """The translated fields of `model` in the order its form shows them, an illustration's last."""
    names = [field.name for field in model._meta.concrete_fields]
    return sorted(originals(model), key=lambda original: (original in ILLUSTRATION_FIELDS, names.index(original)))


def page_order(service):
    """(object, its place on the page) for everything with texts on the page of `service`, in the page's order: the
    service, then each section followed by the directorate it shows and its items (a group's links, a contact point's
    phone numbers after it). The place is a list of names, each in the active language; a part the page does not show
    under a section comes last. Uses prefetched parts (Service.objects.with_parts())."""
    yield service, []
    items, children = defaultdict(list), defaultdict(list)
    for accessor in SECTION_ITEMS:
        for item in getattr(service, accessor).all():
            items[item.section_id].append(item)
    for link in service.links.all():
        children[LinkGroup, link.group_id].append(link)
    for phone in service.phone_numbers.all():
        children[ContactPoint, phone.contact_point_id].append(phone)
    given = {service}
    for number, section in enumerate(service.sections.all(), 1):
        here = [place(section, number)]
        given.add(section)
        yield section, here
        if section.directorate_id and section.directorate not in given:
            given.add(section.directorate)
            yield section.directorate, [*here, place(section.directorate)]
        numbers = defaultdict(int)
        for item in sorted(items[section.pk], key=lambda item: (item.position, item.pk)):
            numbers[type(item)] += 1
            there = [*here, place(item, numbers[type(item)])]
            given.add(item)
            yield item, there
            for index, child in enumerate(children[type(item), item.pk], 1):
                given.add(child)
                yield child, [*there, place(child, index)]
    for obj in page_objects(service):
        if obj not in given:
            given.add(obj)
            yield obj, [place(obj)]


def name_of(obj):
    """What `obj` is called on the page in the active language (Cyrillic from the Latin text), cut short."""
    language = translation.get_language()
    source = source_of(obj)
    text = ""
    for original in NAMING_FIELDS:
        if original in originals(type(obj)):
            text = shown_text(obj, original, language, source)
            if text:
                break
    if not text and isinstance(obj, Section):
        # What the page shows as its heading, else how its text begins, else its kind.
        heading = DEFAULT_HEADINGS.get(obj.kind) if obj.default_heading else None
        body = shown_text(obj, "body", language, source)
        text = str(heading) if heading else (body.strip().split("\n")[0] if body.strip() else str(capfirst(obj.get_kind_display())))
    text = strip_keep_marks(" ".join(text.split()))
    return Truncator(text).chars(60)


def place(obj, number=None):
    """ "Mission 2 “Heading”": what a part is, its number among its kind where it stands, what it is called."""
    values = {"kind": str(capfirst(obj._meta.verbose_name)), "number": number, "name": name_of(obj)}
    if number is None:
        return pgettext("a part of a page, in a translator's file", "%(kind)s “%(name)s”") % values
    return pgettext("a part of a page and its number, in a translator's file", "%(kind)s %(number)s “%(name)s”") % values


def whereabouts(service, here, obj, original):
    """ "Page “…” › Section 2 “…” › Body": where the text of an entry is, in the active language."""
    page = pgettext("the page of a service, in a translator's file", "Page “%(name)s”") % {"name": name_of(service)}
    return " › ".join([page, *here, str(capfirst(obj._meta.get_field(original).verbose_name))])


def address_note(language, slug):
    """What a web address entry says: the page's address it makes, and what changing it does."""
    with translation.override(language):
        address = settings.SITE_URL + reverse("security_service:service_detail", kwargs={"slug": slug})
    return _(
        "This is the page's web address in this language: %(address)s. Changing it changes the page's address when the "
        "page is next published; visitors and search engines that use the former address are sent on to the new one. "
        "Lowercase Latin letters without accents, digits and hyphens only."
    ) % {"address": address}


DERIVED_NOTE = gettext_lazy(
    "A suggestion: the Serbian Latin text written in Cyrillic letters, which the Cyrillic page shows while no Cyrillic "
    "text of its own is written. Left fuzzy, or imported unchanged, it keeps following the Latin text. Correct it and "
    "remove the fuzzy mark to write a Cyrillic text of its own: the page then shows yours, and no longer follows the "
    "Latin text."
)
SHARED_NOTE = gettext_lazy("Shared: this text shows on the page of every service with a section for this directorate.")


def derived(obj, original, language):
    """For Cyrillic Serbian, the text the Cyrillic page shows where it has none of its own: the Latin one, transliterated."""
    if language != "sr" or getattr(obj, build_localized_fieldname(original, "sr")):
        return ""
    return to_cyrillic(getattr(obj, build_localized_fieldname(original, "sr-latn")) or "")


def offered(language, original):
    """Whether an export in `language` gives the field `original`: the Cyrillic page's address is the Latin one."""
    return not (language == "sr" and original == "slug")


def export_po(language, services):
    """A POFile of the texts of `services` in `language`, in the order their pages show them.

    Each entry says where its text is on the page, in the translator's language. A Cyrillic Serbian text not written
    yet is given as a fuzzy suggestion: the Latin text transliterated, which is what the Cyrillic page shows.
    """
    if language not in site_languages():
        raise ValueError(f"Cannot export {language}: choose one of {', '.join(site_languages())}.")
    services = list(services)
    po = polib.POFile(wrapwidth=0)
    seen = set()
    with translation.override(language):
        po.header = header_comment(language, services)
        po.metadata = metadata(language, services)
        for service in services:
            for obj, here in page_order(service):
                stale = obj.stale_translations()
                source = source_of(obj)
                for original in field_order(type(obj)):
                    context = f"{obj._meta.label_lower}:{obj.pk}:{original}"
                    source_text = getattr(obj, build_localized_fieldname(original, source)) or ""
                    if not source_text or context in seen or source == language or not offered(language, original):
                        continue
                    seen.add(context)
                    name = build_localized_fieldname(original, language)
                    current = getattr(obj, name) or ""
                    notes = [whereabouts(service, here, obj, original)]
                    if original == "slug":
                        notes.append(address_note(language, current or source_text))
                    if isinstance(obj, Directorate):
                        notes.append(str(SHARED_NOTE))
                    suggestion = derived(obj, original, language)
                    if suggestion:
                        notes.append(str(DERIVED_NOTE))
                    notes.append(f"{CHECKSUM}{checksum(current)}")
                    entry = polib.POEntry(msgctxt=context, msgid=source_text, msgstr=current or suggestion, comment="\n".join(notes))
                    if name in stale:
                        entry.flags.append("fuzzy")
                        entry.previous_msgid = stale[name]
                    elif suggestion:
                        entry.flags.append("fuzzy")
                    po.append(entry)
    return po


def header_comment(language, services):
    """What the file is, for whoever opens it: its pages, its language, how to translate and import it."""
    names = {code: str(name) for code, name in settings.LANGUAGES}
    quote = pgettext("a page's name in a list, in a translator's file", "“%(name)s”")
    quoted = [quote % {"name": name_of(service)} for service in services]
    where = f"{capfirst(Service._meta.verbose_name_plural)} › {_('Import translations (PO file)')}"
    return _(
        "Texts of the pages %(pages)s of %(site)s, to translate. Language of the translations: %(language)s.\n"
        "Each msgid is a text in the language its page is written in, its msgstr the translation; the comments (#.) say "
        "where the text is on the page.\n"
        "Translate this file with a PO editor (Poedit, Weblate…), then import it in the administration: %(where)s. Fuzzy "
        "entries (to review) and empty ones are not imported."
    ) % {"pages": ", ".join(quoted) or "–", "site": settings.SITE_URL, "language": names.get(language, language), "where": where}


def metadata(language, services):
    return {
        "Project-Id-Version": f"{settings.SITE_URL} content",
        "POT-Creation-Date": po_date(timezone.now()),
        "PO-Revision-Date": po_date(last_change(services) or timezone.now()),
        "Last-Translator": last_translator(language),
        "Language-Team": f"{translator_group_name(language)} <{settings.SITE_URL}/admin/>",
        "Language": to_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
    }


def po_date(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")


def last_change(services):
    """The latest change to the texts of `services`: their own dates (which their parts move) and their directorates'."""
    dates = [service.updated_at for service in services]
    dates += [directorate.updated_at for service in services for directorate in service.shown_directorates()]
    return max(dates, default=None)


# The version comments of an import, which say whose translations a language last received.
IMPORT_COMMENT = "Imported {count} {language} translation(s) from a PO file"
FORM_COMMENT = "Translated into {language} in the administration"


def last_translator(language):
    """ "Name <e-mail>" of the last person who imported translations into `language`, or a placeholder that says so."""
    imported = re.escape(IMPORT_COMMENT).replace(r"\{count\}", "[0-9]+").replace(r"\{language\}", re.escape(language))
    revisions = Revision.objects.filter(user__isnull=False).filter(
        Q(comment__regex=f"^{imported}$") | Q(comment=FORM_COMMENT.format(language=language))
    )
    revision = revisions.select_related("user").order_by("-date_created", "-pk").first()
    if revision is None:
        return _("nobody has imported translations into this language yet")
    user = revision.user
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


@functools.cache
def plural_forms(language):
    """The Plural-Forms of the interface catalogue of `language`: the same language, the same plural rules."""
    path = Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / "django.po"
    try:
        forms = polib.pofile(str(path)).metadata.get("Plural-Forms")
    except OSError:
        forms = None
    return forms or "nplurals=2; plural=(n != 1);"


# Reading a file

KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*")
STRING = re.compile(r'"(?:[^"\\]|\\.)*+"\s*')


def read_po(file):
    """The POFile in `file` (read in binary), or ImportRefused: too large, not UTF-8 text, not PO syntax, cut short.

    polib reads a string left open at the end of the file as if it were closed, and an entry cut before its msgstr
    as an untranslated one: the file is checked line by line first, so that a file cut short is never imported.
    """
    limit = settings.PO_IMPORT_MAX_BYTES
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(
            _("This file is larger than %(limit)s, the most an import reads: export and import fewer services at a time.")
            % {"limit": filesizeformat(limit)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("This file is not a PO file. Upload the file exported from this site, once translated.")) from None
    check_lines(text)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError):
        raise ImportRefused(_("This file is not a PO file. Upload the file exported from this site, once translated.")) from None
    last = po[-1] if len(po) else None
    if last is not None and last.msgstr != last.msgstr.rstrip() and last.msgid == last.msgid.rstrip():
        # A line break or a space ends a line of a wrapped text, rarely a text: the file stops at the end of a line.
        raise ImportRefused(
            _(
                "The last text of this file ends with a space or a line break that its original does not have: the file "
                "looks cut short at the end of a line. Import the whole file, as your translation tool saved it (or remove "
                "that space, if you typed it)."
            )
        )
    return po


def cut_short(line):
    return ImportRefused(
        _(
            "This file was cut short: it stops in the middle of a text (line %(line)s). Import the whole file, as your "
            "translation tool saved it."
        )
        % {"line": line}
    )


def check_lines(text):
    """Refuse a text that is not PO syntax line by line: a keyword and a quoted string, a string, a comment or nothing."""
    lines = text.splitlines()
    last = max((number for number, line in enumerate(lines, 1) if line.strip()), default=0)
    keyword = None
    for number, line in enumerate(lines, 1):
        line = line.strip()
        previous = False
        if line.startswith("#"):
            if not line.startswith(("#~", "#|")):
                continue
            previous = line.startswith(("#|", "#~|"))
            line = line.lstrip("#~|").lstrip()
            if not line.startswith(('"', "msg")):
                continue  # a comment of an obsolete entry
        if not line:
            continue
        found = KEYWORD.match(line)
        if not STRING.fullmatch(line, found.end() if found else 0):
            if number == last:
                raise cut_short(number)
            raise ImportRefused(
                _("This file is not a PO file (line %(line)s). Upload the file exported from this site, once translated.")
                % {"line": number}
            )
        if found and not previous:
            keyword = found.group(1)
    if keyword is not None and not keyword.startswith("msgstr"):
        raise cut_short(last)  # its last entry has no translation line


# Importing


@dataclass
class ImportReport:
    language: str
    changed: list = field(default_factory=list)  # labels of the fields written
    confirmed: list = field(default_factory=list)  # translations marked as reviewed, text unchanged
    stale: list = field(default_factory=list)  # entries whose French changed since the export: not written
    conflicts: list = field(default_factory=list)  # entries whose translation changed on the site since the export: not written
    skipped: list = field(default_factory=list)  # fuzzy or empty entries, left for later
    forbidden: list = field(default_factory=list)  # texts the importer may not change, or in the page's own language
    invalid: list = field(default_factory=list)  # "label: reason" of values the admin would refuse: not written
    errors: list = field(default_factory=list)  # entries that name nothing of this site an export writes


def target(context):
    """(model, pk, original) of an entry's context, if it names a text an export writes, else None."""
    parts = context.split(":")
    if len(parts) != 3 or not re.fullmatch(r"[0-9]{1,18}", parts[1]):
        return None
    model = IMPORTABLE.get(parts[0])
    if model is None or parts[2] not in originals(model):
        return None
    return model, int(parts[1]), parts[2]


def batches(values):
    """`values` in lists as long as the database takes as the parameters of one query (SQLite: 999)."""
    values = sorted(values)
    size = connection.features.max_query_params or len(values) or 1
    return [values[start : start + size] for start in range(0, len(values), size)]


def load(wanted):
    """{(model, pk): object} of what `wanted` ({model: {pk, …}}) names, in a few queries per model, with the foreign
    keys their checks read. Their services' rows are locked first, as the admin's save locks them: no save of the
    page comes in between the check of a translation and its replacement."""
    service_ids = set(wanted.get(Service, ()))
    for model, pks in wanted.items():
        for batch in batches(pks):
            if model is Directorate:
                service_ids.update(Section.objects.filter(directorate_id__in=batch).values_list("service_id", flat=True))
            elif model is not Service:
                service_ids.update(model.objects.filter(pk__in=batch).values_list("service_id", flat=True))
    for batch in batches(service_ids):
        list(Service.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list("pk", flat=True))
    found = {}
    for model, pks in wanted.items():
        relations = [field.name for field in model._meta.concrete_fields if field.is_relation and not field.null]
        for batch in batches(pks):
            found.update(((model, obj.pk), obj) for obj in model.objects.filter(pk__in=batch).select_related(*relations))
    return found


def may_import(user, obj, name):
    """Whether an import may write the column `name` of `obj`: never the page's own language; a user's, where the admin
    lets them change it (an operator's command, anywhere else)."""
    source = source_of(obj)
    if field_languages(type(obj))[name] == source:
        return False
    if user is None:
        return True
    return user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}") and may_edit_field(user, type(obj), name, source)


def cleaned(obj, name, text):
    """`text` as the admin would store it in the column `name` of `obj`, or ValidationError: the checks of the admin's
    form field (a text's length, no NUL character, an address's letters) and then the model field's."""
    model_field = obj._meta.get_field(name)
    value = model_field.formfield().clean(text)
    return model_field.clean(value, obj)


def errors_of(error):
    return error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}


def model_errors(obj, before):
    """{column: [message]} of the imported columns (`before`: their values before the import) that the model's clean()
    refuses; an error it puts elsewhere counts against all of them, unless the draft had it before the import."""
    try:
        obj.clean()
    except ValidationError as error:
        found = errors_of(error)
    else:
        return {}
    refused = {name: messages for name, messages in found.items() if name in before}
    elsewhere = [message for name, messages in found.items() if name not in before for message in messages]
    if elsewhere:
        imported = {name: getattr(obj, name) for name in before}
        for name, value in before.items():
            setattr(obj, name, value)
        try:
            obj.clean()
        except ValidationError:
            elsewhere = []  # the draft's own problem, for its editors: no translation caused it
        for name, value in imported.items():
            setattr(obj, name, value)
    return {name: refused.get(name, []) + elsewhere for name in before if name in refused or elsewhere}


def import_po(po, user=None, comment=None):
    """Write the translations of a PO file into the drafts; never a page's own language, never over a newer text.

    `user`: who imports, for their languages and permissions; None for an operator's command, which may write any
    language but the one a page is written in. `comment`: the version's, if not an import from a file.
    """
    language = to_language(po.metadata.get("Language", ""))
    if language not in site_languages() or not Service.objects.exclude(source_language=language).exists():
        raise ImportRefused(_("The file’s language (“%(language)s”) is not one translated on this site.") % {"language": language})
    if user is not None and language not in translatable_languages(user):
        raise ImportRefused(_("This file is in a language whose texts you may not change."))
    report = ImportReport(language)
    entries = [(entry, target(entry.msgctxt)) for entry in po if not entry.obsolete and entry.msgctxt]
    with transaction.atomic(), reversion.create_revision():
        wanted = defaultdict(set)
        for _entry, found in entries:
            if found is not None:
                wanted[found[0]].add(found[1])
        objects = load(wanted)
        stale_of = {}
        pending = defaultdict(dict)  # {(model, pk): {column: (value, label)}}
        to_save = defaultdict(set)  # {(model, pk): {column written, …}}
        seen = set()
        for entry, found in entries:
            obj = objects.get(found[:2]) if found else None
            if obj is None:
                report.errors.append(entry.msgctxt)
                continue
            key, original = found[:2], found[2]
            what = label(obj, original)
            name = build_localized_fieldname(original, language)
            if entry.msgctxt in seen:
                report.invalid.append(f"{what}: {_('the file holds this text twice.')}")
                continue
            seen.add(entry.msgctxt)
            if not may_import(user, obj, name):
                report.forbidden.append(what)
                continue
            if entry.msgid != (getattr(obj, build_localized_fieldname(original, source_of(obj))) or ""):
                report.stale.append(what)
                continue
            if entry.fuzzy or not entry.msgstr.strip():
                report.skipped.append(what)
                continue
            current = getattr(obj, name) or ""
            if not current and entry.msgstr == derived(obj, original, language):
                continue  # the Cyrillic page shows this text already, following the Latin one: nothing to write
            try:
                value = entry.msgstr if entry.msgstr == current else cleaned(obj, name, entry.msgstr)
            except ValidationError as error:
                report.invalid.append(f"{what}: {' '.join(error.messages)}")
                continue
            if value == current:
                if key not in stale_of:
                    stale_of[key] = obj.stale_translations()
                if name in stale_of[key]:
                    obj.record_translation_sources(confirm=[language])
                    report.confirmed.append(what)
                    to_save.setdefault(key, set())  # its translation_sources only
                continue
            if not replaces_what_was_exported(entry, current):
                report.conflicts.append(what)
                continue
            pending[key][name] = (value, what)
        refuse_taken_addresses(objects, pending, language, report)
        for key, changes in pending.items():
            obj = objects[key]
            before = {name: getattr(obj, name) for name in changes}
            for name, (value, _what) in changes.items():
                setattr(obj, name, value)
            for name, messages in model_errors(obj, before).items():
                setattr(obj, name, before[name])
                report.invalid.append(f"{changes.pop(name)[1]}: {' '.join(messages)}")
            if changes:
                report.changed.extend(what for _value, what in changes.values())
                to_save[key].update(changes)
        service_ids = save_translations({objects[key]: columns for key, columns in to_save.items()})
        record_version(service_ids, user, comment or IMPORT_COMMENT.format(count=len(report.changed), language=language))
    return report


def replaces_what_was_exported(entry, current):
    """Whether `current`, the translation an entry would replace, is the one it was exported with. An entry that lost
    its checksum (a tool that drops extracted comments) may only fill an empty translation."""
    exported = next((line.removeprefix(CHECKSUM).strip() for line in (entry.comment or "").splitlines() if line.startswith(CHECKSUM)), None)
    return exported == checksum(current) if exported is not None else not current


def refuse_taken_addresses(objects, pending, language, report):
    """Refuse the web addresses another service has, or that the file gives to two services, as the service form does."""
    column = build_localized_fieldname("slug", language)
    wanted = {key: changes[column][0] for key, changes in pending.items() if key[0] is Service and column in changes}
    holders = {}
    for batch in batches(set(wanted.values())):
        holders.update(Service.objects.filter(**{f"{column}__in": batch}).values_list(column, "pk"))
    for key, slug in sorted(wanted.items(), key=lambda item: item[0][1]):
        if holders.setdefault(slug, key[1]) != key[1]:
            _value, what = pending[key].pop(column)
            report.invalid.append(f"{what}: {_('Another service already uses this web address.')}")


def save_translations(saved):
    """Write the columns of `saved` ({object: {column, …}}) in one query per model (and set of columns), then mark the
    pages that show them as changed, once each; the ids of their services.

    One save() per object takes a query, another for its page (signals.touch_service) and a copy of the object in the
    version: 9 s for a file of 3,850 changed texts, 3 s this way. What their save() does besides, for a change of
    texts, is done here: the source of each translation is noted, and a "last changed" date moves.
    """
    now = timezone.now()
    groups = defaultdict(list)
    for obj, columns in saved.items():
        obj.record_translation_sources()
        dates = {field.attname for field in obj._meta.concrete_fields if getattr(field, "auto_now", False)}
        for date in dates:
            setattr(obj, date, now)
        groups[type(obj), frozenset({*columns, *dates, "translation_sources"})].append(obj)
    for (model, columns), objs in groups.items():
        model.objects.bulk_update(objs, sorted(columns))
    service_ids = {obj.pk for obj in saved if isinstance(obj, Service)}
    service_ids.update(obj.service_id for obj in saved if not isinstance(obj, Service | Directorate))
    for batch in batches([obj.pk for obj in saved if isinstance(obj, Directorate)]):
        service_ids.update(Section.objects.filter(directorate_id__in=batch).values_list("service_id", flat=True))
    for batch in batches(service_ids):
        touch_services(Service.objects.filter(pk__in=batch))
    return service_ids


def record_version(service_ids, user, comment):
    """A version of each of these services, with its parts as the import left them, in the import's revision."""
    for batch in batches(service_ids):
        for service in Service.objects.with_parts().filter(pk__in=batch):
            reversion.add_to_revision(service)
    if user is not None:
        reversion.set_user(user)
    reversion.set_comment(comment)
