"""A service with everything on its page, in every language, as JSON-ready data: what a publication stores.

Besides the fields, a snapshot holds what publishing works out once rather than on each view: the sanitised HTML of
each Markdown field in each language (as djangoproject.com stores `Entry.body_html`), the other translated texts as
visitors read them (French typography, Cyrillic transliterated from the Latin), which fields each language shows in
French, phone numbers as dialled and as written, and the languages the page is written in.
"""

import functools
import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.base import ModelState
from django.utils.dateparse import parse_date, parse_datetime

from .languages import originals
from .models import PART_ACCESSORS, ContactPoint, PhoneNumber, Service, format_e164, format_international, phone_country
from .page_texts import fallback_fields, has_text_in, prepared_texts, rendered_fields

# 1: fields only; 2: with each Markdown field's HTML and the page's languages; 3: with the texts as read ("texts"), the
# fields shown in French ("french") and the phone numbers as dialled and written ("formatted"); 4: the page's sections
# (migration 0005 moved every snapshot of format 3 to 4, and back); 5: the page's source language ("source"), which
# fields each language shows in it ("fallback", was "french")
FORMAT = 5
# A snapshot's phone numbers also hold their form for readers abroad ("international") and their "country": a page
# made from an older one works them out (pages.show_phone).
# Immutable values a field's default can be, shared by every instance made from a snapshot.
SHARED_DEFAULTS = (str, int, float, bool, type(None))
# Fields that change without changing what visitors read.
VOLATILE_FIELDS = {"updated_at", "edit_version", "translation_sources"}


def take_snapshot(service):
    """The service as it is now in the database, with its directorate and parts."""
    return snapshot_of(Service.objects.with_parts().get(pk=service.pk))


def snapshot_of(service):
    """The snapshot of a service as `Service.objects.with_parts()` read it."""
    source = service.source_language
    objects = [service, *service.shown_directorates()]
    for accessor in PART_ACCESSORS:
        objects.extend(getattr(service, accessor).all())
    data = json.loads(serializers.serialize("json", objects))
    for obj, item in zip(objects, data, strict=True):
        # Keep only the per-language columns: the original column mirrors the default language.
        untranslated_copies = originals(type(obj))
        item["fields"] = {name: value for name, value in item["fields"].items() if name not in untranslated_copies}
        for key, value in (
            ("html", rendered_fields(obj, source)),
            ("texts", prepared_texts(obj)),
            ("fallback", fallback_fields(obj, source)),
        ):
            if value:
                item[key] = value
        item["formatted"] = formatted(obj)
    languages = [code for code in settings.MODELTRANSLATION_LANGUAGES if has_text_in(objects, code, source)]
    return {"format": FORMAT, "source": source, "languages": languages, "objects": data}


def formatted(obj):
    """{attribute: value} of what a page shows of `obj` that takes work to make from its fields: phone numbers.

    A number that does not parse is left out: the page then formats it as it is shown, and fails there as before.
    """
    found = {}
    try:
        if isinstance(obj, PhoneNumber):
            found.update(phone_forms(obj.number, obj.shown, obj.display))
        elif isinstance(obj, ContactPoint) and obj.fax:
            found.update({f"fax_{name}": value for name, value in phone_forms(obj.fax, obj.fax_display).items()})
    except ValidationError:
        pass
    return found


def phone_forms(number, shown, typed=""):
    """A number as phones dial it, as written in its country (`shown`) and abroad, and its country."""
    international = format_international(number, typed)
    return {"dial": format_e164(number), "shown_as": shown, "international": international, "country": phone_country(number)}


@dataclass(frozen=True)
class Layout:
    """How to make an instance of a model from a snapshot's fields as `Model(**fields)` would, field by field."""

    names: frozenset  # the names of its concrete fields, as a snapshot stores them
    shared: dict  # {attribute: default} of the defaults every instance can share
    own: tuple  # the fields whose default is made for each instance (a dict, the time)
    renamed: tuple  # ((name, attribute), …): foreign keys, stored under their name, held as their `_id` attribute
    converted: tuple  # ((attribute, conversion), …): dates and times, stored as ISO text


@functools.cache
def layout(model):
    names, shared, own, renamed, converted = set(), {}, [], [], []
    for field in model._meta.concrete_fields:
        names.add(field.name)
        if field.attname != field.name:
            renamed.append((field.name, field.attname))
        if isinstance(field, models.DateTimeField):
            converted.append((field.attname, parse_datetime))
        elif isinstance(field, models.DateField):
            converted.append((field.attname, parse_date))
        if (field.has_default() and callable(field.default)) or not isinstance(field.get_default(), SHARED_DEFAULTS):
            own.append(field)
        else:
            shared[field.attname] = field.get_default()
    return Layout(frozenset(names), shared, tuple(own), tuple(renamed), tuple(converted))


def instance(model, pk, fields):
    """An unsaved instance of `model` holding the snapshot's `fields` (those the model still has).

    Made as Django unpickles one, without `Model.__init__` and its per-field work (and modeltranslation's, which maps
    the untranslated names of the fields to the current language's columns: a snapshot holds the columns).
    """
    plan = layout(model)
    values = dict(plan.shared)
    for field in plan.own:
        if field.name not in fields:
            values[field.attname] = field.get_default()
    values.update(fields if fields.keys() <= plan.names else {name: fields[name] for name in fields.keys() & plan.names})
    for name, attribute in plan.renamed:
        if name in values:
            values[attribute] = values.pop(name)
    for attribute, convert in plan.converted:  # a date's attribute is its name
        if fields.get(attribute):
            values[attribute] = convert(fields[attribute])
    values[model._meta.pk.attname] = pk
    obj = model.__new__(model)
    obj._state = ModelState()
    obj.__dict__.update(values)
    return obj


def instances(snapshot):
    """(unsaved model instance, the snapshot's item it is made from) for each object of the snapshot."""
    for item in snapshot["objects"]:
        yield instance(apps.get_model(item["model"]), item["pk"], item["fields"]), item


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
