from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityServiceConfig(AppConfig):
    name = "security_service"
    verbose_name = _("Embassy services")

    def ready(self):
        from . import signals  # noqa: F401
