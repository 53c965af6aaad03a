"""The sites framework's Site named by SITE_URL, after every `migrate` and `restore`: the admin's *View on site* then leads
to the public address, never to example.com, and there is one place to change it (the setting)."""

import logging
from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, router

logger = logging.getLogger(__name__)
DJANGO_DEFAULT = "example.com"  # the name and domain `migrate` gives the first Site


def site_domain():
    """The host (and port, if any) of SITE_URL: `www.example.org`, `127.0.0.1:8000`."""
    return urlsplit(settings.SITE_URL).netloc


def sync_site(*args, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Give the site of SITE_ID the domain of SITE_URL (and that name, unless staff chose another)."""
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:  # migrated back to before the sites framework
        return
    if not router.allow_migrate_model(using, site_model):
        return
    domain, sites = site_domain(), site_model.objects.using(using)
    other = sites.filter(domain=domain).exclude(pk=settings.SITE_ID).first()
    if other is not None:
        # A restoration by an older `restore` made a second Site: its redirects and statement are for staff to move.
        logger.warning(
            "Site %s, not SITE_ID %s, has the domain %s of SITE_URL: it was left as it is. Move its redirects and "
            "accessibility statement to site %s in the admin, delete it, and run `migrate` again.",
            other.pk,
            settings.SITE_ID,
            domain,
            settings.SITE_ID,
        )
        return
    site = sites.filter(pk=settings.SITE_ID).first()
    if site is None:
        sites.create(pk=settings.SITE_ID, domain=domain, name=domain)
        # An id given, not drawn: the next site must not be given it again (as `migrate` does for example.com).
        with connections[using].cursor() as cursor:
            for sql in connections[using].ops.sequence_reset_sql(no_style(), [site_model]):
                cursor.execute(sql)
    elif site.domain != domain:
        if site.name in (site.domain, DJANGO_DEFAULT):
            site.name = domain
        site.domain = domain
        site.save(update_fields=["domain", "name"])
    # Site.objects.get_current() keeps the site it read for the process's lifetime; the historical model sends no signal.
    global_apps.get_model("sites", "Site").objects.clear_cache()
