import unicodedata
import uuid
from pathlib import PurePosixPath

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

from . import translated
from .images import make_renditions, sanitise_image, validate_image
from .validators import parse_phone, validate_country_code, validate_link_url, validate_phone

MARKDOWN_HELP = _("Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).")

# Countries whose addresses put the postal code after the city; elsewhere it comes first (11 000 Belgrade).
POSTAL_CODE_AFTER_CITY = {"GB", "IE", "US", "CA", "AU", "NZ", "IN", "JP", "KR", "BR"}


def illustration_path(instance, filename):
    """Store uploads under an unguessable name, keeping only the extension."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"illustrations/{uuid.uuid4().hex}{suffix}"


def translate_permission(lang):
    """Codename of the permission to change the texts of `lang`: translate_sr_latn."""
    return "translate_" + lang.replace("-", "_")


class TranslatedContent(models.Model):
    """Remembers the French text each translation was made from, so that a later French change marks it for review."""

    # {"body_sr_latn": "the French body when this translation was written or confirmed", …}
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.record_translation_sources()
        super().save(*args, **kwargs)
        self._loaded_values = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def record_translation_sources(self, confirm=()):
        """Note the French source of each translation written since loading, and of those in `confirm` (languages)."""
        loaded = getattr(self, "_loaded_values", {})
        sources = dict(self.translation_sources or {})
        for original in translated.originals(type(self)):
            french = getattr(self, build_localized_fieldname(original, translated.SOURCE)) or ""
            for lang in translated.target_languages():
                name = build_localized_fieldname(original, lang)
                value = getattr(self, name)
                if not value:
                    sources.pop(name, None)
                elif name not in sources or value != loaded.get(name) or lang in confirm:
                    sources[name] = french
        self.translation_sources = sources

    def stale_translations(self):
        """{"body_sr_latn": the French text it was made from, …} for translations whose French text changed since."""
        languages = translated.field_languages(type(self))
        stale = {}
        for name, source in (self.translation_sources or {}).items():
            lang = languages.get(name)
            if lang is None or not getattr(self, name, None):
                continue
            original = name.removesuffix("_" + lang.replace("-", "_"))
            if source != (getattr(self, build_localized_fieldname(original, translated.SOURCE)) or ""):
                stale[name] = source
        return stale


class OrderedByPosition(models.Model):
    position = models.PositiveIntegerField(_("order"), default=0, help_text=_("Lower numbers come first."))

    class Meta:
        abstract = True
        ordering = ("position", "pk")


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

    class Meta:
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")
        ordering = ("name",)

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class TranslatedSlugQuerySet(models.QuerySet):
    def get_by_slug(self, slug):
        """The object whose slug in the current language is `slug`, or, where it has none, in its fallback language."""
        lookup, earlier_empty = models.Q(pk__in=[]), models.Q()
        for lang in resolution_order(translation.get_language()):
            field = build_localized_fieldname("slug", lang)
            lookup |= earlier_empty & models.Q(**{field: slug})
            earlier_empty &= models.Q(**{field: ""}) | models.Q(**{f"{field}__isnull": True})
        return self.get(lookup)

    def with_any_slug(self, slug):
        """The first object that has `slug` in any language."""
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            found = self.filter(**{build_localized_fieldname("slug", lang): slug}).first()
            if found is not None:
                return found
        return None


class ServiceQuerySet(TranslatedSlugQuerySet):
    def with_parts(self):
        """The service and everything on its page, in a fixed number of queries."""
        return self.select_related("directorate").prefetch_related(*PART_ACCESSORS)


class Illustrated(models.Model):
    """An optional illustration, checked and cleaned at upload, served in renditions made once."""

    image = models.ImageField(
        _("illustration"),
        upload_to=illustration_path,
        blank=True,
        validators=[validate_image],
        help_text=_("A JPEG, PNG or WebP photo. Location data and other metadata are removed from it."),
    )
    image_alt = models.CharField(
        _("illustration: alternative text"), max_length=300, blank=True, help_text=_("What the image shows, for people who cannot see it.")
    )
    image_caption = models.CharField(_("illustration: caption"), max_length=300, blank=True)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        upload = self.image
        if upload and not upload._committed:
            cleaned = sanitise_image(upload.file)
            name = upload.storage.save(upload.field.generate_filename(self, cleaned.name), cleaned)
            self.image = name
            self.image_renditions = make_renditions(self.image.storage, name)
        elif not upload:
            self.image_renditions = {}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        default_alt = build_localized_fieldname("image_alt", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        if self.image and not getattr(self, default_alt):
            raise ValidationError({default_alt: _("Describe the illustration for people who cannot see it.")})


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


class PublicationQuerySet(TranslatedSlugQuerySet):
    def live(self):
        return self.filter(is_live=True)


class Publication(models.Model):
    """What visitors see of a service: a snapshot of the service and its parts in every language, taken on publishing."""

    service = models.OneToOneField(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="publication")
    slug = models.SlugField(_("web address"), max_length=120, editable=False)
    snapshot = models.JSONField(editable=False)
    is_live = models.BooleanField(_("visible to visitors"), default=True)
    last_modified = models.DateTimeField(_("last modified"), help_text=_("Last published change to the page."))
    published_at = models.DateTimeField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = models.PositiveIntegerField(editable=False, help_text=_("The service's edit version that was published."))
    # The page's HTML in every language, rendered on publishing (see rendering.py).
    rendered = models.JSONField(default=dict, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("service__position", "service__pk")

    def __str__(self):
        return str(self.service)

    def get_absolute_url(self):
        return reverse("security_service:service_detail", kwargs={"slug": self.slug})


class AuditEvent(models.Model):
    """A login, failed login, logout, publication or restoration, for the audit trail staff can read."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed to log in")
        LOGOUT = "logout", _("logged out")
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("unpublished")
        RESTORE = "restore", _("restored a version")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("user name"), max_length=150, help_text=_("As typed, for failed logins."))
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ("-at",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"


class AccessibilityStatementQuerySet(models.QuerySet):
    def current(self):
        """The statement of this site, or None when staff have not written it yet."""
        return self.filter(site_id=settings.SITE_ID).first()


class AccessibilityStatement(models.Model):
    """The site's accessibility statement (RGAA), a page of the site whose status every footer shows."""

    class Status(models.TextChoices):
        COMPLIANT = "compliant", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        # What the law says a site is until it has been audited.
        NON_COMPLIANT = "non_compliant", _("not compliant")

    site = models.OneToOneField(
        "sites.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="accessibility_statement", default=settings.SITE_ID
    )
    status = models.CharField(_("compliance status"), max_length=20, choices=Status.choices, default=Status.NON_COMPLIANT)
    established_on = models.DateField(
        _("date of the statement"), null=True, blank=True, help_text=_("When the statement was written or last brought up to date.")
    )
    body = models.TextField(
        _("text"),
        max_length=20000,
        blank=True,
        help_text=format_lazy(
            "{} {}", _("Results of the audit, content that is not accessible, how to report a problem, remedies."), MARKDOWN_HELP
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AccessibilityStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self):
        return str(_("Accessibility statement"))

    def get_absolute_url(self):
        return reverse("security_service:accessibility")
