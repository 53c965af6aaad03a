"""Any change to a service or what belongs to it marks its draft as changed; logins go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .cache import invalidate
from .models import (
    PART_MODELS,
    AccessibilityStatement,
    AuditEvent,
    Directorate,
    Publication,
    Service,
    touch_services,
)
from .publishing import audit


def touch_service(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_services(Service.objects.filter(pk=instance.service_id))


for part in PART_MODELS:
    post_save.connect(touch_service, sender=part, dispatch_uid=f"touch_service_{part.__name__}")
    post_delete.connect(touch_service, sender=part, dispatch_uid=f"touch_service_deleted_{part.__name__}")


@receiver(post_save, sender=Directorate)
def touch_directorate_services(sender, instance, raw=False, **kwargs):
    # The directorate's section is on the page of each of its services: their drafts changed.
    if not raw:
        touch_services(instance.services.all())


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit(AuditEvent.Kind.LOGIN, user, "", request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(AuditEvent.Kind.LOGOUT, user, "", request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit(AuditEvent.Kind.LOGIN_FAILED, None, "", request=request, username=str(credentials.get("username", ""))[:150])


@receiver(post_save, sender=Publication)
@receiver(post_delete, sender=Publication)
def invalidate_pages(sender, **kwargs):
    # What visitors see changed: no server may serve a page cached before.
    invalidate()


@receiver(post_save, sender=AccessibilityStatement)
def render_footers_again(sender, raw=False, **kwargs):
    # Every page's footer shows the statement's status: stored pages are rendered again on their next visit.
    if not raw:
        Publication.objects.update(rendered={})
        invalidate()
