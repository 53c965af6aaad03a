"""URLs of stored illustrations, through the storage itself: on a cloud storage, MEDIA_URL is not where the files are."""

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def media_url(name):
    """The address of the stored file `name`."""
    return default_storage.url(name) if name else ""


@register.filter
def srcset(renditions):
    """A srcset value from [[name, width], …]: "url 480w, url 960w". Left for the template to escape."""
    return ", ".join(f"{default_storage.url(name)} {width}w" for name, width in renditions or ())
