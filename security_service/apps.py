from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SecurityServiceConfig(AppConfig):
    name = "security_service"
    verbose_name = _("Embassy services")

    def ready(self):
        from . import roles, signals, site_domain  # noqa: F401

        post_migrate.connect(roles.sync_groups, sender=self)
        post_migrate.connect(site_domain.sync_site, sender=self)


class EmbassyAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose site opens on the embassy's pages (admin_site.py)."""

    default = False  # this module's default is SecurityServiceConfig; settings name this one
    default_site = "security_service.admin_site.EmbassyAdminSite"
