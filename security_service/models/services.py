"""A service's page as staff edit it (the draft): the service, its directorate and the parts of its page."""

import unicodedata

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ..validators import parse_phone, validate_country_code, validate_link_url, validate_phone
from .base import MARKDOWN_HELP, Illustrated, OrderedByPosition, TranslatedContent, TranslatedSlugQuerySet, translate_permission

# Countries whose addresses put the postal code after the city; elsewhere it comes first (11 000 Belgrade).
POSTAL_CODE_AFTER_CITY = {"GB", "IE", "US", "CA", "AU", "NZ", "IN", "JP", "KR", "BR"}


class Directorate(TranslatedContent):
    """The directorate services report to, shown as a section of each of its services' pages."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    section_heading = models.CharField(
        _("section heading"),
        max_length=300,
        help_text=_("Heading of the section on the pages of its services, e.g. “Un service qui relève de …”."),
    )
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
        return self.select_related("directorate").prefetch_related(*PART_ACCESSORS)


class Service(Illustrated, TranslatedContent, OrderedByPosition):
    """A service of the embassy. Staff edit these rows, the draft; visitors see its last publication."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True, help_text=_("e.g. SSI"))
    slug = models.SlugField(
        _("web address"),
        max_length=120,
        help_text=_("The last part of the page's address, e.g. service-de-securite-interieure. Lowercase letters, digits and hyphens."),
    )
    intro = models.TextField(_("introduction"), max_length=5000, help_text=MARKDOWN_HELP)
    notice = models.TextField(
        _("temporary notice"),
        max_length=2000,
        blank=True,
        help_text=_("Shown at the top of the page, e.g. a closure or new opening hours."),
    )
    notice_starts_on = models.DateField(_("notice shown from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice shown until"), null=True, blank=True)
    jurisdiction = models.TextField(
        _("jurisdiction"),
        max_length=1000,
        blank=True,
        help_text=_("e.g. “Competent for Serbia and Montenegro.” Leave empty if the text says it."),
    )
    missions_heading = models.CharField(_("missions heading"), max_length=300, blank=True)
    seo_description = models.CharField(
        _("description for search engines"), max_length=300, blank=True, help_text=_("One or two sentences, about 150 characters.")
    )
    directorate = models.ForeignKey(
        Directorate, verbose_name=_("directorate"), null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    updated_at = models.DateTimeField(
        _("draft last changed"), default=timezone.now, editable=False, help_text=_("Latest change to the draft of the page.")
    )
    # Counts every change to the service or its parts: a form opened on an older count is stale.
    edit_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ServiceQuerySet.as_manager()

    markdown_fields = ("intro", "notice", "jurisdiction")

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
            models.CheckConstraint(
                condition=models.Q(notice_starts_on__isnull=True)
                | models.Q(notice_ends_on__isnull=True)
                | models.Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="service_notice_ends_after_start",
                violation_error_message=_("The notice cannot end before it starts."),
            ),
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
        return self.name

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        self.edit_version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at", "edit_version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("security_service:service_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.notice_starts_on and self.notice_ends_on and self.notice_ends_on < self.notice_starts_on:
            raise ValidationError({"notice_ends_on": _("The notice cannot end before it starts.")})

    @property
    def notice_is_current(self):
        today = timezone.localdate()
        return bool(self.notice) and (self.notice_starts_on or today) <= today <= (self.notice_ends_on or today)


class ServicePart(TranslatedContent, OrderedByPosition):
    """Something that belongs to a service's page: changing it changes the page's date."""

    class Meta(TranslatedContent.Meta, OrderedByPosition.Meta):
        abstract = True


class StaffRole(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. L’attaché de sécurité intérieure"))
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True, help_text=_("e.g. ASI"))
    description = models.TextField(
        _("description"), max_length=10000, blank=True, help_text=_("Leave empty for a role that has no section of its own.")
    )
    is_head = models.BooleanField(_("head of the service"), default=False)

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


class Mission(Illustrated, ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="missions")
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    body = models.TextField(_("text"), max_length=10000, help_text=MARKDOWN_HELP)

    markdown_fields = ("body",)

    class Meta(Illustrated.Meta, ServicePart.Meta):
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self):
        return self.heading or (self.body[:60] + "…" if len(self.body) > 60 else self.body)


class LinkGroup(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="link_groups")
    heading = models.CharField(_("heading"), max_length=200, help_text=_("e.g. En France"))

    class Meta(ServicePart.Meta):
        verbose_name = _("group of links")
        verbose_name_plural = _("groups of links")

    def __str__(self):
        return self.heading


class Link(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="links")
    group = models.ForeignKey(LinkGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=200)
    url = models.CharField(_("address"), max_length=500, validators=[validate_link_url], help_text=_("https://…, mailto:… or tel:+…"))

    class Meta(ServicePart.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.group_id and self.service_id and self.group.service_id != self.service_id:
            raise ValidationError({"group": _("Choose a group of this service.")})


class ContactPoint(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="contact_points")
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("e.g. Visa desk. Leave empty when the service has one contact point.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True, help_text=_("e.g. Ambassade de France"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True, help_text=_("As written locally, e.g. 11 000"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    country_code = models.CharField(
        _("country code"), max_length=2, validators=[validate_country_code], help_text=_("Two letters, e.g. RS for Serbia.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    fax = models.CharField(
        _("fax"), max_length=30, blank=True, validators=[validate_phone], help_text=_("International form, e.g. +381 11 302 35 00")
    )
    opening_hours = models.TextField(_("opening hours"), max_length=2000, blank=True, help_text=MARKDOWN_HELP)

    markdown_fields = ("opening_hours",)

    class Meta(ServicePart.Meta):
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self):
        return self.label or self.organisation or str(_("contact point"))

    def locality_lines(self):
        """Postal code, city and region in the order the country writes them."""
        if self.country_code in POSTAL_CODE_AFTER_CITY:
            return [line for line in (" ".join(filter(None, (self.city, self.region))), self.postal_code) if line]
        return [line for line in (" ".join(filter(None, (self.postal_code, self.city))), self.region) if line]

    @property
    def fax_display(self):
        return format_national(self.fax) if self.fax else ""


def format_national(value):
    return phonenumbers.format_number(parse_phone(value), phonenumbers.PhoneNumberFormat.NATIONAL)


def format_e164(value):
    """The number as phones dial it from anywhere: +381113023569."""
    return phonenumbers.format_number(parse_phone(value), phonenumbers.PhoneNumberFormat.E164)


class PhoneNumber(ServicePart):
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="phone_numbers")
    contact_point = models.ForeignKey(ContactPoint, verbose_name=_("contact point"), on_delete=models.CASCADE, related_name="phone_numbers")
    number = models.CharField(
        _("number"), max_length=30, validators=[validate_phone], help_text=_("International form, dialled by phones: +381 11 302 35 69")
    )
    display = models.CharField(
        _("as shown"),
        max_length=30,
        blank=True,
        help_text=_("How it is written locally, e.g. 011/302 35 69. Leave empty for the usual form."),
    )
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
            digits = "".join(filter(str.isdigit, self.display))
            # Invisible format characters (U+202E and the like) can make the same digits read as another number.
            turned = any(unicodedata.category(character) == "Cf" for character in self.display)
            if turned or digits not in (
                "".join(filter(str.isdigit, national)),
                "".join(filter(str.isdigit, self.e164)),
            ):
                errors["display"] = _("The number shown must be the number dialled (%(number)s).") % {"number": national}
        if errors:
            raise ValidationError(errors)

    @property
    def e164(self):
        return format_e164(self.number)

    @property
    def shown(self):
        return self.display or format_national(self.number)


# What belongs to a service's page, in page order, and its accessor on Service.
PART_MODELS = (StaffRole, Mission, LinkGroup, Link, ContactPoint, PhoneNumber)
PART_ACCESSORS = tuple(model._meta.get_field("service").remote_field.related_name for model in PART_MODELS)


def touch_services(queryset):
    """Record that something on these services' pages changed now."""
    queryset.update(updated_at=timezone.now(), edit_version=models.F("edit_version") + 1)
