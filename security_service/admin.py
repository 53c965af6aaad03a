from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole

admin.site.site_header = _("Embassy website administration")
admin.site.site_title = _("Embassy website")
admin.site.index_title = _("Content of the embassy's pages")


class SaveOnlyChangesMixin:
    """Saving an unchanged form writes nothing, so the page's "last modified" date stays true."""

    def save_model(self, request, obj, form, change):
        if form.has_changed() or not change:
            super().save_model(request, obj, form, change)


class ServicePartInline:
    """An inline of the service page; choices of groups and contact points are limited to this service's."""

    extra = 0
    parent_choices = {}  # field name -> model whose choices belong to the service being edited

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.parent_choices:
            service_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = self.parent_choices[db_field.name].objects.filter(service_id=service_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StaffRoleInline(ServicePartInline, TranslationStackedInline):
    model = StaffRole
    fields = ("title", "abbreviation", "description", "is_head", "position")


class MissionInline(ServicePartInline, TranslationStackedInline):
    model = Mission
    fields = ("heading", "body", "position")


class LinkGroupInline(ServicePartInline, TranslationTabularInline):
    model = LinkGroup
    fields = ("heading", "position")
    verbose_name_plural = _("groups of useful links (save a new group before adding links to it)")


class LinkInline(ServicePartInline, TranslationTabularInline):
    model = Link
    fields = ("group", "label", "url", "position")
    parent_choices = {"group": LinkGroup}


class ContactPointInline(ServicePartInline, TranslationStackedInline):
    model = ContactPoint
    fieldsets = (
        (None, {"fields": ("label", "organisation")}),
        (_("Address"), {"fields": ("street", "postal_code", "city", "region", "country", "country_code")}),
        (_("Reaching the service"), {"fields": ("email", "fax", "opening_hours", "position")}),
    )


class PhoneNumberInline(ServicePartInline, TranslationTabularInline):
    model = PhoneNumber
    fields = ("contact_point", "number", "display", "note", "position")
    parent_choices = {"contact_point": ContactPoint}
    verbose_name_plural = _("phone numbers (save a new contact point before adding its numbers)")


@admin.register(Service)
class ServiceAdmin(SaveOnlyChangesMixin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "directorate", "status", "last_modified", "public_page")
    list_filter = ("status", "directorate")
    search_fields = ("name_fr", "name_sr_latn", "name_en", "acronym", "intro_fr")
    readonly_fields = ("last_modified",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "status", "position")}),
        (_("Top of the page"), {"fields": ("intro", "jurisdiction", "directorate", "missions_heading")}),
        (_("Temporary notice"), {"fields": ("notice", "notice_starts_on", "notice_ends_on"), "classes": ("collapse",)}),
        (_("Illustration"), {"fields": ("image", "image_alt", "image_caption"), "classes": ("collapse",)}),
        (_("Search engines"), {"fields": ("seo_description", "last_modified")}),
    )
    inlines = (StaffRoleInline, MissionInline, LinkGroupInline, LinkInline, ContactPointInline, PhoneNumberInline)

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("View"))


@admin.register(Directorate)
class DirectorateAdmin(SaveOnlyChangesMixin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "updated_at")
    search_fields = ("name_fr", "name_sr_latn", "name_en", "acronym")
    fields = ("name", "acronym", "section_heading", "body", "website", "updated_at")
    readonly_fields = ("updated_at",)
