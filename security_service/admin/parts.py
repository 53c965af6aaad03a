"""The parts of a page as inlines of the service, and what every content admin shares: fields by role, saves of changes only."""

import functools

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.files.storage import default_storage
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationInlineModelAdmin
from nested_admin import NestedStackedInline, NestedTabularInline
from nested_admin.templatetags import nested_admin as nested_admin_tags

from .. import publishing
from ..languages import field_languages, site_languages
from ..models import (
    PART_MODELS,
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
)
from .forms import KnownChoicesForm, LinkGroupFormSet, PartFormSet, SectionForm, known_choice_formfield


class RoleRestrictedMixin:
    """Fields a user may not change are shown read-only (and so cannot be posted); languages the site does not
    publish in (SITE_LANGUAGES) are not shown at all: their columns exist, and keep their texts, for the day they are."""

    def replace_orig_field(self, option):
        columns, shown = field_languages(self.model), set(site_languages())
        replaced = super().replace_orig_field(option)
        return [name for name in replaced if not isinstance(name, str) or name not in columns or columns[name] in shown]

    def patch_translation_field(self, db_field, field, request, **kwargs):
        # No language's column is required of the form: a text the model requires is required in the language the
        # page is written in (Service.source_language), which the model checks (TranslatedContent.clean).
        super().patch_translation_field(db_field, field, request, **kwargs)
        if field is not None and db_field.name in field_languages(self.model):
            field.required = False

    def get_prepopulated_fields(self, request, obj=None):
        columns, shown = field_languages(self.model), set(site_languages())
        prepopulated = super().get_prepopulated_fields(request, obj)
        return {name: sources for name, sources in prepopulated.items() if name not in columns or columns[name] in shown}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        declared = flatten_fieldsets(self.fieldsets) if self.fieldsets else list(self.fields or ())
        model_fields = {field.name for field in self.model._meta.get_fields()}
        source = written_in(request, self.model, obj)
        return readonly + [
            name
            for name in self.replace_orig_field(declared)
            if name in model_fields and name not in readonly and not publishing.may_edit_field(request.user, self.model, name, source)
        ]


def written_in(request, model, obj):
    """The language of the page being edited: the service's, for the service and its parts; the site's for the rest."""
    if isinstance(obj, Service):
        return obj.source_language
    if model is Service or model in PART_MODELS:
        service_id = request.resolver_match.kwargs.get("object_id")
        if service_id is not None:
            cache = request.__dict__.setdefault("_written_in", {})
            if service_id not in cache:
                cache[service_id] = Service.objects.filter(pk=service_id).values_list("source_language", flat=True).first()
            return cache[service_id]
    return None


class SaveOnlyChangesMixin:
    """Saving an unchanged form writes nothing, so the draft is not marked as changed."""

    def save_model(self, request, obj, form, change):
        if form.has_changed() or not change:
            super().save_model(request, obj, form, change)


def page_parts(request, model):
    """{pk: object} of the objects of `model` on the page being edited: read once per request for all its form sets."""
    cache = request.__dict__.setdefault("_page_parts", {})
    if model not in cache:
        service_id = request.resolver_match.kwargs.get("object_id")
        cache[model] = {obj.pk: obj for obj in model.objects.filter(service_id=service_id)} if service_id else {}
    return cache[model]


class ServicePartInline(RoleRestrictedMixin):
    """An inline of the service page, nested in the part that holds it; its `service` key is set from the page saved."""

    extra = 0
    form = KnownChoicesForm
    formset = PartFormSet
    sortable_field_name = "position"
    # The order is set by dragging (nested-admin numbers the hidden positions); new parts go last.
    formfield_overrides = {models.PositiveIntegerField: {"widget": forms.HiddenInput}}

    def get_formset(self, request, obj=None, **kwargs):
        if not request.user.has_perm("security_service.edit_structure"):
            # A translator keeps the page's order: positions are read-only, nothing is dragged (the inline is per request).
            self.sortable_field_name, self.sortable_options = None, {**self.sortable_options, "disabled": True}
        formset = super().get_formset(request, obj, **kwargs)
        formset.known_parts = functools.partial(page_parts, request, self.model)
        return formset


class IllustrationInput(forms.ClearableFileInput):
    """The current image shown as a picture (its smallest rendition), with "remove" and "replace": Django's input
    shows a random file name."""

    def render(self, name, value, attrs=None, renderer=None):
        file_input = forms.FileInput(attrs=self.attrs).render(name, None, attrs, renderer)
        if not self.is_initial(value):
            return file_input
        renditions = getattr(getattr(value, "instance", None), "image_renditions", None) or {}
        smallest = (renditions.get("fallback") or [[value.name]])[0][0]
        checkbox_name = self.clear_checkbox_name(name)
        remove = (
            ""
            if self.is_required
            else format_html(
                '<label class="illustration-remove"><input type="checkbox" name="{}" id="{}"> {}</label>',
                checkbox_name,
                self.clear_checkbox_id(checkbox_name),
                _("Remove this image"),
            )
        )
        return format_html(
            '<div class="illustration-current"><a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" '
            'class="illustration-thumbnail" loading="lazy"></a><div class="illustration-actions">{}'
            '<label for="{}">{}</label>{}</div></div>',
            value.url,
            default_storage.url(smallest),
            _("The current image"),
            remove,
            (attrs or {}).get("id", ""),
            _("Replace it with another image:"),
            file_input,
        )


# Uploads are checked by the model's own validator (security_service.images), with messages that say what to do:
# the form's generic image check would answer first, less clearly.
ILLUSTRATION_FIELD = {
    models.ImageField: {
        "form_class": forms.FileField,
        "widget": IllustrationInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    }
}


class StackedPartInline(ServicePartInline, TranslationInlineModelAdmin, NestedStackedInline):
    template = "admin/security_service/service/stacked_inline.html"  # the sections, and the items in them


class TabularPartInline(ServicePartInline, TranslationInlineModelAdmin, NestedTabularInline):
    template = "admin/security_service/service/items_tabular.html"


class ItemInline(StackedPartInline):
    """The items of one kind of section; the page's script shows them only in sections of that kind."""

    fk_name = "section"
    section_kind = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = (*(self.classes or ()), "section-items", f"section-items-{self.section_kind}")


# One inline per kind of item, each a few lines, nested in the section (or the group, the contact point) holding it.


class StaffRoleInline(ItemInline):
    model = StaffRole
    section_kind = Section.Kind.ROLES
    fields = ("title", "abbreviation", "held_by", "description", "is_head", "listed", "position")
    verbose_name_plural = _("staff roles (in a section of kind “staff roles”)")


class MissionInline(ItemInline):
    model = Mission
    section_kind = Section.Kind.MISSIONS
    formfield_overrides = {**ServicePartInline.formfield_overrides, **ILLUSTRATION_FIELD}
    fields = ("heading", "body", "image", "image_alt", "image_caption", "position")
    verbose_name_plural = _("missions (in a section of kind “missions”)")


class LinkInline(TabularPartInline):
    model = Link
    fk_name = "group"
    fields = ("label", "url", "document", "position")


class LinkGroupInline(ItemInline):
    model = LinkGroup
    section_kind = Section.Kind.LINKS
    formset = LinkGroupFormSet
    fields = ("heading", "position")
    inlines = (LinkInline,)
    verbose_name_plural = _("groups of links (in a section of kind “links”)")


class PhoneNumberInline(TabularPartInline):
    model = PhoneNumber
    fk_name = "contact_point"
    fields = ("number", "display", "note", "position")


class ContactPointInline(ItemInline):
    model = ContactPoint
    section_kind = Section.Kind.CONTACT
    fieldsets = (
        (None, {"fields": ("label", "organisation")}),
        # Folded: an address changes less often than a phone number, which comes after it.
        (_("Address"), {"fields": ("street", "postal_code", "city", "region", "country", "country_code"), "classes": ("collapse",)}),
        (_("Reaching the service"), {"fields": ("email", "fax", "opening_hours", "url", "position")}),
    )
    inlines = (PhoneNumberInline,)
    verbose_name_plural = _("contact points (in a section of kind “contact”)")


class PictureInline(ItemInline):
    model = Picture
    section_kind = Section.Kind.IMAGES
    formfield_overrides = {**ServicePartInline.formfield_overrides, **ILLUSTRATION_FIELD}
    fields = ("image", "image_alt", "position")
    max_num = 2
    verbose_name_plural = _("pictures, one or two (in a section of kind “images”; the section's text is their caption)")


class SectionInline(StackedPartInline):
    model = Section
    form = SectionForm
    fields = ("kind", "heading", "default_heading", "body", "directorate", "starts_on", "ends_on", "hidden_in", "position")
    inlines = (StaffRoleInline, MissionInline, LinkGroupInline, ContactPointInline, PictureInline)
    verbose_name_plural = _("sections of the page, in page order (drag a section by ⠿ to move it; click its title to open it)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "directorate":
            return known_choice_formfield(db_field, Directorate.objects.all(), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def stable_formsetsort(formset, arg):
    """nested-admin's `formsetsort` filter, sorting on the position alone: parts sharing a position (rows written
    before positions were set, or posted so) keep their order instead of failing to compare (TypeError)."""
    if not arg:
        return list(formset)
    positioned, unpositioned = [], []
    for item in formset:
        position = item.form[arg].data
        (positioned if position not in (None, "", "-1") else unpositioned).append(item)
    return sorted(positioned, key=lambda item: int(item.form[arg].data)) + unpositioned


nested_admin_tags.register.filters["formsetsort"] = stable_formsetsort
