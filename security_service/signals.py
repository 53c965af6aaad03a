"""Any change to a service or what belongs to it marks its draft as changed; a deleted page's files and cache go; logins are audited."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import page_cache
from .logins import client_address
from .models import PART_MODELS, AuditEvent, Directorate, Illustrated, Publication, Service, discard_unused_images, touch_services
from .snapshots import images


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
        touch_services(Service.objects.filter(sections__directorate=instance).distinct())


@receiver(post_delete)
def discard_deleted_image(sender, instance, **kwargs):
    # Deleting a service deletes its missions in the same query: a model's own delete() would not see them.
    if isinstance(instance, Illustrated) and instance.image:
        discard_unused_images([(instance.image.name, instance.image_renditions)])


@receiver(post_delete, sender=Publication)
def forget_deleted_page(sender, instance, **kwargs):
    page_cache.forget(f"service:{instance.pk}", addresses=instance.addresses() if instance.is_live else ())
    discard_unused_images(images(instance.snapshot))


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    AuditEvent.record(AuditEvent.Kind.LOGIN, user, ip_address=client_address(request))


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        AuditEvent.record(AuditEvent.Kind.LOGOUT, user, ip_address=client_address(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    AuditEvent.record(
        AuditEvent.Kind.LOGIN_FAILED, None, ip_address=client_address(request), username=str(credentials.get("username", ""))[:150]
    )
