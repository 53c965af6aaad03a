"""Publishing: the draft (the live rows staff edit) becomes what visitors see, or stops being it; versions come back.

Publishing stores a snapshot of the service in its `Publication`; visitors are served from it (one read, no
joins), so a half-saved draft never reaches them. What is derived from a publication (cached pages, files no page
shows any more) is dropped after the commit, so that no other process can store the old page again meanwhile.
"""

import datetime
import json

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from reversion.errors import RevertError

from . import page_cache
from .languages import SOURCE, columns, field_languages, reading_order, site_languages
from .models import (
    PART_MODELS,
    AuditEvent,
    Directorate,
    Publication,
    Service,
    discard_unused_images,
    slug_lookup,
    translate_permission,
)
from .snapshots import changes, images, snapshot_of, take_snapshot


def translatable_languages(user):
    return [lang for lang in settings.MODELTRANSLATION_LANGUAGES if user.has_perm(f"security_service.{translate_permission(lang)}")]


def may_edit_field(user, model, name, source=None):
    """Editors change every field; a translator only the texts of their languages, and never those in `source`, the
    language the page is written in (a translator into English does not rewrite a page written in English)."""
    if user.has_perm("security_service.edit_structure"):
        return True
    lang = field_languages(model).get(name)
    return lang in translatable_languages(user) and lang != (source or SOURCE)


def may_publish(user, service):
    """Editors publish anything; a translator publishes a draft whose changes are all in their own languages."""
    if user.has_perm("security_service.publish_service"):
        return True
    languages = set(translatable_languages(user))
    publication = Publication.objects.filter(service=service).first()
    if not languages or publication is None:
        return False
    return all(
        name is not None and may_edit_field(user, apps.get_model(model), name, service.source_language)
        for model, _pk, name in changes(publication.snapshot, take_snapshot(service))
    )


def address_conflicts(service_pk, slugs):
    """{slug field: message} for the addresses of `slugs` ({"slug_fr": …}) that another live page already has."""
    return conflicts_among(Publication.objects.live().exclude(service_id=service_pk).having_slugs(slugs).select_related("service"), slugs)


def conflicts_among(publications, slugs):
    conflicts = {}
    for other in publications:
        for name, slug in slugs.items():
            if slug and getattr(other, name) == slug:
                conflicts[name] = _(
                    "The published page “%(page)s” has the address “%(slug)s”: give it another address and publish it first, "
                    "or choose another address."
                ) % {"page": other.service, "slug": slug}
    return conflicts


SLUG_FIELDS = tuple(columns("slug"))


def draft_slugs(service):
    """{"slug_fr": …} for each language: the addresses the draft has."""
    return {name: getattr(service, name) for name in SLUG_FIELDS}


def published_slugs(service, languages):
    """{"slug_fr": …}: the page's address in each of `languages` it is written in, "" in the others (it is not served there).

    A language without an address of its own is given its fallback's (Cyrillic Serbian the Latin one, any language
    the source language's): the page is at one address per language, which the public page looks up as it is.
    """
    slugs = dict.fromkeys(SLUG_FIELDS, "")
    for lang in languages:
        order = reading_order(lang, service.source_language)
        slugs[build_localized_fieldname("slug", lang)] = next(
            (slug for slug in (getattr(service, build_localized_fieldname("slug", code)) for code in order) if slug), ""
        )
    return slugs


def set_modified(publication, when):
    """Date the publication's last change `when`: a time (its day in the site's time zone), or a day without a time."""
    if isinstance(when, datetime.datetime):
        publication.last_modified, publication.modified_on = when, timezone.localdate(when)
    else:
        publication.last_modified, publication.modified_on = None, when


def publish(service, user=None, last_modified=None, username=None, draft=None, ip_address=None):
    """Publish the draft of `service` as it is in the database. Its date moves only when what visitors read changed,
    or to `last_modified` (a time, or a day without a time) when given.

    `draft`: the service as `Service.objects.with_parts()` read it in this transaction, its row locked, when the
    caller has it (the admin's save, which also keeps it in a version); else it is read here. Raises ValidationError,
    naming the slug fields, when another live page has one of its addresses.
    """
    try:
        return _publish(service, user, last_modified, username, draft, ip_address)
    except IntegrityError:  # another page took one of these addresses since they were checked
        conflicts = address_conflicts(service.pk, draft_slugs(service))
        raise ValidationError(conflicts or _("Another published page has this address.")) from None


@transaction.atomic
def _publish(service, user, last_modified, username, draft, ip_address):
    service = draft or Service.objects.select_for_update(of=("self",)).with_parts().get(pk=service.pk)
    # Visitors would read one label for two places: the page is not published until each says where it goes.
    clashes = service.label_clashes(site_languages())
    if clashes:
        raise ValidationError([clash.message() for clash in clashes])
    snapshot = snapshot_of(service)
    slugs = published_slugs(service, snapshot["languages"])
    # Its publication, and any live page that has one of its addresses, in one query.
    found = Publication.objects.select_for_update(of=("self",)).filter(
        models.Q(service=service) | models.Q(is_live=True) & slug_lookup(slugs)
    )
    found = list(found.select_related("service"))
    conflicts = conflicts_among([other for other in found if other.service_id != service.pk], slugs)
    if conflicts:
        raise ValidationError(conflicts)
    publication = next((own for own in found if own.service_id == service.pk), None)
    now = timezone.now()
    if publication is None:
        publication = Publication(service=service)
        set_modified(publication, last_modified or now)
        shown_before = []
    else:
        shown_before = images(publication.snapshot)
        if last_modified or changes(publication.snapshot, snapshot):
            set_modified(publication, last_modified or now)
    publication.snapshot = snapshot
    publication.is_live = True
    publication.published_at = now
    publication.published_by = user
    publication.edit_version = service.edit_version
    former = {name: getattr(publication, name) for name in slugs} if publication.pk else {}
    for name, slug in slugs.items():
        setattr(publication, name, slug)
    publication.save()
    keep_former_addresses(publication, former, slugs)
    AuditEvent.record(AuditEvent.Kind.PUBLISH, user, str(service), username=username, ip_address=ip_address)
    page_cache.forget(f"service:{publication.pk}", addresses=publication.addresses(former) + publication.addresses())
    discard_unused_images([shown for shown in shown_before if shown not in images(snapshot)])
    return publication


def page_address(lang, slug):
    with translation.override(lang):
        return reverse("security_service:service_detail", kwargs={"slug": slug})


def keep_former_addresses(publication, former, slugs):
    """An address the page was published at, and is no longer, leads to where the page is now (a permanent redirect).

    Redirects that led to the former address lead to the new one (no chains); one from the page's new address is
    dropped. A page that no longer has text in a language leads there to its page in its own language.
    """
    languages = field_languages(Service)
    for name, old in former.items():
        new = slugs[name]
        if not old or old == new:
            continue
        lang = languages[name]
        old_path = page_address(lang, old)
        if new:
            new_path = page_address(lang, new)
        else:
            with translation.override(lang):
                new_path = publication.get_absolute_url()
        Redirect.objects.filter(site_id=settings.SITE_ID, new_path=old_path).update(new_path=new_path)
        Redirect.objects.filter(site_id=settings.SITE_ID, old_path=new_path).delete()
        Redirect.objects.update_or_create(site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path})


@transaction.atomic
def unpublish(service, user=None, username=None, ip_address=None):
    """Hide the page from visitors (its address answers 404) until it is published again; False if it was not public."""
    publication = Publication.objects.select_for_update().filter(service=service).first()
    if publication is None or not publication.is_live:
        return False
    publication.is_live = False
    publication.save(update_fields=["is_live"])
    AuditEvent.record(AuditEvent.Kind.UNPUBLISH, user, str(service), username=username, ip_address=ip_address)
    page_cache.forget(f"service:{publication.pk}", addresses=publication.addresses())
    return True


@transaction.atomic
def delete(obj, user=None, username=None, ip_address=None):
    """Delete a service (published or not, with its parts and its public page) or a directorate, audited: as it was at
    that moment it is its last version, from which an editor recovers it in "Recover deleted …"."""
    if reversion.is_active():
        # An enclosing revision is saved after the delete, and django-reversion leaves out objects no longer there.
        raise RuntimeError("publishing.delete() records its own revision: call it outside reversion.create_revision().")
    model = type(obj)
    rows = model.objects.with_parts() if model is Service else model.objects.all()
    obj = rows.select_for_update(of=("self",)).get(pk=obj.pk)
    with reversion.create_revision():
        reversion.add_to_revision(obj)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment("Deleted")
    publication = Publication.objects.filter(service_id=obj.pk, is_live=True).first() if model is Service else None
    detail = f"{model._meta.verbose_name}: {obj}" + (f" ({publication.get_absolute_url()})" if publication else "")
    AuditEvent.record(AuditEvent.Kind.DELETE, user, detail, username=username, ip_address=ip_address)
    obj.delete()


class RestoreRefused(Exception):
    """A version that cannot be written back into today's model, with the reason in words an editor reads."""


def made_before_sections(version):
    """Whether `version` of a service was saved before its page was made of sections (migration 0005)."""
    fields = json.loads(version.serialized_data)[0]["fields"]
    return any(name == "intro" or name.startswith("intro_") for name in fields)


def versions_of_page(revision, service_id):
    """The versions in `revision` of the service `service_id` and of its parts, each after what it refers to.

    A revision may hold several services (a PO import records one for all the services it changed): the others'
    versions are left out, so that restoring one page never changes another.
    """
    order = {model: index for index, model in enumerate((Service, *PART_MODELS))}
    found = []
    for version in revision.version_set.all():
        model = version._model
        if model not in order:
            continue
        obj = version._object_version.object
        if (obj.pk if model is Service else obj.service_id) == service_id:
            found.append((order[model], version))
    return [version for _index, version in sorted(found, key=lambda pair: pair[0])]


def _write_back(versions, service_id):
    """Make the service `service_id` and its parts what `versions` hold: parts the versions do not hold are deleted.

    Returns how many sections name a directorate that no longer exists: they come back without one.
    """
    kept = {model: {version._object_version.object.pk for version in versions if version._model is model} for model in PART_MODELS}
    for model in reversed(PART_MODELS):
        model.objects.filter(service_id=service_id).exclude(pk__in=kept[model]).delete()
    without_directorate = 0
    for version in versions:
        obj = version._object_version.object
        directorate_id = getattr(obj, "directorate_id", None)
        if directorate_id is not None and not Directorate.objects.filter(pk=directorate_id).exists():
            without_directorate += 1
            obj.directorate_id = None
        version._object_version.save()
    return without_directorate


@transaction.atomic
def restore(version, user=None, ip_address=None):
    """Write an earlier version of a service back into the draft; the restoration is itself a new version.

    Only this service and its parts change, whatever else the version's revision holds. Returns the number of
    sections that came back without their directorate, which was deleted since.
    """
    if made_before_sections(version):
        raise RestoreRefused(
            _(
                "This version was saved before the page was made of sections, and cannot be written back into it: "
                "compare it with the current one and copy what you need."
            )
        )
    service_id = int(version.object_id)
    before = Service.objects.values_list("edit_version", flat=True).filter(pk=service_id).first() or 0
    with reversion.create_revision():
        without_directorate = _write_back(versions_of_page(version.revision, service_id), service_id)
        service = Service.objects.get(pk=service_id)
        # The edit count only moves forwards, so that forms opened before the restoration are stale.
        Service.objects.filter(pk=service_id).update(
            edit_version=models.Value(max(before, service.edit_version) + 1), updated_at=timezone.now()
        )
        service = Service.objects.with_parts().get(pk=service_id)
        reversion.add_to_revision(service)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Restored the version of {timezone.localtime(version.revision.date_created):%Y-%m-%d %H:%M}")
    saved = timezone.localtime(version.revision.date_created)
    AuditEvent.record(AuditEvent.Kind.RESTORE, user, f"{service} — {saved:%Y-%m-%d %H:%M:%S}", ip_address=ip_address)
    return without_directorate


@transaction.atomic
def restore_object(version, user=None, ip_address=None):
    """Write back an earlier version of what has no parts (a directorate, the accessibility statement), or recover it
    once deleted; the restoration is itself a new version."""
    try:
        obj = version._object_version.object
    except RevertError:
        raise RestoreRefused(
            _("This version was saved before its form changed, and cannot be written back: compare it with the current one.")
        ) from None
    with reversion.create_revision():
        # An ordinary save: its date moves forwards, so that forms opened before are stale, and what shows it changes.
        obj.save()
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Restored the version of {timezone.localtime(version.revision.date_created):%Y-%m-%d %H:%M}")
    saved = timezone.localtime(version.revision.date_created)
    AuditEvent.record(AuditEvent.Kind.RESTORE, user, f"{obj} — {saved:%Y-%m-%d %H:%M:%S}", ip_address=ip_address)
