"""The admin's first screen is the embassy's pages, each with its state in every language, and the few things an
editor does besides; Django's own records (accounts, groups, redirects, logs) are behind one "Administration" entry."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, npgettext, pgettext
from django.utils.translation import gettext_lazy as _

from .languages import site_languages, target_languages
from .models import PART_ACCESSORS, Service, translate_permission
from .worklist import translation_status

# The models of the first screen, beside the pages: {model name: what it is, for someone who has never seen it}.
SHARED = {
    "directorate": _("The ministry's directorates that services belong to: a service's directorate section shows one."),
    "accessibilitystatement": _("The site's accessibility statement, linked from the foot of every page."),
}
ON_THE_FIRST_SCREEN = {"service", *SHARED}


class EmbassyAdminSite(admin.AdminSite):
    site_header = _("Embassy website administration")
    site_title = _("Embassy website")
    index_title = _("The embassy's pages")
    index_template = "admin/embassy_index.html"
    # Django's side bar lists every model on every page; an editor works from the first screen and the page form.
    enable_nav_sidebar = False

    def get_urls(self):
        return [path("administration/", self.admin_view(self.administration_view), name="administration"), *super().get_urls()]

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "pages": self.pages(request), "shared": self.shared(request)}
        return super().index(request, extra_context)

    def pages(self, request):
        """The services, in their order, each with its state in every site language; None if the user may not see them."""
        if not request.user.has_perm("security_service.view_service"):
            return None
        services = Service.objects.select_related("publication").prefetch_related(*PART_ACCESSORS).order_by("position", "pk")
        names = {code: str(name) for code, name in settings.LANGUAGES}
        rows = []
        for service in services:
            status = translation_status(service)
            languages = []
            for lang in site_languages():
                # (language, its state, its kind, the address where this user translates it)
                if lang == service.source_language:
                    languages.append((names[lang], pgettext("translation status of a language", "written in it"), "source", None))
                    continue
                url = (
                    reverse("admin:security_service_service_translate", args=[service.pk, lang])
                    if may_translate(request.user, service, lang)
                    else None
                )
                if status[lang].missing:
                    languages.append(
                        (
                            names[lang],
                            npgettext(
                                "translation status of a language", "%(count)s missing", "%(count)s missing", len(status[lang].missing)
                            )
                            % {"count": len(status[lang].missing)},
                            "missing",
                            url,
                        )
                    )
                elif status[lang].stale:
                    languages.append(
                        (
                            names[lang],
                            npgettext(
                                "translation status of a language", "%(count)s to review", "%(count)s to review", len(status[lang].stale)
                            )
                            % {"count": len(status[lang].stale)},
                            "stale",
                            url,
                        )
                    )
                else:
                    languages.append((names[lang], pgettext("translation status of a language", "translated"), "done", None))
            publication = getattr(service, "publication", None)
            rows.append(
                {
                    "service": service,
                    "change_url": reverse("admin:security_service_service_change", args=[service.pk]),
                    "state": publication_state(service),
                    "public_url": publication.get_absolute_url() if publication is not None and publication.is_live else None,
                    "languages": languages,
                }
            )
        return rows

    def shared(self, request):
        """The first screen's other entries the user may open: [(name, what it is, address)]."""
        entries = []
        for app in self.get_app_list(request, "security_service"):
            for model in app["models"]:
                if model["object_name"].lower() in SHARED and model.get("admin_url"):
                    entries.append((model["name"], SHARED[model["object_name"].lower()], model["admin_url"]))
        return entries

    def administration_view(self, request):
        """Django's list of every other kind of record the user may open: accounts, groups, redirects, logs…"""
        app_list = []
        for app in self.get_app_list(request):
            ours = app["app_label"] == "security_service"
            models = [model for model in app["models"] if not (ours and model["object_name"].lower() in ON_THE_FIRST_SCREEN)]
            if models:
                app_list.append({**app, "models": models})
        context = {**self.each_context(request), "title": gettext("Administration"), "app_list": app_list}
        return TemplateResponse(request, "admin/administration.html", context)


def may_translate(user, service, language):
    """Whether `user` translates `service` into `language` (a translator of it, or an editor)."""
    return language in target_languages(service.source_language) and (
        user.has_perm("security_service.edit_structure") or user.has_perm(f"security_service.{translate_permission(language)}")
    )


def publication_state(service):
    """What visitors see of `service`, in words."""
    publication = getattr(service, "publication", None)
    if publication is None:
        return pgettext("publication state of a page", "Draft, never published")
    if not publication.is_live:
        return pgettext("publication state of a page", "Unpublished")
    if publication.edit_version != service.edit_version:
        return pgettext("publication state of a page", "Published, with changes not yet published")
    return pgettext("publication state of a page", "Published")
