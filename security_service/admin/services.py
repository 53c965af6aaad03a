"""The service page in the admin: editing, preview, publishing, versions, and translations as PO files."""

import json

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, npgettext, pgettext, to_locale
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from nested_admin import NestedModelAdminMixin

from .. import publishing, views
from ..admin_site import publication_state
from ..cyrillic_check import page_check
from ..languages import alternates, columns, site_languages, target_languages
from ..logins import client_address
from ..models import (
    PART_ACCESSORS,
    Publication,
    Service,
)
from ..pages import Page
from ..po_files import ImportRefused, export_po, import_po, read_po
from ..worklist import translation_status
from . import translating
from .forms import ImportPoForm, ServiceForm
from .parts import ILLUSTRATION_FIELD, RoleRestrictedMixin, SaveOnlyChangesMixin, SectionInline
from .versions import VersionsAdmin, formats_datetime


@admin.register(Service)
class ServiceAdmin(SaveOnlyChangesMixin, RoleRestrictedMixin, NestedModelAdminMixin, VersionsAdmin, TabbedTranslationAdmin):
    """The whole page in one form: its sections, nested in them their items, in those the links and phone numbers."""

    form = ServiceForm
    formfield_overrides = ILLUSTRATION_FIELD
    list_display = ("page_name", "acronym", "publication_state", "published_date", "updated_at", "translations", "public_page")
    list_filter = ("sections__directorate",)
    search_fields = (*columns("name"), "acronym", *(f"sections__{column}" for column in columns("body")))
    readonly_fields = ("updated_at",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "source_language", "position", "loaded_version")}),
        (_("Illustration"), {"fields": ("image", "image_alt", "image_caption"), "classes": ("collapse",)}),
        (_("Search engines"), {"fields": ("seo_description", "updated_at")}),
    )
    inlines = (SectionInline,)
    recover_note = _("Its sections come back with it, as a draft: visitors see it once it is published.")

    def get_queryset(self, request):
        services = super().get_queryset(request).select_related("publication")
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            # A save (in the transaction of changeform_view) locks the row it reads: the edit count the form compares
            # stays the current one until the commit.
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

    @admin.display(description=_("name"), ordering="name")
    def page_name(self, obj):
        return str(obj)

    # Translators: a column heading of the list of pages: whether the page is published.
    @admin.display(description=_("publication"))
    def publication_state(self, obj):
        return publication_state(obj)

    @admin.display(description=_("last modified (public)"))
    def published_date(self, obj):
        publication = getattr(obj, "publication", None)
        return publication.modified_on if publication else None

    # Translators: a column heading of the list of pages: how far each language's translation is.
    @admin.display(description=_("translations"))
    def translations(self, obj):
        return format_html_join(
            " · ",
            "<span title='{}'>{}&nbsp;{}</span>",
            (("\n".join(status.to_do), lang, translation_summary(status)) for lang, status in translation_status(obj).items()),
        )

    # Translators: a column heading of the list of pages: a link to the page visitors see.
    @admin.display(description=_("public page"))
    def public_page(self, obj):
        publication = getattr(obj, "publication", None)
        if publication is None or not publication.is_live:
            return "—"
        return format_html('<a href="{}">{}</a>', publication.get_absolute_url(), pgettext("link to the public page", "View"))

    # Change page

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/<str:language>/", view(self.preview_view), name="security_service_service_preview"),
            path("<path:object_id>/preview/<str:language>/beside/", view(self.beside_view), name="security_service_service_beside"),
            path("<path:object_id>/publish/", view(self.publish_view), name="security_service_service_publish"),
            path("<path:object_id>/unpublish/", view(self.unpublish_view), name="security_service_service_unpublish"),
            path("<path:object_id>/po/<str:language>/", view(self.export_po_view), name="security_service_service_export_po"),
            path("import-po/", view(self.import_po_view), name="security_service_service_import_po"),
            path("<path:object_id>/translate/<str:language>/", view(self.translate_view), name="security_service_service_translate"),
            path("<path:object_id>/cyrillic/", view(self.cyrillic_view), name="security_service_service_cyrillic"),
            *super().get_urls(),
        ]

    @property
    def media(self):
        # After nested-admin's script: sections show their kind's items, language tabs in forms added on the page.
        scripts = ["admin/js/jquery.init.js", "modeltranslation/js/tabbed_translation_fields.js", "nested_admin/dist/nested_admin.min.js"]
        return super().media + forms.Media(js=[*scripts, "security_service/language_tabs.js", "security_service/page_form.js"])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is None:
            # "Save and publish" on the add form too: one submission creates the page and publishes it.
            context = {**context, "can_publish": request.user.has_perm("security_service.publish_service")}
        else:
            context = {
                **context,
                "publication": getattr(obj, "publication", None),
                "publication_state": self.publication_state(obj),
                "can_publish": publishing.may_publish(request.user, obj),
                # One "Save" button: a saved draft stays on its form (below), so "Save and continue" would be the same.
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                "why_not_publish": why_not_publish(request.user, obj),
                # The draft in each language the site publishes, the page's own first.
                "cyrillic_check": reverse("admin:security_service_service_cyrillic", args=[obj.pk]) if "sr" in site_languages() else None,
                "previews": [
                    (code, name, reverse("admin:security_service_service_preview", args=[obj.pk, code]))
                    for code, name in translation_names()
                    if code in site_languages()
                ],
                "translation_to_do": {lang: status for lang, status in translation_status(obj).items() if status.to_do},
                "po_downloads": [
                    (code, name, reverse("admin:security_service_service_export_po", args=[obj.pk, code]))
                    for code, name in translation_names()
                    if code in target_languages(obj.source_language)
                ],
            }
        if context.get("errors"):
            # After a refused save, each error named at the top of the form, with a link to its field.
            formsets = [inline.formset for inline in context["inline_admin_formsets"]]
            links = error_links(context["adminform"].form, formsets)
            if request.FILES:
                # A browser never fills a file input again: the chosen files were not kept.
                links.append((gettext("Images and documents"), gettext("choose your files again: they were not saved either."), None))
            context = {**context, "error_links": links}
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

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
        else:
            request._draft_saved = draft_saved(draft)

    def publish(self, request, service):
        """ "Save and publish": the draft just saved becomes the public page, if this user may publish it."""
        if not publishing.may_publish(request.user, service):
            messages.error(
                request,
                gettext("Your changes are saved as a draft, but not published: the draft has changes that only an editor may publish."),
            )
            return
        try:
            publishing.publish(service, request.user, draft=service, ip_address=client_address(request))
        except ValidationError as error:
            messages.error(
                request, gettext("Your changes are saved as a draft, but not published: %(reason)s") % {"reason": " ".join(error.messages)}
            )
            return
        messages.success(request, gettext("Published: visitors now see this version of the page."))

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's "changed successfully" after a plain save reads like publishing: say what visitors now see.
        if level == messages.SUCCESS and getattr(request, "_draft_saved", None):
            message = request._draft_saved
        super().message_user(request, message, level, *args, **kwargs)

    def response_change(self, request, obj):
        return self.back_to_the_form(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.back_to_the_form(request, obj) or super().response_add(request, obj, post_url_continue)

    def back_to_the_form(self, request, obj):
        """After "Save" (a draft) or "Save and publish", the editor goes on with the page they are working on; after
        "Save and preview", they read it."""
        if "_preview" in request.POST:
            # The draft just saved, in the page's own language; the preview says it is a draft, and offers to publish it.
            return HttpResponseRedirect(reverse("admin:security_service_service_preview", args=[obj.pk, obj.source_language]))
        if "_save" in request.POST:
            messages.success(request, request._draft_saved)
        elif "_publish" not in request.POST:
            return None
        return HttpResponseRedirect(reverse("admin:security_service_service_change", args=[obj.pk]))

    # Deleting

    def get_deleted_objects(self, objs, request):
        # A service's publication is its public page, not an object of its own: it goes with the service, for whoever
        # may take pages off the site.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        publication_name = str(Publication._meta.verbose_name)
        perms_needed = {name for name in perms_needed if str(name) != publication_name}
        live = Publication.objects.filter(service__in=objs, is_live=True)
        if not request.user.has_perm("security_service.publish_service") and live.exists():
            perms_needed.add(publication_name)
        return deleted, counts, perms_needed, protected

    def preview_view(self, request, object_id, language):
        """The draft as visitors will see it, through the public page's own code; with ?published, the published page
        (the two are shown side by side by beside_view)."""
        service = self.viewable_object(request, object_id)
        if language not in dict(translation_names()):
            raise Http404
        published = "published" in request.GET
        publication = Publication.objects.live().filter(service=service).first() if published else None
        if published and publication is None:
            raise Http404
        query = "?published" if published else ""
        context = {"change_url": reverse("admin:security_service_service_change", args=[service.pk])}
        if not published:
            context["beside_url"] = reverse("admin:security_service_service_beside", args=[service.pk, language])
            if language == "sr":  # which words of the Cyrillic page stayed Latin, and why
                context["cyrillic_check_url"] = reverse("admin:security_service_service_cyrillic", args=[service.pk])
            if publishing.may_publish(request.user, service):
                context["publish_url"] = reverse("admin:security_service_service_publish", args=[service.pk])
                context["edit_version"] = service.edit_version
        with translation.override(language):  # the page is read in its language
            html = views.service_page_html(
                request,
                Page.from_publication(publication) if published else Page.draft(service),
                alternates(lambda: preview_url(service, translation.get_language()) + query),
                preview="published" if published else "draft",
                **context,
            )
        response = HttpResponse(html)
        response["X-Robots-Tag"] = "noindex"
        # Shown in the admin's own frames, side by side (beside_view), and nowhere else.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        return response

    def beside_view(self, request, object_id, language):
        """The draft beside the published page, in one language."""
        service = self.viewable_object(request, object_id)
        if language not in dict(translation_names()):
            raise Http404
        preview = reverse("admin:security_service_service_preview", args=[service.pk, language])
        live = Publication.objects.live().filter(service=service).exists()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": service,
            "title": gettext("The draft beside the published page"),
            "language_name": dict(translation_names())[language],
            "draft_url": preview,
            "published_url": f"{preview}?published" if live else None,
            "others": [
                (code, name, reverse("admin:security_service_service_beside", args=[service.pk, code]))
                for code, name in translation_names()
                if code in site_languages() and code != language
            ],
        }
        return TemplateResponse(request, "admin/security_service/service/beside.html", context)

    def cyrillic_view(self, request, object_id):
        """The draft's Serbian Latin texts as the Cyrillic page shows them: the words kept Latin, by which rule."""
        service = self.viewable_object(request, object_id)
        if "sr" not in site_languages():
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": service,
            "title": gettext("Cyrillic check"),
            "check": page_check(Service.objects.with_parts().get(pk=service.pk)),
            "preview_url": preview_url(service, "sr"),
        }
        return TemplateResponse(request, "admin/security_service/service/cyrillic.html", context)

    def publish_view(self, request, object_id):
        """ "Publish this draft", from its preview: the draft previewed becomes the public page, unless it changed since."""
        service = self.viewable_object(request, object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        with transaction.atomic():
            draft = Service.objects.with_parts().select_for_update(of=("self",)).get(pk=service.pk)
            if request.POST.get("edit_version") != str(draft.edit_version):
                messages.error(request, gettext("The draft has changed since that preview: nothing was published. Preview it again."))
            else:
                self.publish(request, draft)
        return HttpResponseRedirect(reverse("admin:security_service_service_change", args=[service.pk]))

    def unpublish_view(self, request, object_id):
        service = self.viewable_object(request, object_id)
        if not request.user.has_perm("security_service.publish_service"):
            raise PermissionDenied
        if request.method == "POST":
            publishing.unpublish(service, request.user, ip_address=client_address(request))
            messages.success(request, gettext("Unpublished: visitors no longer see this page."))
            return HttpResponseRedirect(reverse("admin:security_service_service_change", args=[service.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": service, "title": gettext("Unpublish")}
        return TemplateResponse(request, "admin/security_service/service/unpublish.html", context)

    def export_po_view(self, request, object_id, language):
        service = self.viewable_object(request, object_id)
        if language not in target_languages(service.source_language):
            raise Http404
        po = export_po(language, [Service.objects.with_parts().get(pk=service.pk)])
        response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{service.slug or service.pk}.{to_locale(language)}.po"'
        return response

    def translate_view(self, request, object_id, language):
        return translating.translate_view(self, request, object_id, language)

    def import_po_view(self, request):
        if not set(publishing.translatable_languages(request.user)) & set(site_languages()):
            raise PermissionDenied
        form = ImportPoForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_po(read_po(form.cleaned_data["file"]), request.user)
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

    def public_version(self, obj, versions):
        # The newest version saved with the edit count that was published.
        publication = getattr(obj, "publication", None)
        if publication is None or not publication.is_live:
            return None
        for version in versions:
            if json.loads(version.serialized_data)[0]["fields"].get("edit_version") == publication.edit_version:
                return version.pk
        return None

    def restore_version(self, request, version):
        if publishing.restore(version, request.user, ip_address=client_address(request)):
            return [
                gettext(
                    "The directorate that a section of this version showed has been deleted since: the section is restored without one."
                )
            ]
        return []

    @property
    def restored_message(self):
        return gettext("The version of %(date)s is restored as the draft. Publish it for visitors to see it.")


def why_not_publish(user, service):
    """Why `user` sees no "Save and publish" button on this page, in words; None when they have it."""
    if publishing.may_publish(user, service):
        return None
    publication = getattr(service, "publication", None)
    if publication is None:
        return gettext("An editor publishes this page the first time; you may then publish your translations of it.")
    return gettext(
        "You may publish a draft whose changes are all in your languages: this one has changes in other texts too. "
        "Save your work as a draft and ask an editor to publish it."
    )


def error_links(form, formsets):
    """[(where, message, anchor)] of every error of the page form and its nested form sets, in page order; `anchor`
    is the id of the field's input (None for an error of a whole part)."""
    found = []

    def of_form(item, where):
        for name, messages_ in item.errors.items():
            field = item.fields.get(name)
            label = f"{where} — {field.label}" if field is not None and where else (field.label if field is not None else where)
            anchor = f"id_{item.add_prefix(name)}" if field is not None else None
            # Translators: names where an error is when it is about the page as a whole, not one of its fields.
            found.extend((str(label or gettext("The page")), str(message), anchor) for message in messages_)
        for nested in getattr(item, "nested_formsets", None) or []:
            of_formset(nested)

    def of_formset(formset):
        name = str(formset.model._meta.verbose_name).capitalize()
        found.extend((name, str(message), None) for message in formset.non_form_errors())
        for index, item in enumerate(formset.forms, start=1):
            of_form(item, f"{name} {index}")

    of_form(form, "")
    for formset in formsets:
        of_formset(formset)
    return found


def preview_url(service, language):
    return reverse("admin:security_service_service_preview", args=[service.pk, language])


def draft_saved(service):
    """What a plain save means for visitors, in words."""
    publication = Publication.objects.filter(service=service).first()
    if publication is None or not publication.is_live:
        return gettext("Draft saved. Visitors do not see this page until it is published.")
    return gettext("Draft saved. Visitors still see the version published on %(date)s, until you publish this one.") % {
        "date": formats_datetime(publication.published_at)
    }


def translation_summary(status):
    parts = []
    if status.missing:
        parts.append(
            npgettext("translation status of a language", "%(count)s missing", "%(count)s missing", len(status.missing))
            % {"count": len(status.missing)}
        )
    if status.stale:
        parts.append(
            npgettext("translation status of a language", "%(count)s to review", "%(count)s to review", len(status.stale))
            % {"count": len(status.stale)}
        )
    return ", ".join(parts) or "✓"


def translation_names():
    return [(code, str(name)) for code, name in settings.LANGUAGES]
