"""Any change to what belongs to a service moves the service's "last modified" date."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ContactPoint, Link, LinkGroup, Mission, PhoneNumber, Service, StaffRole


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
