"""A readable comparison of two versions of a service (or of a directorate…), and what each version changed, from
django-reversion's stored versions."""

import difflib
import json
import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from .languages import field_languages, originals
from .snapshots import changes, content


def _as_snapshot(version):
    """The objects of a version's revision that are its object or its parts, shaped like a publication snapshot.

    A revision may hold other objects saved with it (a loaded page's directorates, several services of one PO
    import): they have their own history, and are not compared.
    """
    own = version.content_type.model_class()
    objects = []
    for stored in version.revision.version_set.all():
        model = stored.content_type.model_class()
        if model is None or (stored.pk != version.pk and model is own):
            continue
        data = json.loads(stored.serialized_data)[0]
        if stored.pk != version.pk and not owned_by(model, data, own, version.object_id):
            continue
        untranslated_copies = originals(apps.get_model(data["model"]))
        fields = {name: value for name, value in data["fields"].items() if name not in untranslated_copies}
        objects.append({"model": data["model"], "pk": data["pk"], "fields": fields, "repr": stored.object_repr})
    return {"objects": objects}


def owned_by(model, data, owner, owner_pk):
    """Whether the serialized row `data` of `model` belongs to the `owner` of pk `owner_pk` (a foreign key to it): a
    service's sections and items."""
    return any(
        field.many_to_one and field.related_model is owner and str(data["fields"].get(field.name)) == str(owner_pk)
        for field in model._meta.concrete_fields
    )


@dataclass
class Difference:
    what: str
    field: str
    old: str
    new: str

    @property
    def inline(self):
        """The new text with removed words struck through and added words marked."""
        old_words, new_words = str(self.old).split(), str(self.new).split()
        parts = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words).get_opcodes():
            if tag in ("delete", "replace"):
                parts.append(("del", " ".join(old_words[i1:i2])))
            if tag in ("insert", "replace"):
                parts.append(("ins", " ".join(new_words[j1:j2])))
            if tag == "equal":
                parts.append(("span", " ".join(new_words[j1:j2])))
        return mark_safe(format_html_join(" ", "<{0}>{1}</{0}>", parts))  # noqa: S308 - every part is escaped by format_html_join


def compare_versions(older, newer):
    """[Difference] between two versions of a service and its parts, in a stable order."""
    old, new = _as_snapshot(older), _as_snapshot(newer)
    reprs = {(item["model"], item["pk"]): item["repr"] for snapshot in (old, new) for item in snapshot["objects"]}
    values = {side: content(snapshot) for side, snapshot in (("old", old), ("new", new))}
    differences = []
    for model_label, pk, name in sorted(changes(old, new), key=lambda key: (key[0], key[1], key[2] or "")):
        model = apps.get_model(model_label)
        what = pgettext("version comparison: a part of the page, by its kind and name", "%(kind)s “%(name)s”") % {
            "kind": model._meta.verbose_name.capitalize(),
            "name": reprs[(model_label, pk)],
        }
        if name is None:
            added = any(item["model"] == model_label and item["pk"] == pk for item in new["objects"])
            differences.append(
                Difference(
                    what,
                    pgettext("version comparison: what happened to a part of the page", "added")
                    if added
                    else pgettext("version comparison: what happened to a part of the page", "deleted"),
                    "",
                    "",
                )
            )
            continue
        lang = field_languages(model).get(name)
        original = name.removesuffix("_" + lang.replace("-", "_")) if lang else name
        try:
            label = str(model._meta.get_field(original).verbose_name) + (f" [{lang}]" if lang else "")
        except FieldDoesNotExist:  # a field of a version saved before the model changed
            label = name
        differences.append(
            Difference(what, label, values["old"].get((model_label, pk, name), ""), values["new"].get((model_label, pk, name), ""))
        )
    return differences


# The comments that the site's own code gives a revision, in English in the database: (pattern, words for people).
EVENTS = (
    (r"^Deleted$", lambda found: pgettext("version history: what a version did", "Deleted")),
    (r"^Restored the version of (?P<date>.+)$", lambda found: gettext("Restored the version of %(date)s") % found),
    (r"^Imported \d+ \S+ translation\(s\) from a PO file$", lambda found: gettext("Translations imported from a PO file")),
    (r"^(?:Imported|Loaded) from (?P<name>.+?)(?: \(manage\.py import_page\))?$", lambda found: gettext("Imported from %(name)s") % found),
)
SHOWN_CHANGES = 4


def event_of(comment):
    """The words for people of a revision's comment that the site's code wrote, or None (Django's own are not shown:
    the fields that changed say more, in the admin's language)."""
    for pattern, describe in EVENTS:
        found = re.match(pattern, comment or "")
        if found:
            return describe(found.groupdict())
    return None


def what_changed(versions, limit=30):
    """{version pk: words} saying what each of `versions` (the newest first) changed since the one before it, in the
    admin's language with the fields' own labels: the event (a restoration, an import…), then at most SHOWN_CHANGES
    fields and how many more. The `limit` newest are compared (each comparison reads two revisions)."""
    versions = list(versions)
    words = {}
    for index, version in enumerate(versions):
        event = event_of(version.revision.comment)
        parts = [event] if event else []
        if index + 1 < len(versions) and index < limit:
            differences = compare_versions(versions[index + 1], version)
            changed = list(dict.fromkeys(f"{difference.what}: {difference.field}" for difference in differences))
            more = len(changed) - SHOWN_CHANGES
            if changed:
                parts.append(
                    "; ".join(changed[:SHOWN_CHANGES]) + (" " + gettext("and %(count)s more") % {"count": more} if more > 0 else "")
                )
            elif not parts:
                parts.append(gettext("Nothing changed"))
        elif index + 1 == len(versions) and not parts:
            parts.append(gettext("First version"))
        words[version.pk] = " — ".join(parts)
    return words
