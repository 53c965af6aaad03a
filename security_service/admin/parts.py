"""The parts of a page as inlines of the service, and what every content admin shares: fields by role, saves of changes only."""

import functools

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from .. import publishing
from ..languages import field_languages, site_languages
from ..models import (
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Section,
    StaffRole,
)
from .forms import KnownChoicesForm, PartFormSet, SectionForm, known_choice_formfield


def may_edit_field(user, model, name):
    """Editors change every field; a translator only the texts of their languages."""
    if user.has_perm("security_service.edit_structure"):
        return True
    return field_languages(model).get(name) in publishing.translatable_languages(user)


class RoleRestrictedMixin:
    """Fields a user may not change are shown read-only (and so cannot be posted); languages the site does not
    publish in (SITE_LANGUAGES) are not shown at all: their columns exist, and keep their texts, for the day they are."""

    def replace_orig_field(self, option):
        columns, shown = field_languages(self.model), set(site_languages())
        replaced = super().replace_orig_field(option)
        return [name for name in replaced if not isinstance(name, str) or name not in columns or columns[name] in shown]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        declared = flatten_fieldsets(self.fieldsets) if self.fieldsets else list(self.fields or ())
        model_fields = {field.name for field in self.model._meta.get_fields()}
        return readonly + [
            name
            for name in self.replace_orig_field(declared)
            if name in model_fields and name not in readonly and not may_edit_field(request.user, self.model, name)
        ]


class SaveOnlyChangesMixin:
    """Saving an unchanged form writes nothing, so the draft is not marked as changed."""

    def save_model(self, request, obj, form, change):
        if form.has_changed() or not change:
            super().save_model(request, obj, form, change)


def service_sections(request, kind):
    """{pk: section} of the sections of `kind` of the service being edited: read once per request for every inline."""
    if not hasattr(request, "_service_sections"):
        service_id = request.resolver_match.kwargs.get("object_id")
        request._service_sections = list(Section.objects.filter(service_id=service_id)) if service_id else []
    return {section.pk: section for section in request._service_sections if section.kind == kind}


class ServicePartInline(RoleRestrictedMixin):
    """An inline of the service page; choices of groups and contact points are limited to this service's."""

    extra = 0
    form = KnownChoicesForm
    formset = PartFormSet
    parent_choices = {}  # field name -> model whose choices belong to the service being edited
    section_kind = None  # the kind of section its items are listed in

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        service_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "section" and self.section_kind:
            sections = Section.objects.filter(service_id=service_id, kind=self.section_kind)
            return known_choice_formfield(
                db_field, sections, known=functools.partial(service_sections, request, self.section_kind), **kwargs
            )
        if db_field.name in self.parent_choices:
            return known_choice_formfield(db_field, self.parent_choices[db_field.name].objects.filter(service_id=service_id), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Uploads are checked by the model's own validator (security_service.images), with messages that say what to do:
# the form's generic image check would answer first, less clearly.
ILLUSTRATION_FIELD = {
    models.ImageField: {
        "form_class": forms.FileField,
        "widget": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    }
}


class SectionInline(ServicePartInline, TranslationStackedInline):
    model = Section
    form = SectionForm
    fields = ("kind", "heading", "default_heading", "body", "directorate", "starts_on", "ends_on", "hidden_in", "position")
    verbose_name_plural = _("sections of the page, in page order (save a new section before adding items to it)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "directorate":
            return known_choice_formfield(db_field, Directorate.objects.all(), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StaffRoleInline(ServicePartInline, TranslationStackedInline):
    model = StaffRole
    section_kind = Section.Kind.ROLES
    fields = ("section", "title", "abbreviation", "description", "is_head", "position")


class MissionInline(ServicePartInline, TranslationStackedInline):
    model = Mission
    section_kind = Section.Kind.MISSIONS
    formfield_overrides = ILLUSTRATION_FIELD
    fields = ("section", "heading", "body", "image", "image_alt", "image_caption", "position")


class LinkGroupInline(ServicePartInline, TranslationTabularInline):
    model = LinkGroup
    section_kind = Section.Kind.LINKS
    fields = ("section", "heading", "position")
    verbose_name_plural = _("groups of useful links (save a new group before adding links to it)")


class LinkInline(ServicePartInline, TranslationTabularInline):
    model = Link
    fields = ("group", "label", "url", "position")
    parent_choices = {"group": LinkGroup}


class ContactPointInline(ServicePartInline, TranslationStackedInline):
    model = ContactPoint
    section_kind = Section.Kind.CONTACT
    fieldsets = (
        (None, {"fields": ("section", "label", "organisation")}),
        (_("Address"), {"fields": ("street", "postal_code", "city", "region", "country", "country_code")}),
        (_("Reaching the service"), {"fields": ("email", "fax", "opening_hours", "position")}),
    )


class PhoneNumberInline(ServicePartInline, TranslationTabularInline):
    model = PhoneNumber
    fields = ("contact_point", "number", "display", "note", "position")
    parent_choices = {"contact_point": ContactPoint}
    verbose_name_plural = _("phone numbers (save a new contact point before adding its numbers)")
