"""A service with everything on its page, in every language, as JSON-ready data: what a publication stores.

Besides the fields, a snapshot holds what publishing works out once rather than on each view: the sanitised HTML of
each Markdown field in each language (as djangoproject.com stores `Entry.body_html`), and the languages the page is
written in.
"""

import functools
import json

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime

from .languages import originals
from .models import PART_ACCESSORS, Service
from .page_texts import has_text_in, rendered_fields

FORMAT = 2  # 1: fields only; 2: with each Markdown field's HTML and the page's languages
# Fields that change without changing what visitors read.
VOLATILE_FIELDS = {"updated_at", "edit_version", "translation_sources"}


def take_snapshot(service):
    """The service as it is now in the database, with its directorate and parts."""
    return snapshot_of(Service.objects.with_parts().get(pk=service.pk))


def snapshot_of(service):
    """The snapshot of a service as `Service.objects.with_parts()` read it."""
    objects = [service, *([service.directorate] if service.directorate else [])]
    for accessor in PART_ACCESSORS:
        objects.extend(getattr(service, accessor).all())
    data = json.loads(serializers.serialize("json", objects))
    for obj, item in zip(objects, data, strict=True):
        # Keep only the per-language columns: the original column mirrors the default language.
        untranslated_copies = originals(type(obj))
        item["fields"] = {name: value for name, value in item["fields"].items() if name not in untranslated_copies}
        html = rendered_fields(obj)
        if html:
            item["html"] = html
    languages = [code for code, _name in settings.LANGUAGES if has_text_in(objects, code)]
    return {"format": FORMAT, "languages": languages, "objects": data}


@functools.cache
def _conversions(model):
    """{field name: (attribute, conversion)} for the fields a snapshot stores of `model`."""
    found = {}
    for field in model._meta.concrete_fields:
        convert = None
        if isinstance(field, models.DateTimeField):
            convert = parse_datetime
        elif isinstance(field, models.DateField):
            convert = parse_date
        found[field.name] = (field.attname, convert)
    return found


def instances(snapshot):
    """The snapshot's objects as unsaved model instances, each with its Markdown HTML (`rendered`)."""
    for item in snapshot["objects"]:
        model = apps.get_model(item["model"])
        conversions = _conversions(model)
        values = {}
        for name, value in item["fields"].items():
            if name in conversions:
                attribute, convert = conversions[name]
                values[attribute] = convert(value) if convert and value else value
        obj = model(pk=item["pk"], **values)
        obj.rendered = item.get("html")
        yield obj


def images(snapshot):
    """The stored images a snapshot shows, with their renditions: [(name, renditions)]."""
    return [
        (item["fields"]["image"], item["fields"].get("image_renditions") or {})
        for item in (snapshot or {}).get("objects", ())
        if item["fields"].get("image")
    ]


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
