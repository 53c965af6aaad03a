"""A service page as visitors read it in the current language, built from a snapshot (a publication's, or the draft's)."""

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import dateformat, formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Publication, Service, StaffRole, format_e164
from .page_texts import french_fields, has_text_in, plain_columns, prepared_texts, rendered_fields
from .snapshots import changes, formatted, instances, take_snapshot


class ByField(dict):
    """{field: value} for some fields of an object; "" for the others, which templates read as cheaply."""

    def __missing__(self, name):
        return ""


@functools.cache
def reading_order(model, language):
    """[(field, its columns in the order a visitor reading `language` sees them)] for the plain translated fields of `model`."""
    fields = sorted({original for _column, original, _lang in plain_columns(model)})
    return [(original, [build_localized_fieldname(original, lang) for lang in resolution_order(language)]) for original in fields]


@functools.cache
def lang_attribute(language):
    return format_html(' lang="{}"', language)


def prepare(obj, item, version, language):
    """Make `obj`, from `item` of a snapshot of format `version`, read as in `language`; older formats are worked out here.

    Sets its texts as visitors read them, each Markdown field's HTML as `<field>_html`, the fields shown in French
    for want of a translation as `fallback` ({field: "fr"}), and the phone numbers' forms (snapshots.formatted).
    """
    html = item.get("html")
    if html is None:
        html = rendered_fields(obj) if version < 2 else {}
    if version < 3:
        french = french_fields(obj).get(language, ())
        obj.__dict__.update(prepared_texts(obj, resolution_order(language)))
        obj.__dict__.update(formatted(obj))
    else:
        french = item.get("french", {}).get(language, ())
        obj.__dict__.update(item.get("texts", {}))
        obj.__dict__.update(item.get("formatted", {}))
    for name, languages in html.items():
        setattr(obj, f"{name}_html", mark_safe(languages.get(language, "")))  # noqa: S308 - sanitised when the snapshot was taken
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    obj.fallback = ByField.fromkeys(french, source)
    obj.lang = ByField.fromkeys(french, lang_attribute(source))
    # What the template shows of each plain translated field: the first text in the language's reading order.
    values, obj.text = obj.__dict__, {}
    for original, columns in reading_order(type(obj), language):
        for column in columns:
            if values[column]:
                obj.text[original] = values[column]
                break
        else:
            obj.text[original] = ""


@dataclass
class Page:
    """Everything a service page shows."""

    service: Service
    directorate: Directorate | None
    roles: list = field(default_factory=list)
    missions: list = field(default_factory=list)
    link_groups: list = field(default_factory=list)
    contact_points: list = field(default_factory=list)
    last_modified: object = None
    languages: list = field(default_factory=list)

    @classmethod
    def from_snapshot(cls, snapshot, last_modified=None):
        language = translation.get_language()
        version = snapshot.get("format", 1)
        found = defaultdict(list)
        for obj, item in instances(snapshot):
            prepare(obj, item, version, language)
            found[type(obj)].append(obj)

        def ordered(model):
            return sorted(found[model], key=lambda obj: (obj.position, obj.pk))

        links, phones = defaultdict(list), defaultdict(list)
        for link in ordered(Link):
            links[link.group_id].append(link)
        for phone in ordered(PhoneNumber):
            if "dial" not in phone.__dict__:  # a number that does not parse fails here, as it always did
                phone.dial, phone.shown_as = phone.e164, phone.shown
            phones[phone.contact_point_id].append(phone)
        groups = ordered(LinkGroup)
        for group in groups:
            group.link_list = links[group.pk]
        contact_points = ordered(ContactPoint)
        for contact in contact_points:
            contact.phone_list = phones[contact.pk]
            if contact.fax and "fax_dial" not in contact.__dict__:
                contact.fax_dial, contact.fax_shown_as = format_e164(contact.fax), contact.fax_display
        page = cls(
            service=found[Service][0],
            directorate=found[Directorate][0] if found[Directorate] else None,
            roles=ordered(StaffRole),
            missions=ordered(Mission),
            link_groups=[group for group in groups if group.link_list],
            contact_points=contact_points,
            last_modified=last_modified,
        )
        page.languages = snapshot.get("languages") or [code for code, _name in settings.LANGUAGES if has_text_in(page.objects(), code)]
        return page

    @classmethod
    def from_publication(cls, publication):
        return cls.from_snapshot(publication.snapshot, publication.last_modified)

    @classmethod
    def draft(cls, service):
        """The page as it would be published now: its date moves only if something changed."""
        snapshot = take_snapshot(service)
        publication = Publication.objects.filter(service=service).first()
        unchanged = publication is not None and not changes(publication.snapshot, snapshot)
        return cls.from_snapshot(snapshot, publication.last_modified if unchanged else timezone.now())

    @property
    def role_sections(self):
        return [role for role in self.roles if role.description]

    @property
    def shows_notice(self):
        """Whether the service's temporary notice is shown today; today's date is looked up only for a notice."""
        return bool(self.service.notice) and self.service.notice_is_current

    @property
    def share_image(self):
        """The stored name of the largest rendition of the service's illustration, for sharing; "" if it has none."""
        renditions = self.service.image_renditions.get("fallback")
        return renditions[-1][0] if renditions else ""

    @cached_property
    def modified_on(self):
        """The date of the last published change, in the site's time zone: (ISO date, the language's short form)."""
        if self.last_modified is None:
            return "", ""
        day = timezone.localtime(self.last_modified)
        return dateformat.format(day, "Y-m-d"), formats.date_format(day, "SHORT_DATE_FORMAT")

    def objects(self):
        yield self.service
        if self.directorate:
            yield self.directorate
        yield from self.roles
        yield from self.missions
        for group in self.link_groups:
            yield group
            yield from group.link_list
        for contact in self.contact_points:
            yield contact
            yield from contact.phone_list
