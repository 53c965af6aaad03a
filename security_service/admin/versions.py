"""Versions in the admin, the same for a service and for what has no parts (directorates, the accessibility statement).

Every save keeps a version (django-reversion); the history lists them, compares two, and lets an editor restore one
as a new version, or recover a deleted object. django-reversion's own views of a version are not served: they write
the version back through the change form and check only the change permission, which translators have.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from .. import publishing
from ..history import compare_versions, what_changed
from ..logins import client_address

RESTORE_PERMISSION = "security_service.restore_service"


class VersionsAdmin(VersionAdmin):
    object_history_template = "admin/security_service/versions.html"
    history_latest_first = True
    recover_note = ""

    def url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        view = self.admin_site.admin_view
        replaced = {self.url_name("revision"), self.url_name("recover")}
        return [
            path("<path:object_id>/versions/compare/", view(self.compare_view), name=self.url_name("compare")),
            path("<path:object_id>/versions/<int:version_id>/restore/", view(self.restore_view), name=self.url_name("restore")),
            path("recover/<int:version_id>/", view(self.recover_view), name=self.url_name("recover")),
            *(url for url in super().get_urls() if url.name not in replaced),
        ]

    def changelist_view(self, request, extra_context=None):
        # Not in django-reversion's revision (for list_editable, which these lists do not have): deleting from the
        # list records each object's last version itself.
        return super(VersionAdmin, self).changelist_view(request, extra_context)

    def delete_model(self, request, obj):
        publishing.delete(obj, request.user, ip_address=client_address(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            publishing.delete(obj, request.user, ip_address=client_address(request))

    def viewable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self.viewable_object(request, object_id)
        versions = list(Version.objects.get_for_object(obj).select_related("revision__user"))
        words, public = what_changed(versions), self.public_version(obj, versions)
        extra_context = {
            **(extra_context or {}),
            "versions": [(version, words[version.pk], version.pk == public) for version in versions],
            "can_restore": request.user.has_perm(RESTORE_PERMISSION),
        }
        # Django's view, with the versions: django-reversion's links each version to its own view, which is not here.
        return super(VersionAdmin, self).history_view(request, object_id, extra_context)

    def public_version(self, obj, versions):
        """The pk of the version visitors see, if it is told apart: None here (what has no publication)."""
        return None

    def compare_view(self, request, object_id):
        obj = self.viewable_object(request, object_id)
        versions = Version.objects.get_for_object(obj)
        try:
            older, newer = sorted(
                (get_object_or_404(versions, pk=request.GET.get(key)) for key in ("a", "b")), key=lambda version: version.pk
            )
        except (ValueError, TypeError):
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Compare two versions"),
            "older": older,
            "newer": newer,
            "differences": compare_versions(older, newer),
            "can_restore": request.user.has_perm(RESTORE_PERMISSION),
        }
        return TemplateResponse(request, "admin/security_service/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        obj = self.viewable_object(request, object_id)
        if not request.user.has_perm(RESTORE_PERMISSION):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        return self.write_back(request, version, failure_url=reverse(f"admin:{self.url_name('history')}", args=[obj.pk]))

    def recoverlist_view(self, request, extra_context=None):
        if not request.user.has_perm(RESTORE_PERMISSION):
            raise PermissionDenied
        return super().recoverlist_view(request, {"title": gettext("Recover what was deleted"), **(extra_context or {})})

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted object comes back as it was in its last version: one confirmation, then restore_version()."""
        if not (request.user.has_perm(RESTORE_PERMISSION) and self.has_add_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if request.method == "POST":
            return self.write_back(request, version, failure_url=reverse(f"admin:{self.url_name('recoverlist')}"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Recover “%(name)s”") % {"name": version.object_repr},
            "version": version,
            "saved": formats_datetime(version.revision.date_created),
            "recover_note": self.recover_note,
        }
        return TemplateResponse(request, "admin/security_service/recover.html", context)

    def restore_version(self, request, version):
        """Write `version` back; returns the messages to show beside the success."""
        publishing.restore_object(version, request.user, ip_address=client_address(request))
        return []

    def write_back(self, request, version, failure_url):
        """Restore `version` and say so, or why not."""
        try:
            warnings = self.restore_version(request, version)
        except publishing.RestoreRefused as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(failure_url)
        messages.success(request, self.restored_message % {"date": formats_datetime(version.revision.date_created)})
        for warning in warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(reverse(f"admin:{self.url_name('change')}", args=[version.object_id]))

    @property
    def restored_message(self):
        return gettext("The version of %(date)s is restored.")


def formats_datetime(value):
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
