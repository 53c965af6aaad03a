"""Page files: a service with all its sections and items, in every language, as one TOML file (docs/page-format.md).

The keys are the models' own fields, read from `_meta`, so a field added to a model is in the files with no change
here; the lists of items each kind of section holds are `SECTION_ITEMS`. `export_page` writes a file, `import_page`
creates the service it describes or replaces its draft, and refuses a bad file with the line and the reason.
"""

import contextlib
import datetime
import functools
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass

import reversion
import tomli_w
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator, slug_re
from django.db import models, transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from .images import make_renditions
from .languages import field_languages, originals, source_of
from .models import (
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Picture,
    Section,
    Service,
    StaffRole,
    label_clashes,
    link_target,
)

HEADER = "# A service page, written by `manage.py export_page` and read by `manage.py import_page` (docs/page-format.md).\n\n"
LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# Bookkeeping fields, never in a file (most are not editable anyway).
INTERNAL = {"position", "translation_sources", "image_renditions", "edit_version", "updated_at"}
# Fields that were plain text before they were translated: a file written then gives their text in the page's source
# language, as migration 0010 moved it.
FORMERLY_PLAIN = {(ContactPoint, "street"), (ContactPoint, "region")}
# Keys `load_content` reads and export does not write: [service] last_modified, and the top-level old_addresses.
SERVICE_EXTRAS = {"last_modified"}


@dataclass(frozen=True)
class Items:
    """A list of items in a page file: its key, its model, the foreign key to what holds it, and the lists it holds."""

    key: str
    model: type
    parent: str
    children: tuple = ()

    @property
    def accessor(self):
        return self.model._meta.get_field(self.parent).remote_field.related_name


# The items each kind of section lists (a kind not named here lists none).
SECTION_ITEMS = {
    Section.Kind.ROLES: Items("roles", StaffRole, "section"),
    Section.Kind.MISSIONS: Items("missions", Mission, "section"),
    Section.Kind.LINKS: Items("groups", LinkGroup, "section", (Items("links", Link, "group"),)),
    Section.Kind.CONTACT: Items("contacts", ContactPoint, "section", (Items("phones", PhoneNumber, "contact_point"),)),
    Section.Kind.IMAGES: Items("pictures", Picture, "section"),
}


class PageFileRefused(Exception):
    """A page file that cannot be imported; the message names the file, the line, the key and the reason."""


class Refusal(Exception):
    """A problem at a key path of the file: ("sections", 2, "roles", 0, "title", "fr")."""

    def __init__(self, path, reason):
        with translation.override("en"):  # a file's faults are told in English, as the TOML parser tells its own
            self.path, self.reason = tuple(path), str(reason)
        super().__init__(self.reason)


@dataclass(frozen=True)
class Key:
    """A key of a table in a page file: a model field, with its per-language columns when it is translated."""

    name: str
    field: models.Field
    columns: dict  # {"fr": "title_fr", …}, empty for a field that is not translated


@functools.cache
def keys(model, parent=None):
    """The keys of `model`'s tables: its concrete editable fields, minus the pk, the foreign keys to what holds it,
    the bookkeeping fields and the per-language columns (a translated field is one key, a table of languages)."""
    translated, columns = originals(model), field_languages(model)
    found = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in INTERNAL or field.name in columns or field.name in {"service", parent}:
            continue
        if field.is_relation and field.related_model is not Directorate:
            raise TypeError(f"{model.__name__}.{field.name}: a page file names only directorates")
        languages = {lang: build_localized_fieldname(field.name, lang) for lang in LANGUAGES} if field.name in translated else {}
        found.append(Key(field.name, field, languages))
    return tuple(found)


def reference(directorate):
    """What sections call a directorate in a file: its acronym, or its name in the default language when it has none."""
    return directorate.acronym or getattr(directorate, build_localized_fieldname("name", DEFAULT_LANGUAGE)) or ""


# Export


def export_page(service):
    """The page file of `service`: the same content always gives the same text."""
    sections = Section.objects.filter(service=service).select_related("directorate").prefetch_related(*prefetches(SECTION_ITEMS.values()))
    data = {"service": table(service, Service)}
    directorates = list({section.directorate_id: section.directorate for section in sections if section.directorate_id}.values())
    if directorates:
        data["directorates"] = [table(directorate, Directorate) for directorate in directorates]
    if sections:
        data["sections"] = [section_table(section) for section in sections]
    return HEADER + tomli_w.dumps(data, multiline_strings=True)


def prefetches(lists, prefix=""):
    for items in lists:
        yield prefix + items.accessor
        yield from prefetches(items.children, f"{prefix}{items.accessor}__")


def section_table(section):
    data = {"kind": section.kind, **table(section, Section)}  # the kind first, even when it is the default: a reader needs it
    items = SECTION_ITEMS.get(section.kind)
    if items is not None:
        data.update(item_tables(section, items))
    return data


def item_tables(holder, items):
    tables = []
    for item in getattr(holder, items.accessor).all():
        data = table(item, items.model, items.parent)
        for child in items.children:
            data.update(item_tables(item, child))
        tables.append(data)
    return {items.key: tables} if tables else {}


def table(obj, model, parent=None):
    """{key: value} of `obj`, leaving out what has its default: empty texts and languages, no date, no file, false…"""
    data = {}
    for key in keys(model, parent):
        if key.columns:
            value = {lang: text for lang, column in key.columns.items() if (text := getattr(obj, column))}
        elif key.field.is_relation:
            related = getattr(obj, key.name)
            value = reference(related) if related is not None else None
        elif isinstance(key.field, models.FileField):
            value = getattr(obj, key.name).name or None
        else:
            value = getattr(obj, key.field.attname)
            if value == key.field.get_default():
                value = None
        if value is not None and value not in ("", {}, []):
            data[key.name] = value
    return data


# Import


@dataclass
class Imported:
    service: Service
    replaced_by: str  # the slug that found the service whose draft was replaced, or "" for a new service
    last_modified: datetime.date | None  # load_content's extras
    old_addresses: dict


class PageFile:
    """The text of a page file, parsed; `refused()` words a problem with its line."""

    def __init__(self, text, name="page.toml"):
        self.text, self.name = text, name
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = re.fullmatch(r"(.*) \(at line (\d+), column \d+\)", str(error), re.DOTALL)
            reason, line = found.groups() if found else (str(error), "?")
            raise PageFileRefused(f"{name}, line {line}: {reason}") from None
        except RecursionError:  # tomllib reads nested lists and tables by recursion
            raise PageFileRefused(f"{name}: lists or tables nested too deeply to read") from None

    @functools.cached_property
    def lines(self):
        try:
            return key_lines(self.text)
        except RecursionError:  # nested deeper than the scanner follows: every key is said to be on line 1
            return {}

    def refused(self, refusal):
        path = refusal.path
        return PageFileRefused(f"{self.name}, line {line_of(self.lines, path)} ({dotted(path) or 'the file'}): {refusal.reason}")

    def existing_service(self):
        """(the service that has one of the file's addresses, the address that found it), or (None, "")."""
        try:
            service_data = self.data.get("service", {})
            if not isinstance(service_data, dict):
                raise Refusal(("service",), "the file needs a [service] table")
            slugs = translated(service_data.get("slug", {}), ("service", "slug"))
        except Refusal as refusal:
            raise self.refused(refusal) from None
        found = {}
        for lang, slug in slugs.items():
            if not slug_re.fullmatch(slug):
                continue  # no service has it (and PostgreSQL refuses a NUL in a query): the import refuses it
            service = Service.objects.having_slugs({build_localized_fieldname("slug", lang): slug}).first()
            if service is not None:
                found.setdefault(service.pk, (service, slug))
        if len(found) > 1:
            names = " and ".join(f"“{service}”" for service, _slug in found.values())
            raise self.refused(Refusal(("service", "slug"), f"these addresses belong to two services, {names}"))
        return next(iter(found.values()), (None, ""))

    def old_addresses(self):
        """The file's old addresses, checked, for a service that is not imported (load_content's)."""
        try:
            return checked_old_addresses(self.data)
        except Refusal as refusal:
            raise self.refused(refusal) from None


def import_page(page, comment=None, user=None):
    """Create the service `page` (a PageFile) describes, or replace the draft of the one that has one of its addresses:
    its fields, and all its sections and items. In one transaction and one version; nothing changes if it is refused."""
    try:
        with transaction.atomic(), reversion.create_revision(), translation.override(DEFAULT_LANGUAGE):
            imported = _import(page)
            reversion.add_to_revision(Service.objects.with_parts().get(pk=imported.service.pk))
            reversion.set_comment(comment or f"Imported from {page.name}")
            if user is not None:
                reversion.set_user(user)
    except Refusal as refusal:
        raise page.refused(refusal) from None
    imported.service.refresh_from_db()
    return imported


def _import(page):
    data = page.data
    check_keys(data, {"service", "directorates", "sections", "old_addresses"}, ())
    if not isinstance(data.get("service"), dict):
        raise Refusal(("service",), "the file needs a [service] table")
    service, replaced_by = page.existing_service()
    if service is not None:
        service = Service.objects.select_for_update().get(pk=service.pk)
        service.sections.all().delete()  # and their items
    service = service or Service()
    service_data = data["service"]
    fill(service, Service, {key: value for key, value in service_data.items() if key not in SERVICE_EXTRAS}, ("service",))
    last_modified = service_data.get("last_modified")
    if last_modified is not None and not isinstance(last_modified, datetime.date):
        raise Refusal(("service", "last_modified"), "expected a date (2020-06-05)")
    save(service, ("service",))

    directorates = {}
    for index, directorate_data in enumerate(as_tables(data.get("directorates", []), ("directorates",))):
        path = ("directorates", index)
        directorate = Directorate()
        fill(directorate, Directorate, directorate_data, path)
        name = reference(directorate)
        if not name:
            raise Refusal(path, "give the directorate an acronym (or a name): sections name it by it")
        if name in directorates:
            raise Refusal((*path, "acronym"), f"a second directorate “{name}”: list each one once")
        lookup = {"acronym": name} if directorate.acronym else {build_localized_fieldname("name", DEFAULT_LANGUAGE): name, "acronym": ""}
        # A directorate is shared with other services' pages: the site's own copy, where it has one, is kept as it is.
        directorates[name] = Directorate.objects.filter(**lookup).first() or save(directorate, path)

    for index, section_data in enumerate(as_tables(data.get("sections", []), ("sections",))):
        path = ("sections", index)
        kind = section_data.get("kind")
        if kind not in Section.Kind.values:
            raise Refusal((*path, "kind"), f"unknown section kind “{kind}” (one of {', '.join(Section.Kind.values)})")
        items = SECTION_ITEMS.get(kind)
        for other in SECTION_ITEMS.values():
            if other is not items and other.key in section_data:
                raise Refusal((*path, other.key), f"a {kind} section lists no {other.key}")
        section = Section(service=service, position=index + 1)  # the file's order is the page's
        fill(section, Section, {key: value for key, value in section_data.items() if not items or key != items.key}, path, directorates)
        save(section, path)
        if items is not None:
            made = []
            create_items(service, section, items, section_data.get(items.key, []), (*path, items.key), made)
            check_link_labels(service, made)

    return Imported(service, replaced_by, last_modified, checked_old_addresses(data))


def checked_old_addresses(data):
    """The file's {old address: language}, each a path of this site that a redirect can hold, in a known language."""
    old_addresses = data.get("old_addresses", {})
    if not isinstance(old_addresses, dict):
        raise Refusal(("old_addresses",), "expected a table of old addresses and their languages")
    longest = Redirect._meta.get_field("old_path").max_length
    for old_path, language in old_addresses.items():
        path = ("old_addresses", old_path)
        if not old_path.startswith("/") or not old_path.isprintable() or " " in old_path:
            raise Refusal(path, "an old address is a path of this site, starting with / (/spip.php?article4100)")
        if len(old_path) > longest:
            raise Refusal(path, f"an old address is at most {longest} characters long")
        if not isinstance(language, str) or language not in LANGUAGES:
            raise Refusal(path, f"unknown language “{language}” (one of {', '.join(LANGUAGES)})")
    return old_addresses


def create_items(service, holder, items, tables, path, made):
    """Create the items of `tables` under `holder`, and theirs; each is added to `made`, with its path in the file."""
    for index, item_data in enumerate(as_tables(tables, path)):
        item_path = (*path, index)
        item = items.model(service=service, position=index + 1, **{items.parent: holder})
        children = {child.key: child for child in items.children}
        fill(item, items.model, {key: value for key, value in item_data.items() if key not in children}, item_path, parent=items.parent)
        save(item, item_path, items.parent)
        made.append((item, item_path))
        for child in items.children:
            create_items(service, item, child, item_data.get(child.key, []), (*item_path, child.key), made)


def check_link_labels(service, made):
    """Refuse a links section where one label, in any language of the file, names links to different places."""
    paths = {id(item): path for item, path in made if isinstance(item, Link)}
    links = [item for item, _path in made if isinstance(item, Link)]
    for clash in label_clashes(links, LANGUAGES, service.source_language):
        first, second = clash.links[:2]
        raise Refusal(
            (*paths[id(second)], "label", clash.language),
            f"“{clash.label}” is also the label of the link to {link_target(first)} in this section: a link's label must "
            "say where it goes, read without its group's heading (“French Ministry of the Interior”, not “Ministry of the Interior”)",
        )


def as_tables(value, path):
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise Refusal(path, f"expected a list of tables ([[{dotted(path)}]])")
    return value


def check_keys(data, allowed, path):
    for key in data:
        if key not in allowed:
            raise Refusal((*path, key), f"unknown key “{key}” (expected one of: {', '.join(sorted(allowed))})")


def fill(obj, model, data, path, directorates=None, parent=None):
    """Set every field of `obj` the file can hold from `data` (a field it leaves out gets its default), checking keys and types."""
    file_keys = keys(model, parent)
    check_keys(data, {key.name for key in file_keys}, path)
    for key in file_keys:
        value, key_path = data.get(key.name), (*path, key.name)
        if key.columns:
            value = data.get(key.name, {})
            if isinstance(value, str) and (model, key.name) in FORMERLY_PLAIN:
                value = {source_of(obj): value}
            texts = translated(value, key_path)
            for lang, column in key.columns.items():
                setattr(obj, column, texts.get(lang))
            # A required text is required in the page's source language only: the model checks it (full_clean).
        elif key.field.is_relation:
            if value is not None and value not in (directorates or {}):
                raise Refusal(key_path, f"no directorate “{value}” in the file's [[directorates]]")
            setattr(obj, key.name, directorates[value] if value is not None else None)
        elif value is None:
            if not key.field.blank and not key.field.has_default():
                raise Refusal(path, f"missing key “{key.name}”")
            setattr(obj, key.field.attname, key.field.get_default())
        else:
            check_type(key.field, value, key_path)
            if isinstance(key.field, models.FileField) and not key.field.storage.exists(value):
                raise Refusal(key_path, f"no file “{value}” in the site's storage: copy the media files first")
            setattr(obj, key.field.attname, value)


def translated(value, path):
    """{lang: text} of a translated field's table, checked."""
    if not isinstance(value, dict):
        raise Refusal(path, "expected a table of languages, e.g. {fr = “…”, en = “…”}")
    for lang, text in value.items():
        if lang not in LANGUAGES:
            raise Refusal((*path, lang), f"unknown language “{lang}” (one of {', '.join(LANGUAGES)})")
        if not isinstance(text, str):
            raise Refusal((*path, lang), f"expected text, not {type(text).__name__}")
    return value


def check_type(field, value, path):
    if isinstance(field, models.BooleanField):
        expected, words = bool, "true or false"
    elif isinstance(field, models.IntegerField):
        expected, words = int, "a whole number"
    elif isinstance(field, models.DateTimeField):
        expected, words = datetime.datetime, "a date and time (2020-06-05T12:00:00Z)"
    elif isinstance(field, models.DateField):
        expected, words = datetime.date, "a date (2020-06-05)"
    elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
        expected, words = str, "text"
    elif isinstance(field, models.JSONField) and isinstance(field.get_default(), list | dict):
        expected = type(field.get_default())
        words = 'a list, e.g. ["nl"]' if expected is list else "a table"
    else:
        return  # full_clean() converts and checks it
    wrong_kind = isinstance(value, bool) and expected is not bool or isinstance(value, datetime.datetime) and expected is datetime.date
    if wrong_kind or not isinstance(value, expected):
        raise Refusal(path, f"expected {words}, not {toml_type(value)}")


def toml_type(value):
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return next((words for kind, words in names.items() if type(value) is kind), type(value).__name__)


def save(obj, path, parent=None):
    """Validate `obj` as the admin does, then save it; a refusal names the key of the first field the model refuses.

    An image's renditions are made as at upload (those already in the storage are kept).
    """
    model = type(obj)
    with translation.override("en"):
        try:
            obj.full_clean(exclude=originals(model))  # the languages' columns are checked, not their copy
            check_as_the_form_does(obj)
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise Refusal(key_path(model, parent, name, path), " ".join(messages)) from None
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ImageField) and hasattr(obj, f"{field.name}_renditions"):
            name = getattr(obj, field.name).name
            setattr(obj, f"{field.name}_renditions", make_renditions(field.storage, name) if name else {})
    obj.save()
    return obj


def check_as_the_form_does(obj):
    """What the admin's form refuses of a text and full_clean() lets through: a TextField longer than its max_length
    (the model does not check it), a NUL character (PostgreSQL cannot store it)."""
    translated = originals(type(obj))  # checked in each language's column, not in their copy
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.CharField | models.TextField) and isinstance(value, str) and field.name not in translated:
            checks = [ProhibitNullCharactersValidator(), *([MaxLengthValidator(field.max_length)] if field.max_length else [])]
            try:
                for check in checks:
                    check(value)
            except ValidationError as error:
                raise ValidationError({field.name: error.messages}) from None


def key_path(model, parent, name, path):
    """The path in the file of the field `name` of a model's table at `path`: the table's own for an error of the whole."""
    column_languages = field_languages(model)
    if name in column_languages:
        lang = column_languages[name]
        return (*path, name.removesuffix("_" + lang.replace("-", "_")), lang)
    return (*path, name) if name in {key.name for key in keys(model, parent)} else path


def add_old_addresses(service, old_addresses):
    """Redirect each former address to the page in its language; those that exist are kept as staff left them."""
    added = []
    for old_path, language in old_addresses.items():
        with translation.override(language):
            new_path = service.get_absolute_url()
        _redirect, created = Redirect.objects.get_or_create(site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path})
        if created:
            added.append((old_path, new_path))
    return added


# Where keys are in the file's text


def dotted(path):
    """sections[3].roles[1].title.fr for ("sections", 2, "roles", 0, "title", "fr"): lists counted from 1."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def line_of(lines, path):
    """The line of `path` in a file whose `key_lines` are `lines`, or of the nearest table or key that holds it."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


class _Scanner:
    """Just enough of TOML to know the line of each table, key and list item of a text tomllib has read."""

    BARE = re.compile(r"[A-Za-z0-9_-]+")
    BARE_VALUE = re.compile(r"[^,\]}\n#]*")  # a number, a date, true…

    def __init__(self, text):
        self.text, self.pos, self.lines = text, 0, {}
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.table_counts = {}  # {path of an array of tables: how many tables it has so far}

    def record(self, path):
        self.lines.setdefault(tuple(path), bisect_right(self.line_starts, self.pos))

    def peek(self, count=1):
        return self.text[self.pos : self.pos + count]

    def more(self, newlines=True):
        """Skip spaces, comments and (with `newlines`) line ends; whether text is left."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            elif char in " \t\r" or newlines and char == "\n":
                self.pos += 1
            else:
                return True
        return False

    def key(self):
        """A dotted key, as the list of its parts."""
        parts = []
        while True:
            self.more(newlines=False)
            if self.peek() in ('"', "'"):
                parts.append(tomllib.loads(f"k = {self.string()}")["k"])
            else:
                match = self.BARE.match(self.text, self.pos)
                parts.append(match.group())
                self.pos = match.end()
            self.more(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def string(self):
        """Skip a string; its text as written."""
        start = self.pos
        quote = next(quote for quote in ('"""', "'''", '"', "'") if self.text.startswith(quote, self.pos))
        self.pos += len(quote)
        while self.pos < len(self.text) and not self.text.startswith(quote, self.pos):
            self.pos += 2 if quote[0] == '"' and self.peek() == "\\" else 1
        self.pos += len(quote)
        while len(quote) == 3 and self.peek() == quote[0]:  # up to two quotes before the closing ones are text
            self.pos += 1
        return self.text[start : self.pos]

    def value(self, path):
        self.record(path)
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char in "[{":
            closing, index = "]" if char == "[" else "}", 0
            self.pos += 1
            while self.more() and self.peek() != closing:
                if self.peek() == ",":
                    self.pos += 1
                elif char == "[":
                    self.value((*path, index))
                    index += 1
                else:
                    self.pair(path)
            self.pos += 1
        else:
            self.pos = self.BARE_VALUE.match(self.text, self.pos).end()

    def pair(self, table):
        parts = self.key()
        for end in range(1, len(parts)):
            self.record((*table, *parts[:end]))
        self.pos += 1  # =
        self.more(newlines=False)
        self.value((*table, *parts))

    def resolve(self, parts):
        """The path of a header's table: an array of tables stands for its last table so far."""
        path = ()
        for part in parts:
            path = (*path, part)
            if path in self.table_counts:
                path = (*path, self.table_counts[path] - 1)
        return path

    def scan(self):
        table = ()
        self.record(table)
        while self.more():
            if self.peek(2) == "[[":
                self.pos += 2
                parts = self.key()
                array = (*self.resolve(parts[:-1]), parts[-1])
                self.table_counts[array] = self.table_counts.get(array, 0) + 1
                table = (*array, self.table_counts[array] - 1)
                self.record(array)
                self.record(table)
                self.pos += 2
            elif self.peek() == "[":
                self.pos += 1
                table = self.resolve(self.key())
                self.record(table)
                self.pos += 1
            else:
                self.pair(table)


def key_lines(text):
    """{key path: line} of each table, key and list item of a TOML text that tomllib reads."""
    scanner = _Scanner(text)
    with contextlib.suppress(AttributeError, StopIteration, tomllib.TOMLDecodeError):  # not quite TOML: the lines found so far
        scanner.scan()
    return scanner.lines
