"""What visitors see of a service: its last publication."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .base import TranslatedSlugQuerySet
from .services import Service
from .site import AccessibilityStatement


class PublicationQuerySet(TranslatedSlugQuerySet):
    def live(self):
        return self.filter(is_live=True)

    def with_statement(self):
        """With the status of the site's accessibility statement and its date, in the same query: every footer shows it."""
        statement = AccessibilityStatement.objects.filter(site_id=settings.SITE_ID)
        return self.annotate(
            statement_status=models.Subquery(statement.values("status")[:1]),
            statement_changed=models.Subquery(statement.values("updated_at")[:1]),
        )


class Publication(models.Model):
    """What visitors see of a service: a snapshot of the service and its parts in every language, taken on publishing."""

    service = models.OneToOneField(Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="publication")
    slug = models.SlugField(_("web address"), max_length=120, editable=False)
    snapshot = models.JSONField(editable=False)
    is_live = models.BooleanField(_("visible to visitors"), default=True)
    last_modified = models.DateTimeField(_("last modified"), help_text=_("Last published change to the page."))
    published_at = models.DateTimeField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = models.PositiveIntegerField(editable=False, help_text=_("The service's edit version that was published."))

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("service__position", "service__pk")
        constraints = [
            # An address leads to one page: two live publications never share a slug in a language.
            models.UniqueConstraint(
                fields=[build_localized_fieldname("slug", lang)],
                condition=models.Q(is_live=True) & ~models.Q(**{build_localized_fieldname("slug", lang): ""}),
                name=f"publication_unique_live_{build_localized_fieldname('slug', lang)}",
                violation_error_message=_("Another published page already has this web address."),
            )
            for lang in settings.MODELTRANSLATION_LANGUAGES
        ]

    def __str__(self):
        return str(self.service)

    def get_absolute_url(self):
        return reverse("security_service:service_detail", kwargs={"slug": self.slug})
