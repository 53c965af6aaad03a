import functools

import polib
import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, to_language, to_locale
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import publishing, views
from .history import compare_versions
from .languages import alternates, field_languages, target_languages
from .models import (
    PART_ACCESSORS,
    AccessibilityStatement,
    AuditEvent,
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Publication,
    Service,
    StaffRole,
)
from .pages import Page
from .po_files import ImportRefused, export_po, import_po
from .worklist import translation_status

admin.site.site_header = _("Embassy website administration")
admin.site.site_title = _("Embassy website")
admin.site.index_title = _("Content of the embassy's pages")


def may_edit_field(user, model, name):
    """Editors change every field; a translator only the texts of their languages."""
    if user.has_perm("security_service.edit_structure"):
        return True
    return field_languages(model).get(name) in publishing.translatable_languages(user)


class RoleRestrictedMixin:
    """Fields a user may not change are shown read-only (and so cannot be posted)."""

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


class KnownChoiceField(forms.ModelChoiceField):
    """A choice among objects read once per form set, instead of one query per form and field."""

    def __init__(self, *args, known, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known  # a callable: {pk: object}, computed once, shared by the copies each form gets

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.known()[self.queryset.model._meta.pk.to_python(value)]
        except (KeyError, ValueError, ValidationError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class PartFormSet(BaseInlineFormSet):
    """The parts of a page in one form set: its objects and its choices of groups and contact points are read once.

    Django's form sets look up each form's object, and each chosen group or contact point, with a query of its own:
    a page with a hundred links would take hundreds of queries to save.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_name = self._pk_field.name
        if isinstance(form.fields.get(pk_name), forms.ModelChoiceField):
            old = form.fields[pk_name]
            form.fields[pk_name] = KnownChoiceField(
                old.queryset, initial=old.initial, required=False, widget=old.widget, known=self.objects
            )

    def objects(self):
        if not hasattr(self, "_object_dict"):
            self._object_dict = {obj.pk: obj for obj in self.get_queryset()}
        return self._object_dict


def known_choice_formfield(db_field, queryset, **kwargs):
    """The form field of a foreign key whose choices (`queryset`) are read once for the whole form set."""
    known = functools.cache(lambda: {obj.pk: obj for obj in queryset})
    return db_field.formfield(form_class=KnownChoiceField, queryset=queryset, known=known, **kwargs)


class KnownChoicesForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # Choices the form found among the page's own objects: the model would look each up again, with a query per form.
        known = {name for name, field in self.fields.items() if isinstance(field, KnownChoiceField)}
        return {*super()._get_validation_exclusions(), *known}


class ServicePartInline(RoleRestrictedMixin):
    """An inline of the service page; choices of groups and contact points are limited to this service's."""

    extra = 0
    form = KnownChoicesForm
    formset = PartFormSet
    parent_choices = {}  # field name -> model whose choices belong to the service being edited

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.parent_choices:
            service_id = request.resolver_match.kwargs.get("object_id")
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


class StaffRoleInline(ServicePartInline, TranslationStackedInline):
    model = StaffRole
    fields = ("title", "abbreviation", "description", "is_head", "position")


class MissionInline(ServicePartInline, TranslationStackedInline):
    model = Mission
    formfield_overrides = ILLUSTRATION_FIELD
    fields = ("heading", "body", "image", "image_alt", "image_caption", "position")


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


class ImportPoForm(forms.Form):
    file = forms.FileField(
        label=_("PO file"),
        help_text=_("The file downloaded from a service page, translated in Poedit, Weblate or a text editor."),
    )


class ServiceForm(KnownChoicesForm):
    # The edit count when the form was opened: a save on an older count would overwrite someone's work.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    publishing = False  # "Save and publish" was clicked (set by ServiceAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.edit_version

    def _get_validation_exclusions(self):
        # The model would check each address's uniqueness and the notice's dates with a query (and a savepoint) each:
        # clean() checks every address in one query, and the model's clean() the dates.
        return {*super()._get_validation_exclusions(), *publishing.SLUG_FIELDS, "notice_starts_on", "notice_ends_on"}

    def clean(self):
        cleaned = super().clean()
        slugs = {name: cleaned.get(name, getattr(self.instance, name)) for name in publishing.SLUG_FIELDS}
        if not self.instance.pk or set(publishing.SLUG_FIELDS) & set(self.changed_data):
            for other in Service.objects.exclude(pk=self.instance.pk).having_slugs(slugs):
                for name, slug in slugs.items():
                    if slug and getattr(other, name) == slug and name in self.fields:
                        self.add_error(name, _("Another service already uses this web address."))
        # The admin read the service with its row locked (ServiceAdmin.get_queryset): its edit count is the current one.
        if self.instance.pk and self.instance.edit_version != cleaned.get("loaded_version"):
            latest = Version.objects.get_for_object(self.instance).select_related("revision__user").first()
            who = latest.revision.user.get_username() if latest and latest.revision.user else gettext("someone else")
            raise ValidationError(
                _(
                    "This page was changed by %(user)s since you opened it. Your changes were not saved, so as not to "
                    "overwrite theirs: open the page again to see their version, then make your changes again."
                ),
                code="stale",
                params={"user": who},
            )
        live = getattr(self.instance, "publication", None) if self.instance.pk else None
        # A live page keeps its addresses: only new ones can be another live page's.
        if self.publishing and not (live and live.is_live and publishing.draft_slugs(live) == slugs):
            for name, message in publishing.address_conflicts(self.instance.pk, slugs).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


@admin.register(Service)
class ServiceAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, VersionAdmin, TabbedTranslationAdmin):
    form = ServiceForm
    formfield_overrides = ILLUSTRATION_FIELD
    list_display = ("name", "acronym", "publication_state", "published_date", "updated_at", "translations", "public_page")
    list_filter = ("directorate",)
    search_fields = ("name_fr", "name_sr_latn", "name_en", "acronym", "intro_fr")
    readonly_fields = ("updated_at",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "position", "loaded_version")}),
        (_("Top of the page"), {"fields": ("intro", "jurisdiction", "directorate", "missions_heading")}),
        (_("Temporary notice"), {"fields": ("notice", "notice_starts_on", "notice_ends_on"), "classes": ("collapse",)}),
        (_("Illustration"), {"fields": ("image", "image_alt", "image_caption"), "classes": ("collapse",)}),
        (_("Search engines"), {"fields": ("seo_description", "updated_at")}),
    )
    inlines = (StaffRoleInline, MissionInline, LinkGroupInline, LinkInline, ContactPointInline, PhoneNumberInline)
    object_history_template = "admin/security_service/service/versions.html"
    history_latest_first = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "directorate":
            return known_choice_formfield(db_field, Directorate.objects.all(), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        services = super().get_queryset(request).select_related("publication", "directorate")
        if request.method == "POST":
            # A save locks the row it read: the edit count compared by the form stays the current one until the commit.
            services = services.select_for_update(of=("self",))
        return services

    def get_changelist_instance(self, request):
        # The list's translation column reads every part of every service: read them in one query per kind of part.
        changelist = super().get_changelist_instance(request)
        changelist.result_list = changelist.result_list.prefetch_related(*PART_ACCESSORS)
        return changelist

    def get_prepopulated_fields(self, request, obj=None):
        # Only a new page gets its address from its name; an existing address stays as it is.
        return super().get_prepopulated_fields(request, obj) if obj is None else {}

    # List columns

    @admin.display(description=_("publication"))
    def publication_state(self, obj):
        publication = getattr(obj, "publication", None)
        if publication is None:
            return gettext("Draft, never published")
        if not publication.is_live:
            return gettext("Unpublished")
        if publication.edit_version != obj.edit_version:
            return gettext("Published, with changes not yet published")
        return gettext("Published")

    @admin.display(description=_("last modified (public)"))
    def published_date(self, obj):
        publication = getattr(obj, "publication", None)
        return publication.last_modified if publication else None

    @admin.display(description=_("translations"))
    def translations(self, obj):
        return format_html_join(
            " · ",
            "<span title='{}'>{}&nbsp;{}</span>",
            (("\n".join(status.to_do), lang, translation_summary(status)) for lang, status in translation_status(obj).items()),
        )

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        publication = getattr(obj, "publication", None)
        if publication is None or not publication.is_live:
            return "—"
        return format_html('<a href="{}">{}</a>', publication.get_absolute_url(), gettext("View"))

    # Change page

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/<str:language>/", view(self.preview_view), name="security_service_service_preview"),
            path("<path:object_id>/unpublish/", view(self.unpublish_view), name="security_service_service_unpublish"),
            path("<path:object_id>/versions/compare/", view(self.compare_view), name="security_service_service_compare"),
            path("<path:object_id>/po/<str:language>/", view(self.export_po_view), name="security_service_service_export_po"),
            path("import-po/", view(self.import_po_view), name="security_service_service_import_po"),
            path(
                "<path:object_id>/versions/<int:version_id>/restore/",
                view(self.restore_view),
                name="security_service_service_restore",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context = {
                **context,
                "publication": getattr(obj, "publication", None),
                "publication_state": self.publication_state(obj),
                "can_publish": publishing.may_publish(request.user, obj),
                "preview_url": reverse("admin:security_service_service_preview", args=[obj.pk, settings.LANGUAGE_CODE]),
                "translation_to_do": {lang: status for lang, status in translation_status(obj).items() if status.to_do},
                "po_downloads": [
                    (code, name, reverse("admin:security_service_service_export_po", args=[obj.pk, code]))
                    for code, name in translation_names()
                    if code in target_languages()
                ],
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.publishing = "_publish" in request.POST
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The service with all its parts as they are now, whatever part changed: for the version, and for publishing.
        draft = Service.objects.with_parts().get(pk=form.instance.pk)
        if not change or form.has_changed() or any(formset.has_changed() for formset in formsets):
            reversion.add_to_revision(draft)
        if form.publishing:
            self.publish(request, draft)

    def publish(self, request, service):
        """ "Save and publish": the draft just saved becomes the public page, if this user may publish it."""
        if not publishing.may_publish(request.user, service):
            messages.error(
                request,
                gettext("Your changes are saved as a draft, but not published: the draft has changes that only an editor may publish."),
            )
            return
        try:
            publishing.publish(service, request.user, draft=service)
        except ValidationError as error:
            messages.error(
                request, gettext("Your changes are saved as a draft, but not published: %(reason)s") % {"reason": " ".join(error.messages)}
            )
            return
        messages.success(request, gettext("Published: visitors now see this version of the page."))

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            return HttpResponseRedirect(reverse("admin:security_service_service_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def viewable_service(self, request, object_id):
        service = self.get_object(request, unquote(object_id))
        if service is None:
            raise Http404
        if not self.has_view_or_change_permission(request, service):
            raise PermissionDenied
        return service

    def preview_view(self, request, object_id, language):
        """The draft as visitors will see it, through the public page's own code."""
        service = self.viewable_service(request, object_id)
        if language not in dict(translation_names()):
            raise Http404
        with translation.override(language):
            html = views.service_page_html(
                request,
                Page.draft(service),
                alternates(lambda: reverse("admin:security_service_service_preview", args=[service.pk, translation.get_language()])),
                preview=True,
                change_url=reverse("admin:security_service_service_change", args=[service.pk]),
            )
        response = HttpResponse(html)
        response["X-Robots-Tag"] = "noindex"
        return response

    def unpublish_view(self, request, object_id):
        service = self.viewable_service(request, object_id)
        if not request.user.has_perm("security_service.publish_service"):
            raise PermissionDenied
        if request.method == "POST":
            publishing.unpublish(service, request.user)
            messages.success(request, gettext("Unpublished: visitors no longer see this page."))
            return HttpResponseRedirect(reverse("admin:security_service_service_change", args=[service.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": service, "title": gettext("Unpublish")}
        return TemplateResponse(request, "admin/security_service/service/unpublish.html", context)

    def history_view(self, request, object_id, extra_context=None):
        service = self.viewable_service(request, object_id)
        versions = Version.objects.get_for_object(service).select_related("revision__user")
        extra_context = {
            **(extra_context or {}),
            "versions": versions,
            "can_restore": request.user.has_perm("security_service.restore_service"),
        }
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        service = self.viewable_service(request, object_id)
        versions = Version.objects.get_for_object(service)
        try:
            older, newer = sorted(
                (get_object_or_404(versions, pk=request.GET.get(key)) for key in ("a", "b")), key=lambda version: version.pk
            )
        except (ValueError, TypeError):
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": service,
            "title": gettext("Compare two versions"),
            "older": older,
            "newer": newer,
            "differences": compare_versions(older, newer),
        }
        return TemplateResponse(request, "admin/security_service/service/compare.html", context)

    def export_po_view(self, request, object_id, language):
        service = self.viewable_service(request, object_id)
        if language not in target_languages():
            raise Http404
        po = export_po(language, [Service.objects.with_parts().get(pk=service.pk)])
        response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{service.slug_fr}.{to_locale(language)}.po"'
        return response

    def import_po_view(self, request):
        languages = set(publishing.translatable_languages(request.user)) & set(target_languages())
        if not languages:
            raise PermissionDenied
        form = ImportPoForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                po = polib.pofile(form.cleaned_data["file"].read().decode("utf-8"))
                if to_language(po.metadata.get("Language", "")) not in languages:
                    raise ImportRefused(gettext("This file is in a language whose texts you may not change."))
                report = import_po(po, request.user)
            except (UnicodeDecodeError, OSError, ValueError):
                form.add_error("file", gettext("This file is not a PO file. Upload the file exported from this site, once translated."))
            except ImportRefused as exc:
                form.add_error("file", str(exc))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import translations (PO file)"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/security_service/service/import_po.html", context)

    def restore_view(self, request, object_id, version_id):
        service = self.viewable_service(request, object_id)
        if request.method != "POST" or not request.user.has_perm("security_service.restore_service"):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(service), pk=version_id)
        publishing.restore(version, request.user)
        messages.success(
            request,
            gettext("The version of %(date)s is restored as the draft. Publish it for visitors to see it.")
            % {"date": formats_datetime(version.revision.date_created)},
        )
        return HttpResponseRedirect(reverse("admin:security_service_service_change", args=[service.pk]))


def translation_summary(status):
    parts = []
    if status.missing:
        parts.append(gettext("%(count)s missing") % {"count": len(status.missing)})
    if status.stale:
        parts.append(gettext("%(count)s to review") % {"count": len(status.stale)})
    return ", ".join(parts) or "✓"


def translation_names():
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def formats_datetime(value):
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


@admin.register(Directorate)
class DirectorateAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, TabbedTranslationAdmin):
    list_display = ("name", "acronym", "updated_at")
    search_fields = ("name_fr", "name_sr_latn", "name_en", "acronym")
    fields = ("name", "acronym", "section_heading", "body", "website", "updated_at")
    readonly_fields = ("updated_at",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed() and obj.services.exists():
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
