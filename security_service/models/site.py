"""The site's own records: the audit trail and the accessibility statement."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .base import MARKDOWN_HELP


class AuditEvent(models.Model):
    """A login, failed login, logout, publication, restoration or deletion, for the audit trail staff can read."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed to log in")
        LOGOUT = "logout", _("logged out")
        PUBLISH = "publish", _("published")
        UNPUBLISH = "unpublish", _("unpublished")
        RESTORE = "restore", _("restored a version")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("user name"), max_length=150, help_text=_("As typed, for failed logins."))
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ("-at",)

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"

    @classmethod
    def record(cls, kind, user, detail="", ip_address=None, username=None):
        """Write an event of `kind` by `user` (None for a failed login or a command run by an operator) from `ip_address`."""
        return cls.objects.create(
            kind=kind,
            user=user if user is not None and user.pk else None,
            username=username or (user.get_username() if user is not None else ""),
            ip_address=ip_address,
            detail=detail[:500],
        )


class AccessibilityStatementQuerySet(models.QuerySet):
    def current(self):
        """The statement of this site, or None when staff have not written it yet."""
        return self.filter(site_id=settings.SITE_ID).first()


class AccessibilityStatement(models.Model):
    """The site's accessibility statement (RGAA), a page of the site whose status every footer shows."""

    class Status(models.TextChoices):
        COMPLIANT = "compliant", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        # What the law says a site is until it has been audited.
        NON_COMPLIANT = "non_compliant", _("not compliant")

    site = models.OneToOneField(
        "sites.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="accessibility_statement", default=settings.SITE_ID
    )
    status = models.CharField(_("compliance status"), max_length=20, choices=Status.choices, default=Status.NON_COMPLIANT)
    established_on = models.DateField(
        _("date of the statement"), null=True, blank=True, help_text=_("When the statement was written or last brought up to date.")
    )
    body = models.TextField(
        _("text"),
        max_length=20000,
        blank=True,
        help_text=format_lazy(
            "{} {}", _("Results of the audit, content that is not accessible, how to report a problem, remedies."), MARKDOWN_HELP
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AccessibilityStatementQuerySet.as_manager()
    markdown_fields = ("body",)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self):
        return str(_("Accessibility statement"))

    def get_absolute_url(self):
        return reverse("security_service:accessibility")
