"""A service page as visitors read it in the current language, built from a snapshot (a publication's, or the draft's)."""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import dateformat, formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .languages import dials_locally, language_tag, reading_order
from .models import (
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Picture,
    Publication,
    Section,
    Service,
    StaffRole,
    digits,
    format_e164,
    format_international,
    phone_country,
)
from .page_texts import fallback_fields, has_text_in, plain_columns, prepared_texts, rendered_fields
from .snapshots import changes, formatted, instances, take_snapshot


class ByField(dict):
    """{field: value} for some fields of an object; "" for the others, which templates read as cheaply."""

    def __missing__(self, name):
        return ""


# The site's heading of a kind of section, shown where its editor asks for it (Section.default_heading).
DEFAULT_HEADINGS = {
    Section.Kind.MISSIONS: _("Missions"),
    Section.Kind.LINKS: _("Useful links"),
    Section.Kind.CONTACT: _("Contact details"),
}


@functools.cache
def column_order(model, language, source):
    """[(field, its columns in the order a visitor reading `language` sees them)] for the plain translated fields of `model`."""
    fields = sorted({original for _column, original, _lang in plain_columns(model)})
    order = reading_order(language, source)
    return [(original, [build_localized_fieldname(original, lang) for lang in order]) for original in fields]


@functools.cache
def lang_attribute(language):
    return format_html(' lang="{}"', language)


def prepare(obj, item, version, language, source):
    """Make `obj`, from `item` of a snapshot of format `version`, read as in `language` on a page written in `source`;
    older formats are worked out here.

    Sets its texts as visitors read them, each Markdown field's HTML as `<field>_html`, the fields shown in the source
    language for want of a translation as `fallback` ({field: "fr"}), and the phone numbers' forms (snapshots.formatted).
    """
    html = item.get("html")
    if html is None:
        html = rendered_fields(obj, source) if version < 2 else {}
    if version < 3:
        shown_in_source = fallback_fields(obj, source).get(language, ())
        obj.__dict__.update(prepared_texts(obj, reading_order(language, source)))
        obj.__dict__.update(formatted(obj))
    else:
        shown_in_source = item.get("fallback" if version >= 5 else "french", {}).get(language, ())
        obj.__dict__.update(item.get("texts", {}))
        obj.__dict__.update(item.get("formatted", {}))
    for name, languages in html.items():
        # A language without its own text shows the source language's HTML (kept once, see page_texts.rendered_fields).
        shown = languages.get(language, languages.get(source, ""))
        setattr(obj, f"{name}_html", mark_safe(shown))  # noqa: S308 - sanitised when the snapshot was taken
    obj.fallback = ByField.fromkeys(shown_in_source, source)
    obj.lang = ByField.fromkeys(shown_in_source, lang_attribute(language_tag(source)))
    # What the template shows of each plain translated field: the first text in the language's reading order.
    values, obj.text = obj.__dict__, {}
    for original, columns in column_order(type(obj), language, source):
        for column in columns:
            if values[column]:
                obj.text[original] = values[column]
                break
        else:
            obj.text[original] = ""


@dataclass
class Page:
    """Everything a service page shows: its sections in page order, each with its items."""

    service: Service
    sections: list = field(default_factory=list)
    modified_day: object = None  # the day of its last published change (a date)
    languages: list = field(default_factory=list)
    source: str = ""  # the language the page is written in, which the others translate

    @classmethod
    def from_snapshot(cls, snapshot, modified_day=None):
        language = translation.get_language()
        version = snapshot.get("format", 1)
        # Before format 5 every page was written in the site's default language.
        source = snapshot.get("source") or settings.LANGUAGE_CODE
        found = defaultdict(list)
        for obj, item in instances(snapshot):
            prepare(obj, item, version, language, source)
            found[type(obj)].append(obj)

        def ordered(model):
            return sorted(found[model], key=lambda obj: (obj.position, obj.pk))

        links, phones = defaultdict(list), defaultdict(list)
        for link in ordered(Link):
            links[link.group_id].append(link)
        for phone in ordered(PhoneNumber):
            show_phone(phone, "", phone.number, phone.shown, phone.display, language)
            phones[phone.contact_point_id].append(phone)
        items = defaultdict(list)
        for group in ordered(LinkGroup):
            group.link_list = links[group.pk]
            if group.link_list:
                items[group.section_id].append(group)
        for contact in ordered(ContactPoint):
            contact.phone_list = phones[contact.pk]
            contact.only_a_link = only_a_link(contact)
            if contact.fax:
                show_phone(contact, "fax_", contact.fax, contact.fax_display, "", language)
            items[contact.section_id].append(contact)
        for role in ordered(StaffRole):
            if role.listed:
                items[role.section_id].append(role)
        for mission in ordered(Mission):
            items[mission.section_id].append(mission)
        for picture in ordered(Picture):
            if picture.image_renditions:
                items[picture.section_id].append(picture)
        directorates = {directorate.pk: directorate for directorate in found[Directorate]}
        sections = [
            section for section in ordered(Section) if shows(section, items[section.pk], directorates.get(section.directorate_id), language)
        ]
        page = cls(service=found[Service][0], sections=sections, modified_day=modified_day, source=source)
        page.languages = snapshot.get("languages") or [
            code for code, _name in settings.LANGUAGES if has_text_in(page.objects(), code, source)
        ]
        return page

    @classmethod
    def from_publication(cls, publication):
        return cls.from_snapshot(publication.snapshot, publication.modified_on)

    @classmethod
    def draft(cls, service):
        """The page as it would be published now: its date moves only if something changed."""
        snapshot = take_snapshot(service)
        publication = Publication.objects.filter(service=service).first()
        unchanged = publication is not None and not changes(publication.snapshot, snapshot)
        return cls.from_snapshot(snapshot, publication.modified_on if unchanged else timezone.localdate())

    def items(self, kind):
        return [item for section in self.sections if section.kind == kind for item in section.items]

    @property
    def contact_points(self):
        """Every contact point of the page, in page order."""
        return self.items(Section.Kind.CONTACT)

    @property
    def directorate(self):
        """The first directorate the page shows: the organisation the service belongs to, for search engines."""
        return next((section.directorate_shown for section in self.sections if section.kind == Section.Kind.DIRECTORATE), None)

    @property
    def share_image(self):
        """The stored name of the largest rendition of the service's illustration, for sharing; "" if it has none."""
        renditions = self.service.image_renditions.get("fallback")
        return renditions[-1][0] if renditions else ""

    @cached_property
    def modified_on(self):
        """The day of the last published change: (ISO date, the language's short form)."""
        if self.modified_day is None:
            return "", ""
        day = self.modified_day
        return dateformat.format(day, "Y-m-d"), formats.date_format(day, "SHORT_DATE_FORMAT")

    def objects(self):
        yield self.service
        for section in self.sections:
            yield section
            if section.directorate_shown is not None:
                yield section.directorate_shown
            for item in section.items:
                yield item
                yield from getattr(item, "link_list", ())
                yield from getattr(item, "phone_list", ())


def shows(section, items, directorate, language):
    """Whether `section` is on the page in `language`, which it then gets ready to show: its items, heading and levels."""
    if language in (section.hidden_in or ()):
        return False
    section.items, section.directorate_shown = items, directorate
    heading = section.text["heading"]
    section.title = heading or (DEFAULT_HEADINGS.get(section.kind, "") if section.default_heading else "")
    section.title_lang = section.lang["heading"] if heading else ""
    section.item_level = 3 if section.title else 2  # the items' headings sit under the section's, or stand for it
    kind = section.kind
    if kind == Section.Kind.DIRECTORATE:
        return directorate is not None
    if kind == Section.Kind.NOTICE:
        return bool(section.body_html) and section_is_current(section)
    if kind == Section.Kind.TEXT:
        return bool(section.body_html)
    if kind == Section.Kind.IMAGES:
        # Two images side by side take half the text's width each.
        section.image_sizes = "(min-width: 48rem) 23rem, 50vw" if len(items) > 1 else ""
        return bool(items)
    return bool(items) or bool(section.body_html)


def show_phone(obj, prefix, number, local, typed, language):
    """Set the forms of a number a page shows on `obj`, as `<prefix>dial` (E.164, for tel: links), `<prefix>shown_as`
    and `<prefix>local_form`: readers of a language of the number's country read it as written there (`local`:
    011/302 35 69), others as they dial it from abroad (+381 11 302 35 69), followed by the form the editor `typed`.

    A snapshot holds the forms (snapshots.formatted); an older one lacks some, worked out here: a number that does not
    parse fails here, as it always did.
    """
    values = obj.__dict__
    if f"{prefix}dial" not in values:
        values[f"{prefix}dial"], values[f"{prefix}shown_as"] = format_e164(number), local
    if f"{prefix}international" not in values:
        values[f"{prefix}international"], values[f"{prefix}country"] = format_international(number, typed), phone_country(number)
    if dials_locally(language, values[f"{prefix}country"]):
        values[f"{prefix}local_form"] = ""
    else:
        values[f"{prefix}local_form"] = typed if digits(typed) != digits(values[f"{prefix}international"]) else ""
        values[f"{prefix}shown_as"] = values[f"{prefix}international"]


def only_a_link(contact):
    """Whether a contact point is only a link under its label: no address, number, e-mail or opening hours."""
    if not contact.url:
        return False
    written = (contact.postal_code, contact.fax, contact.email, contact.opening_hours)
    texts = ("organisation", "street", "city", "region", "country")
    return not (contact.phone_list or any(written) or any(contact.text[name] for name in texts))


def section_is_current(section):
    """Whether a dated section is shown today; today's date is looked up only for sections that have dates."""
    if not (section.starts_on or section.ends_on):
        return True
    return section.is_current(timezone.localdate())
