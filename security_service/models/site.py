"""The site's own records: the audit trail and the accessibility statement."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import MARKDOWN_HELP


class AuditEvent(models.Model):
    """A login, failed login, logout, publication, restoration or deletion, for the audit trail staff can read."""

    class Kind(models.TextChoices):
        LOGIN = "login", pgettext_lazy("audit trail: what the user did", "logged in")
        LOGIN_FAILED = "login_failed", pgettext_lazy("audit trail: what the user did", "failed to log in")
        LOGOUT = "logout", pgettext_lazy("audit trail: what the user did", "logged out")
        PUBLISH = "publish", pgettext_lazy("audit trail: what the user did", "published")
        UNPUBLISH = "unpublish", pgettext_lazy("audit trail: what the user did", "unpublished")
        RESTORE = "restore", pgettext_lazy("audit trail: what the user did", "restored a version")
        DELETE = "delete", pgettext_lazy("audit trail: what the user did", "deleted")

    # Translators: a column heading of the audit trail: the date and time of the event.
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("user name"), max_length=150, help_text=_("As typed, for failed logins."))
    # Translators: a column heading of the audit trail: what the user did (logged in, published…).
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    # Translators: a column heading of the audit trail: more about the event, e.g. the page published.
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
        """The label names the status where it stands alone (the admin's choice); `statement_label` is the status inside
        the statement's sentence and `footer_label` the whole footer link, each its own entry so that every language can
        make the words agree with what they describe (Serbian: "sajt nije usklađen", "pristupačnost nije usklađena")."""

        COMPLIANT = "compliant", pgettext_lazy("accessibility compliance status, chosen in the admin", "fully compliant")
        PARTIAL = "partial", pgettext_lazy("accessibility compliance status, chosen in the admin", "partially compliant")
        # What the law says a site is until it has been audited.
        NON_COMPLIANT = "non_compliant", pgettext_lazy("accessibility compliance status, chosen in the admin", "not compliant")

        @property
        def statement_label(self):
            return STATEMENT_LABELS[self]

        @property
        def footer_label(self):
            return FOOTER_LABELS[self]

    site = models.OneToOneField(
        "sites.Site",
        verbose_name=pgettext_lazy("the website a statement belongs to", "site"),
        on_delete=models.CASCADE,
        related_name="accessibility_statement",
        default=settings.SITE_ID,
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


# The status inside the statement's sentence (the literal context is repeated: xgettext reads only literals).
STATEMENT_LABELS = {
    AccessibilityStatement.Status.COMPLIANT: pgettext_lazy(
        "accessibility statement: The website … is <status> with the standard", "fully compliant"
    ),
    AccessibilityStatement.Status.PARTIAL: pgettext_lazy(
        "accessibility statement: The website … is <status> with the standard", "partially compliant"
    ),
    AccessibilityStatement.Status.NON_COMPLIANT: pgettext_lazy(
        "accessibility statement: The website … is <status> with the standard", "not compliant"
    ),
}
# The footer link of every page, whole: the status agrees with "Accessibility" (in Serbian "pristupačnost", feminine).
FOOTER_LABELS = {
    AccessibilityStatement.Status.COMPLIANT: pgettext_lazy("footer link to the accessibility statement", "Accessibility: fully compliant"),
    AccessibilityStatement.Status.PARTIAL: pgettext_lazy(
        "footer link to the accessibility statement", "Accessibility: partially compliant"
    ),
    AccessibilityStatement.Status.NON_COMPLIANT: pgettext_lazy(
        "footer link to the accessibility statement", "Accessibility: not compliant"
    ),
}
