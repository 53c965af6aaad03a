"""A service's page as staff edit it (the draft): the service, its directorate and the parts of its page."""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname

from .. import languages
from ..cyrillic import to_cyrillic
from ..validators import DOCUMENT_HELP, parse_phone, validate_country_code, validate_document, validate_link_url, validate_phone
from .base import (
    MARKDOWN_HELP,
    Illustrated,
    OrderedByPosition,
    TranslatedContent,
    TranslatedSlugQuerySet,
    document_path,
    translate_permission,
)

# Countries whose addresses put the postal code after the city; elsewhere it comes first (11 000 Belgrade).
POSTAL_CODE_AFTER_CITY = {"GB", "IE", "US", "CA", "AU", "NZ", "IN", "JP", "KR", "BR"}


class Directorate(TranslatedContent):
    """A directorate services report to, shown in a section of each of its services' pages, under that page's heading."""

    # Translators: a field label: the name of a directorate, or of a service (the title of its page).
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    # Translators: a field label: the text of a directorate, a section, a mission or the accessibility statement (not a kind of section).
    body = models.TextField(_("text"), max_length=10000, help_text=MARKDOWN_HELP)
    website = models.URLField(_("website"), blank=True, max_length=500)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    # Rendered from Markdown, once, when the page is published (snapshots.py).
    markdown_fields = ("body",)

    class Meta:
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")
        ordering = ("name",)

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class ServiceQuerySet(TranslatedSlugQuerySet):
    def with_parts(self):
        """The service and everything on its page, in a fixed number of queries."""
        sections = models.Prefetch("sections", queryset=Section.objects.select_related("directorate"))
        return self.prefetch_related(sections, *(accessor for accessor in PART_ACCESSORS if accessor != "sections"))


class Service(Illustrated, TranslatedContent, OrderedByPosition):
    """A service of the embassy. Staff edit these rows, the draft; visitors see its last publication."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True, help_text=_("e.g. SSI"))
    slug = models.SlugField(
        # Translators: a field label: the last part of the page's web address (its slug), e.g. internal-security-service.
        _("web address"),
        max_length=120,
        help_text=_("The last part of the page's address, e.g. service-de-securite-interieure. Lowercase letters, digits and hyphens."),
    )
    source_language = models.CharField(
        pgettext_lazy("the language a page is written in", "written in"),
        max_length=10,
        # Not Cyrillic Serbian: it is derived from the Latin text.
        choices=[(code, name) for code, name in settings.SUPPORTED_LANGUAGES.items() if code != "sr"],
        default=languages.default_source,
        help_text=_(
            "The language the page's authors write it in; the other languages translate it, and show it where they have no text yet."
        ),
    )
    seo_description = models.CharField(
        _("description for search engines"), max_length=300, blank=True, help_text=_("One or two sentences, about 150 characters.")
    )
    updated_at = models.DateTimeField(
        _("draft last changed"), default=timezone.now, editable=False, help_text=_("Latest change to the draft of the page.")
    )
    # Counts every change to the service or its parts: a form opened on an older count is stale.
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta(Illustrated.Meta, TranslatedContent.Meta, OrderedByPosition.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")
        permissions = [
            ("publish_service", _("Can publish and unpublish a service")),
            ("restore_service", _("Can restore an earlier version of a service")),
            ("edit_structure", _("Can change untranslated fields and add or remove parts of a page")),
            *((translate_permission(lang), f"Can translate into {lang}") for lang in settings.MODELTRANSLATION_LANGUAGES),
        ]
        constraints = [
            # Slugs are translated: each language's slug is unique among services.
            *(
                models.UniqueConstraint(
                    fields=[build_localized_fieldname("slug", lang)],
                    condition=~models.Q(**{build_localized_fieldname("slug", lang): ""}),
                    name=f"service_unique_{build_localized_fieldname('slug', lang)}",
                    violation_error_message=_("Another service already uses this web address."),
                )
                for lang in settings.MODELTRANSLATION_LANGUAGES
            ),
        ]

    def __str__(self):
        """The name in the active language, or else in the language the page is written in (a page written in Dutch
        has no French name to fall back on)."""
        for lang in languages.reading_order(translation.get_language() or self.source_language, self.source_language):
            name = getattr(self, build_localized_fieldname("name", lang), "")
            if name:
                return name
        return self.name or ""

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        self.edit_version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at", "edit_version"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.source_language not in languages.site_languages():
            raise ValidationError({"source_language": _("Choose one of the site's languages.")})
        super().clean()

    def get_absolute_url(self):
        return reverse("security_service:service_detail", kwargs={"slug": self.slug})

    def label_clashes(self, langs):
        """`label_clashes` in each links section of the page (from `link_groups` and `links`, prefetched or not)."""
        groups = {group.pk: (index, group.section_id) for index, group in enumerate(self.link_groups.all())}
        by_section = {}
        for link in sorted(self.links.all(), key=lambda link: (groups.get(link.group_id, (0,))[0], link.position, link.pk)):
            by_section.setdefault(groups.get(link.group_id, (0, None))[1], []).append(link)
        return [clash for links in by_section.values() for clash in label_clashes(links, langs, self.source_language)]

    def shown_directorates(self):
        """The directorates the sections of the page show, each once (from `sections`, prefetched or not)."""
        found = {section.directorate_id: section.directorate for section in self.sections.all() if section.directorate_id}
        return list(found.values())


class ServicePart(TranslatedContent, OrderedByPosition):
    """Something that belongs to a service's page: changing it changes the page's date."""

    class Meta(TranslatedContent.Meta, OrderedByPosition.Meta):
        abstract = True


class Section(ServicePart):
    """A section of a service's page, of one kind, in the page's order, under the heading its editor chose (or none)."""

    class Kind(models.TextChoices):
        TEXT = "text", pgettext_lazy("kind of page section", "text")
        ROLES = "roles", pgettext_lazy("kind of page section", "staff roles")
        MISSIONS = "missions", pgettext_lazy("kind of page section", "missions")
        DIRECTORATE = "directorate", pgettext_lazy("kind of page section", "directorate")
        LINKS = "links", pgettext_lazy("kind of page section", "links")
        CONTACT = "contact", pgettext_lazy("kind of page section", "contact")
        NOTICE = "notice", pgettext_lazy("kind of page section", "notice")
        IMAGES = "images", pgettext_lazy("kind of page section", "images")

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="sections")
    # Translators: a field label: the kind of a page section (text, missions, links, contact…).
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    # Translators: a field label: the heading shown above a section, a mission or a group of links.
    heading = models.CharField(_("heading"), max_length=300, blank=True, help_text=_("Leave empty for a section without a heading."))
    default_heading = models.BooleanField(
        _("site's heading"),
        default=False,
        help_text=_("With no heading written: show the site's heading for this kind of section (“Useful links”, “Contact details”…)."),
    )
    body = models.TextField(
        _("text"),
        max_length=20000,
        blank=True,
        help_text=format_lazy(
            "{} {}",
            _("The text of a text section or a notice; the lead-in of missions, links or contacts; the caption of images."),
            MARKDOWN_HELP,
        ),
    )
    directorate = models.ForeignKey(
        Directorate, verbose_name=_("directorate"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sections"
    )
    # Translators: a field label, followed by a date: the first day a notice is shown.
    starts_on = models.DateField(_("shown from"), null=True, blank=True, help_text=_("For a notice: the first day it is shown."))
    # Translators: a field label, followed by a date: the last day a notice is shown.
    ends_on = models.DateField(_("shown until"), null=True, blank=True, help_text=_("For a notice: the last day it is shown."))
    hidden_in = models.JSONField(
        pgettext_lazy("languages whose page leaves the section out", "not shown in"),
        default=list,
        blank=True,
        help_text=_("Languages whose page leaves this section out."),
    )

    markdown_fields = ("body",)

    class Meta(ServicePart.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True) | models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="section_ends_after_start",
                violation_error_message=_("The section cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.heading or f"{self.get_kind_display()} ({self.position})"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The section cannot end before it starts.")})
        unknown = set(self.hidden_in or ()) - set(settings.MODELTRANSLATION_LANGUAGES)
        if unknown:
            raise ValidationError({"hidden_in": _("Unknown languages: %(codes)s") % {"codes": ", ".join(sorted(map(str, unknown)))}})

    def is_current(self, today):
        return (self.starts_on or today) <= today <= (self.ends_on or today)


class SectionItem(ServicePart):
    """Something listed in a section of the page: a role, a mission, a group of links, a contact point, a picture."""

    class Meta(ServicePart.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if self.section_id and self.service_id and self.section.service_id != self.service_id:
            raise ValidationError({"section": _("Choose a section of this service.")})


class StaffRole(SectionItem):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="roles")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(
        pgettext_lazy("job title of a staff role", "title"), max_length=200, help_text=_("e.g. L’attaché de sécurité intérieure")
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True, help_text=_("e.g. ASI"))
    description = models.TextField(
        # Translators: a field label: what the holder of a staff role does.
        _("description"),
        max_length=10000,
        blank=True,
        help_text=_("Optional: a role may be listed by its title alone."),
    )
    held_by = models.CharField(
        # Translators: a field label: the name of the person who holds a staff role.
        _("held by"),
        max_length=200,
        blank=True,
        help_text=_("A head-count (“two majors”) or the post-holder, as the page names them. Optional."),
    )
    is_head = models.BooleanField(_("head of the service"), default=False)
    listed = models.BooleanField(_("listed on the page"), default=True, help_text=_("Untick to keep the role without showing it."))

    markdown_fields = ("description",)

    class Meta(ServicePart.Meta):
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(is_head=True),
                name="staffrole_one_head_per_service",
                violation_error_message=_("A service has only one head."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.abbreviation})" if self.abbreviation else self.title


class Mission(Illustrated, SectionItem):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="missions")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="missions")
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    body = models.TextField(_("text"), max_length=10000, help_text=MARKDOWN_HELP)

    markdown_fields = ("body",)

    class Meta(Illustrated.Meta, SectionItem.Meta):
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self):
        return self.heading or (self.body[:60] + "…" if len(self.body) > 60 else self.body)


class LinkGroup(SectionItem):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="link_groups")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="link_groups")
    heading = models.CharField(
        _("heading"), max_length=200, blank=True, help_text=_("e.g. En France. Leave empty for links without a group.")
    )

    class Meta(ServicePart.Meta):
        verbose_name = _("group of links")
        verbose_name_plural = _("groups of links")

    def __str__(self):
        return self.heading or str(_("links"))


class Link(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="links")
    # Translators: a field label: the group of links (under its heading) a link belongs to.
    group = models.ForeignKey(LinkGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="links")
    label = models.CharField(pgettext_lazy("the words a link shows", "label"), max_length=200)
    url = models.CharField(
        pgettext_lazy("the web address a link goes to", "address"),
        max_length=500,
        blank=True,
        validators=[validate_link_url],
        help_text=_("https://…, mailto:… or tel:+…"),
    )
    document = models.FileField(
        # Translators: a field label: a file the link opens, instead of a web address.
        _("document"),
        upload_to=document_path,
        blank=True,
        validators=[validate_document],
        help_text=format_lazy("{} {}", _("Or a document the link downloads instead of an address:"), DOCUMENT_HELP),
    )
    document_size = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta(ServicePart.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.document_size = self.document.size if self.document else None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.group_id and self.service_id and self.group.service_id != self.service_id:
            errors["group"] = _("Choose a group of this service.")
        if bool(self.url) == bool(self.document):
            errors["url"] = _("Give either an address or a document.")
        if errors:
            raise ValidationError(errors)

    @property
    def document_type(self):
        """The document's format as visitors know it: PDF, DOCX…"""
        return PurePosixPath(self.document.name).suffix.lstrip(".").upper() if self.document else ""


# Apostrophes and quotes typed in several ways read as one: "l'intérieur" and "l’intérieur" are the same label.
SAME_READING = str.maketrans({"’": "'", "‘": "'", "´": "'", "\u00a0": " ", "\u202f": " "})


def label_as_read(text):
    """A label as a visitor tells it from another: without case, spacing or the kind of apostrophe."""
    return " ".join(text.translate(SAME_READING).split()).casefold()


def link_target(link):
    """Where a link goes: its address, or its document."""
    return link.url or (link.document.name if link.document else "")


@dataclass(frozen=True)
class LabelClash:
    """One label, in one language, on links of one section that go to different places."""

    language: str
    label: str
    links: tuple

    @property
    def targets(self):
        return list(dict.fromkeys(link_target(link) for link in self.links))

    def message(self):
        # Translators: an error of the page form and of publishing. %(language)s is a language's name ("French"),
        # %(label)s a link's text, %(addresses)s the web addresses it leads to.
        return _(
            "%(language)s: “%(label)s” is the label of links to different addresses (%(addresses)s). A link's label "
            "must say where it goes, read without its group's heading."
        ) % {
            "language": capfirst(translation.get_language_info(self.language)["name_translated"]),
            "label": self.label,
            "addresses": ", ".join(self.targets),
        }


def shown_label(link, lang, source):
    """The label a visitor reading `lang` sees: its own, the Latin one transliterated for Cyrillic Serbian, or the
    page's source language's."""
    for code in languages.reading_order(lang, source):
        text = getattr(link, build_localized_fieldname("label", code), "") or ""
        if text.strip():
            return to_cyrillic(text) if lang == "sr" and code == "sr-latn" else text
    return ""


def label_clashes(links, langs, source):
    """The labels that, in `langs`, name links of one links section going to different places: the same words for two
    addresses, which only the group headings ("En France", "En Serbie") would tell apart. `links`: that section's."""
    clashes = []
    for lang in langs:
        found = {}
        for link in links:
            label = shown_label(link, lang, source)
            if label:
                found.setdefault(label_as_read(label), []).append((label, link))
        for same in found.values():
            if len({link_target(link) for _label, link in same}) > 1:
                clashes.append(LabelClash(lang, same[0][0], tuple(link for _label, link in same)))
    return clashes


class ContactPoint(SectionItem):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="contact_points")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="contact_points")
    label = models.CharField(
        pgettext_lazy("name of a contact point", "label"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Visa desk. Leave empty when the service has one contact point."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True, help_text=_("e.g. Ambassade de France"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True, help_text=_("As written locally, e.g. 11 000"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("Two letters, e.g. RS for Serbia. Needed with an address."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    fax = models.CharField(
        _("fax"), max_length=30, blank=True, validators=[validate_phone], help_text=_("International form, e.g. +381 11 302 35 00")
    )
    opening_hours = models.TextField(_("opening hours"), max_length=2000, blank=True, help_text=MARKDOWN_HELP)
    url = models.CharField(
        _("web page"),
        max_length=500,
        blank=True,
        validators=[validate_link_url],
        help_text=_("A form or page to contact the service through; a contact point may be only this link, under its label."),
    )

    markdown_fields = ("opening_hours",)

    class Meta(ServicePart.Meta):
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self):
        return self.label or self.organisation or str(_("contact point"))

    def clean(self):
        super().clean()
        address = [self.postal_code, *(getattr(self, column) for name in ("street", "city") for column in languages.columns(name))]
        if any(address) and not self.country_code:
            raise ValidationError({"country_code": _("Give the country of the address.")})
        if self.url and not self.label:
            raise ValidationError({build_localized_fieldname("label", languages.source_of(self)): _("Give the link a label.")})

    def locality_lines(self):
        """Postal code, city and region in the order the country writes them, as a page reads them (pages.prepare sets
        its `text`), else in the current language."""
        text = getattr(self, "text", None) or {"city": self.city, "region": self.region}
        city, region = text["city"], text["region"]
        if self.country_code in POSTAL_CODE_AFTER_CITY:
            return [line for line in (" ".join(filter(None, (city, region))), self.postal_code) if line]
        return [line for line in (" ".join(filter(None, (self.postal_code, city))), region) if line]

    @property
    def fax_display(self):
        return format_national(self.fax) if self.fax else ""


def format_national(value):
    return phonenumbers.format_number(parse_phone(value), phonenumbers.PhoneNumberFormat.NATIONAL)


# What groups the digits of a number written by hand: 011/302 35 69, 01 23-45.67.89, (0)1 23 45 67 89.
PHONE_SEPARATORS = re.compile(r"[\s/.\-()\u00a0\u202f]+")


def digits(text):
    """The digits of a number as written, without what groups them: 0113023569 for 011/302 35 69."""
    return "".join(filter(str.isdigit, text))


def regrouped(text):
    """A number as written, its groups separated by single spaces: 011 302 35 69 for 011/302 35 69."""
    return " ".join(PHONE_SEPARATORS.sub(" ", text).split())


def format_international(value, local=""):
    """The number as it is written for readers abroad: +381 11 302 35 69.

    As the editor grouped it: the number typed with its spaces, else its local form (`local`, 011/302 35 69) without
    the national prefix, else the grouping of phonenumbers (which writes +381 11 3023569).
    """
    number = parse_phone(value)
    typed = regrouped(value)
    if " " in typed:
        return typed
    national = phonenumbers.national_significant_number(number)
    grouped = regrouped(local)
    if grouped.startswith("+") and digits(grouped) == f"{number.country_code}{national}":
        return grouped
    if grouped:
        prefix = phonenumbers.PhoneMetadata.metadata_for_region(phonenumbers.region_code_for_number(number) or "ZZ")
        national_prefix = (prefix.national_prefix if prefix else None) or ""
        if grouped.startswith(national_prefix):
            grouped = grouped[len(national_prefix) :].lstrip()
        if digits(grouped) == national:
            return f"+{number.country_code} {grouped}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_country(value):
    """The country (ISO 3166 code) a number belongs to: RS for +381 11 302 35 69."""
    return phonenumbers.region_code_for_number(parse_phone(value)) or ""


def format_e164(value):
    """The number as phones dial it from anywhere: +381113023569."""
    return phonenumbers.format_number(parse_phone(value), phonenumbers.PhoneNumberFormat.E164)


# The spaces a postal code may be written with for reading (11 000, 75 007): no-break ones too.
POSTAL_CODE_SPACES = re.compile(r"[ \u00a0\u202f]+")


def postal_code_as_posted(value):
    """A postal code in the postal service's form, for machines (schema.org, vCard): a code of digits loses the spaces
    that group them for reading (11 000 → 11000); a code with letters keeps its space, which is part of it (SW1A 2AA,
    1012 AB, K1A 0B1). The page shows the code as written."""
    value = (value or "").strip()
    joined = POSTAL_CODE_SPACES.sub("", value)
    return joined if joined.isdigit() and joined.isascii() else value


# What a phone number is written with: ASCII digits, and spaces (no-break ones too), + ( ) - . /
PHONE_CHARACTERS = frozenset("0123456789 +()-./\u00a0\u202f")


class PhoneNumber(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="phone_numbers")
    contact_point = models.ForeignKey(ContactPoint, verbose_name=_("contact point"), on_delete=models.CASCADE, related_name="phone_numbers")
    number = models.CharField(
        pgettext_lazy("phone number as dialled", "number"),
        max_length=30,
        validators=[validate_phone],
        help_text=_("International form, dialled by phones: +381 11 302 35 69"),
    )
    display = models.CharField(
        pgettext_lazy("phone number as the page shows it", "as shown"),
        max_length=30,
        blank=True,
        help_text=_("How it is written locally, e.g. 011/302 35 69. Leave empty for the usual form."),
    )
    # Translators: a field label: a short word shown after a phone number, e.g. switchboard.
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("e.g. switchboard"))

    class Meta(ServicePart.Meta):
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.shown

    def clean(self):
        super().clean()
        errors = {}
        if self.contact_point_id and self.service_id and self.contact_point.service_id != self.service_id:
            errors["contact_point"] = _("Choose a contact point of this service.")
        try:
            number = parse_phone(self.number)
        except ValidationError:
            number = None  # the field's own validator reports it
        if number and self.display:
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            # Only digits and the signs numbers are written with: invisible format characters (U+202E…) and
            # combining marks (a digit struck through, U+0336) would make the same digits read as another number.
            foreign = any(character not in PHONE_CHARACTERS for character in self.display)
            if foreign or digits(self.display) not in (digits(national), digits(self.e164)):
                errors["display"] = _("The number shown must be the number dialled (%(number)s).") % {"number": national}
        if errors:
            raise ValidationError(errors)

    @property
    def e164(self):
        return format_e164(self.number)

    @property
    def shown(self):
        """The number as it is written in its country: as the editor typed it, else in the national form."""
        return self.display or format_national(self.number)

    @property
    def international(self):
        return format_international(self.number, self.display)

    @property
    def country(self):
        return phone_country(self.number)


class Picture(Illustrated, SectionItem):
    """One of the one or two images of an images section, which share the section's caption."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="pictures")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="pictures")

    class Meta(Illustrated.Meta, SectionItem.Meta):
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self):
        return self.image_alt or str(_("picture"))

    def clean(self):
        super().clean()
        if not self.image:
            raise ValidationError({"image": _("Choose the image.")})


# What belongs to a service's page, and its accessor on Service.
PART_MODELS = (Section, StaffRole, Mission, LinkGroup, Link, ContactPoint, PhoneNumber, Picture)
PART_ACCESSORS = tuple(model._meta.get_field("service").remote_field.related_name for model in PART_MODELS)


def touch_services(queryset):
    """Record that something on these services' pages changed now."""
    queryset.update(updated_at=timezone.now(), edit_version=models.F("edit_version") + 1)
