"""The admin's other pages: directorates and the accessibility statement (with their versions), and the read-only audit
trail and logs."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from ..cyrillic_check import statement_check
from ..languages import columns, site_languages
from ..models import (
    AccessibilityStatement,
    AuditEvent,
    Directorate,
    Publication,
)
from .forms import UnchangedSinceForm
from .parts import RoleRestrictedMixin, SaveOnlyChangesMixin
from .versions import VersionsAdmin


@admin.register(Directorate)
class DirectorateAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, VersionsAdmin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "updated_at")
    search_fields = (*columns("name"), "acronym")
    form = UnchangedSinceForm
    fields = ("name", "acronym", "body", "website", "updated_at", "loaded_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("updated_at",)

    class Media:
        # After modeltranslation's script, which makes the tabs.
        js = ("admin/js/jquery.init.js", "modeltranslation/js/tabbed_translation_fields.js", "security_service/language_tabs.js")

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

    @admin.display(description=pgettext_lazy("admin log: what the change was", "change"))
    def change(self, obj):
        return obj.get_change_message()


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("service", "is_live", "modified_on", "published_at", "published_by")


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, VersionsAdmin, TabbedTranslationAdmin):
    list_display = ("__str__", "status", "established_on", "updated_at")
    form = UnchangedSinceForm
    fields = ("status", "established_on", "body", "updated_at", "loaded_at")
    readonly_fields = ("updated_at",)

    class Media:
        # After modeltranslation's script, which makes the tabs.
        js = ("admin/js/jquery.init.js", "modeltranslation/js/tabbed_translation_fields.js", "security_service/language_tabs.js")

    def has_add_permission(self, request):
        # One statement per site: once written, it is changed, not added again.
        return super().has_add_permission(request) and not AccessibilityStatement.objects.filter(site_id=settings.SITE_ID).exists()

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_urls(self):
        view = self.admin_site.admin_view(self.cyrillic_view)
        return [path("<path:object_id>/cyrillic/", view, name="security_service_accessibilitystatement_cyrillic"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if "sr" in site_languages():
            check = reverse("admin:security_service_accessibilitystatement_cyrillic", args=[object_id])
            extra_context = {**(extra_context or {}), "cyrillic_check": check}
        return super().change_view(request, object_id, form_url, extra_context)

    def cyrillic_view(self, request, object_id):
        """The statement's Serbian Latin text as the Cyrillic page shows it: the words kept Latin, by which rule."""
        statement = self.viewable_object(request, object_id)
        if "sr" not in site_languages():
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": statement,
            "title": gettext("Cyrillic check"),
            "check": statement_check(statement),
        }
        return TemplateResponse(request, "admin/security_service/service/cyrillic.html", context)


class RedirectForm(forms.ModelForm):
    """A redirect leads from an address the site does not serve to one of the site's own addresses."""

    class Meta:
        model = Redirect
        fields = ("site", "old_path", "new_path")

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"]
        if not old_path.startswith("/"):
            raise ValidationError(_("An address of this site starts with “/”, such as /Service-de-securite-interieure-4100."))
        if served_address(old_path):
            raise ValidationError(_("This site serves a page at this address: a redirect would hide it from visitors."))
        return old_path

    def clean_new_path(self):
        new_path = self.cleaned_data["new_path"]
        if new_path and (not new_path.startswith("/") or new_path.startswith("//") or "\\" in new_path):
            raise ValidationError(_("A redirect leads to an address of this site, such as /fr/service-de-securite-interieure/."))
        return new_path


def served_address(path):
    """Whether the site answers `path`, or `path` with the slash that Django adds, with a page of its own."""
    for candidate in dict.fromkeys([path, path if path.endswith("/") else path + "/"]):
        for lang in site_languages():
            with translation.override(lang):
                try:
                    match = resolve(candidate)
                except Resolver404:
                    continue
            if match.url_name != "service_detail":
                return True
            if Publication.objects.live().filter(**{build_localized_fieldname("slug", lang): match.kwargs["slug"]}).exists():
                return True
    return False


admin.site.unregister(Redirect)


@admin.register(Redirect)
class SafeRedirectAdmin(RedirectAdmin):
    form = RedirectForm
