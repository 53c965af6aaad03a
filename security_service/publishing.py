"""Publishing: a snapshot of a service with everything on its page, in every language, and the page built from it.

Staff edit the live rows (the draft). Publishing stores their snapshot in `Publication`; visitors are served
from it (one read, no joins), so a half-saved draft never reaches them. A preview renders a snapshot of the
draft with the same code, so it looks exactly as the page will.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

import reversion
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from .models import (
    PART_ACCESSORS,
    AuditEvent,
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Publication,
    Service,
    StaffRole,
    translate_permission,
)
from .rendering import render_all
from .translated import SOURCE, field_languages, originals
from .transliteration import strip_keep_marks, to_cyrillic
from .typography import french

# Fields that change without changing what visitors read.
VOLATILE_FIELDS = {"updated_at", "edit_version", "translation_sources"}


def take_snapshot(service):
    """The service as it is now in the database, with its directorate and parts, as JSON-ready data."""
    service = Service.objects.with_parts().get(pk=service.pk)
    objects = [service, *([service.directorate] if service.directorate else [])]
    for accessor in PART_ACCESSORS:
        objects.extend(getattr(service, accessor).all())
    data = json.loads(serializers.serialize("json", objects))
    for item in data:
        # Keep only the per-language columns: the original column mirrors the default language.
        untranslated_copies = originals(apps.get_model(item["model"]))
        item["fields"] = {name: value for name, value in item["fields"].items() if name not in untranslated_copies}
    return {"format": 1, "objects": data}


def content(snapshot):
    """What visitors read in a snapshot: {(model, pk, field): value}, without the bookkeeping fields.

    An empty text is the same whether stored as NULL or as "" (translation columns hold either).
    """
    return {
        (item["model"], item["pk"], name): "" if value is None else value
        for item in snapshot["objects"]
        for name, value in item["fields"].items()
        if name not in VOLATILE_FIELDS
    }


def changes(old_snapshot, new_snapshot):
    """The (model, pk, field) that differ between two snapshots; field is None for an added or removed object."""
    old, new = content(old_snapshot), content(new_snapshot)
    objects_old = {(model, pk) for model, pk, _name in old}
    objects_new = {(model, pk) for model, pk, _name in new}
    differing = {(model, pk, None) for model, pk in objects_old ^ objects_new}
    for key in old.keys() & new.keys():
        if old[key] != new[key]:
            differing.add(key)
    return differing


@dataclass
class Page:
    """Everything a service page shows, built from a snapshot."""

    service: Service
    directorate: Directorate | None
    roles: list = field(default_factory=list)
    missions: list = field(default_factory=list)
    link_groups: list = field(default_factory=list)
    contact_points: list = field(default_factory=list)
    last_modified: object = None

    @classmethod
    def from_snapshot(cls, snapshot, last_modified=None):
        found = defaultdict(list)
        for item in serializers.deserialize("python", snapshot["objects"], ignorenonexistent=True):
            found[type(item.object)].append(item.object)

        def ordered(model):
            return sorted(found[model], key=lambda obj: (obj.position, obj.pk))

        links, phones = defaultdict(list), defaultdict(list)
        for link in ordered(Link):
            links[link.group_id].append(link)
        for phone in ordered(PhoneNumber):
            phones[phone.contact_point_id].append(phone)
        groups = ordered(LinkGroup)
        for group in groups:
            group.link_list = links[group.pk]
        contact_points = ordered(ContactPoint)
        for contact in contact_points:
            contact.phone_list = phones[contact.pk]
        page = cls(
            service=found[Service][0],
            directorate=found[Directorate][0] if found[Directorate] else None,
            roles=ordered(StaffRole),
            missions=ordered(Mission),
            link_groups=[group for group in groups if group.link_list],
            contact_points=contact_points,
            last_modified=last_modified,
        )
        page.languages = [lang for lang, _name in settings.LANGUAGES if page._has_text_in(lang)]
        for obj in page.objects():
            prepare_texts(obj, translation.get_language())
        return page

    @classmethod
    def from_publication(cls, publication):
        return cls.from_snapshot(publication.snapshot, publication.last_modified)

    @classmethod
    def draft(cls, service):
        """The page as it would be published now: its date moves only if something changed."""
        snapshot = take_snapshot(service)
        publication = Publication.objects.filter(service=service).first()
        unchanged = publication is not None and not changes(publication.snapshot, snapshot)
        return cls.from_snapshot(snapshot, publication.last_modified if unchanged else timezone.now())

    @property
    def role_sections(self):
        return [role for role in self.roles if role.description]

    def objects(self):
        yield self.service
        if self.directorate:
            yield self.directorate
        yield from self.roles
        yield from self.missions
        for group in self.link_groups:
            yield group
            yield from group.link_list
        for contact in self.contact_points:
            yield contact
            yield from contact.phone_list

    def _has_text_in(self, lang):
        """Whether anything on the page is written in `lang` (Cyrillic Serbian is derived from the Latin)."""
        if lang == SOURCE:
            return True
        sources = ("sr-latn", "sr") if lang == "sr" else (lang,)
        return any(
            getattr(obj, build_localized_fieldname(original, code), None)
            for obj in self.objects()
            for original in originals(type(obj))
            for code in sources
        )


def prepare_texts(obj, language):
    """Texts as visitors read them: French typography, [[kept]] marks removed, Cyrillic derived from Latin."""
    for original in originals(type(obj)):
        if language == "sr":
            cyrillic, latin = (build_localized_fieldname(original, code) for code in ("sr", "sr-latn"))
            if not getattr(obj, cyrillic) and getattr(obj, latin):
                setattr(obj, cyrillic, to_cyrillic(getattr(obj, latin)))
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            name = build_localized_fieldname(original, lang)
            value = strip_keep_marks(getattr(obj, name))
            setattr(obj, name, french(value) if lang == SOURCE else value)


def translatable_languages(user):
    return [lang for lang in settings.MODELTRANSLATION_LANGUAGES if user.has_perm(f"security_service.{translate_permission(lang)}")]


def may_publish(user, service):
    """Editors publish anything; a translator publishes a draft whose changes are all in their own languages."""
    if user.has_perm("security_service.publish_service"):
        return True
    languages = set(translatable_languages(user))
    publication = Publication.objects.filter(service=service).first()
    if not languages or publication is None:
        return False
    return all(
        name is not None and field_languages(apps.get_model(model)).get(name) in languages
        for model, _pk, name in changes(publication.snapshot, take_snapshot(service))
    )


@transaction.atomic
def publish(service, user=None, last_modified=None):
    """Publish the draft of `service` as it is in the database. Its date moves only when what visitors read changed."""
    snapshot = take_snapshot(service)
    publication = Publication.objects.select_for_update().filter(service=service).first()
    now = timezone.now()
    if publication is None:
        publication = Publication(service=service, last_modified=last_modified or now)
    elif last_modified or changes(publication.snapshot, snapshot):
        publication.last_modified = last_modified or now
    publication.snapshot = snapshot
    publication.is_live = True
    publication.published_at = now
    publication.published_by = user
    publication.edit_version = Service.objects.values_list("edit_version", flat=True).get(pk=service.pk)
    for lang in settings.MODELTRANSLATION_LANGUAGES:
        slug_field = build_localized_fieldname("slug", lang)
        setattr(publication, slug_field, getattr(service, slug_field))
    publication.rendered = {}
    publication.save()
    render_all(publication)
    audit(AuditEvent.Kind.PUBLISH, user, str(service))
    return publication


@transaction.atomic
def unpublish(service, user=None):
    publication = Publication.objects.select_for_update().filter(service=service).first()
    if publication is not None and publication.is_live:
        publication.is_live = False
        publication.save(update_fields=["is_live"])
        audit(AuditEvent.Kind.UNPUBLISH, user, str(service))


@transaction.atomic
def restore(version, user=None):
    """Write an earlier version of a service back into the draft; the restoration is itself a new version."""
    service_id = int(version.object_id)
    before = Service.objects.values_list("edit_version", flat=True).get(pk=service_id)
    with reversion.create_revision():
        version.revision.revert(delete=True)
        service = Service.objects.get(pk=service_id)
        # The edit count only moves forwards, so that forms opened before the restoration are stale.
        Service.objects.filter(pk=service_id).update(
            edit_version=models.Value(max(before, service.edit_version) + 1), updated_at=timezone.now()
        )
        service.refresh_from_db()
        reversion.add_to_revision(service)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(f"Restored the version of {timezone.localtime(version.revision.date_created):%Y-%m-%d %H:%M}")
    audit(AuditEvent.Kind.RESTORE, user, f"{service} — {version.revision.date_created:%Y-%m-%d %H:%M:%S}")
    return service


def audit(kind, user, detail, request=None, username=None):
    AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=username or (user.get_username() if user is not None else ""),
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
        detail=detail[:500],
    )
