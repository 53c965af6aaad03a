"""Any change to what belongs to a service moves the service's "last modified" date."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import ContactPoint, Directorate, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole


@receiver(post_save, sender=StaffRole)
@receiver(post_save, sender=Mission)
@receiver(post_save, sender=LinkGroup)
@receiver(post_save, sender=Link)
@receiver(post_save, sender=ContactPoint)
@receiver(post_save, sender=PhoneNumber)
@receiver(post_delete, sender=StaffRole)
@receiver(post_delete, sender=Mission)
@receiver(post_delete, sender=LinkGroup)
@receiver(post_delete, sender=Link)
@receiver(post_delete, sender=ContactPoint)
@receiver(post_delete, sender=PhoneNumber)
def touch_service(sender, instance, raw=False, **kwargs):
    if not raw:
        Service(pk=instance.service_id).touch()


@receiver(post_save, sender=Directorate)
def touch_directorate_services(sender, instance, raw=False, **kwargs):
    # The directorate's section is on the page of each of its services.
    if not raw:
        instance.services.update(last_modified=timezone.now())
