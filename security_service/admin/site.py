"""The admin's other pages: directorates, the accessibility statement, and the read-only audit trail and logs."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from ..languages import columns
from ..models import (
    AccessibilityStatement,
    AuditEvent,
    Directorate,
    Publication,
)
from .parts import RoleRestrictedMixin, SaveOnlyChangesMixin

admin.site.site_header = _("Embassy website administration")
admin.site.site_title = _("Embassy website")
admin.site.index_title = _("Content of the embassy's pages")


@admin.register(Directorate)
class DirectorateAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "updated_at")
    search_fields = (*columns("name"), "acronym")
    fields = ("name", "acronym", "body", "website", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("updated_at",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed() and obj.sections.exists():
            messages.info(request, gettext("Publish the services of this directorate for visitors to see the change."))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "kind", "ip_address", "detail")
    list_filter = ("kind",)
    search_fields = ("username", "detail")
    date_hierarchy = "at"


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag", "change")
    list_filter = ("action_flag", "content_type")
    search_fields = ("object_repr", "user__username")
    date_hierarchy = "action_time"

    @admin.display(description=_("change"))
    def change(self, obj):
        return obj.get_change_message()


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("service", "is_live", "last_modified", "published_at", "published_by")


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, TabbedTranslationAdmin):
    list_display = ("__str__", "status", "established_on", "updated_at")
    fields = ("status", "established_on", "body", "updated_at")
    readonly_fields = ("updated_at",)

    def has_add_permission(self, request):
        # One statement per site: once written, it is changed, not added again.
        return super().has_add_permission(request) and not AccessibilityStatement.objects.filter(site_id=settings.SITE_ID).exists()

    def view_on_site(self, obj):
        return obj.get_absolute_url()
