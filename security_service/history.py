"""A readable comparison of two versions of a service, from django-reversion's stored versions."""

import difflib
import json
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .languages import field_languages, originals
from .snapshots import changes, content


def _as_snapshot(version):
    """The objects of a version's revision, shaped like a publication snapshot."""
    objects = []
    for stored in version.revision.version_set.all():
        data = json.loads(stored.serialized_data)[0]
        untranslated_copies = originals(apps.get_model(data["model"]))
        fields = {name: value for name, value in data["fields"].items() if name not in untranslated_copies}
        objects.append({"model": data["model"], "pk": data["pk"], "fields": fields, "repr": stored.object_repr})
    return {"objects": objects}


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
        what = f"{model._meta.verbose_name.capitalize()} « {reprs[(model_label, pk)]} »"
        if name is None:
            added = any(item["model"] == model_label and item["pk"] == pk for item in new["objects"])
            differences.append(Difference(what, gettext("added") if added else gettext("deleted"), "", ""))
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
