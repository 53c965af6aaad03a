"""What the content models share: translated texts that remember their source, an order on the page, an illustration."""

import uuid
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .. import languages
from ..images import delete_renditions, make_renditions, sanitise_image, validate_image

MARKDOWN_HELP = _("Paragraphs are separated by a blank line. Lists: start lines with “- ”. *Italics*, **bold**, [link text](https://…).")


def illustration_path(instance, filename):
    """Store uploads under an unguessable name, keeping only the extension."""
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"illustrations/{uuid.uuid4().hex}{suffix}"


def document_path(instance, filename):
    """Store documents under an unguessable folder, keeping their name: visitors download them by it."""
    name = PurePosixPath(filename).name[-100:]
    return f"documents/{uuid.uuid4().hex}/{name}"


def translate_permission(lang):
    """Codename of the permission to change the texts of `lang`: translate_sr_latn."""
    return "translate_" + lang.replace("-", "_")


class TranslatedContent(models.Model):
    """Remembers the French text each translation was made from, so that a later French change marks it for review."""

    # {"body_sr_latn": "the French body when this translation was written or confirmed", …}
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.record_translation_sources()
        super().save(*args, **kwargs)
        self._loaded_values = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def clean_fields(self, exclude=None):
        # A translated field's own name stands for the current language's column: each language's column is checked
        # instead, and clean() requires a text in the language the page is written in.
        super().clean_fields(exclude={*(exclude or ()), *languages.originals(type(self))})

    def clean(self):
        """A text the model requires is required in the language the page is written in, and only there."""
        super().clean()
        source = languages.source_of(self)
        missing = {
            build_localized_fieldname(original, source): _("This field is required in the language the page is written in.")
            for original in sorted(languages.originals(type(self)))
            if not self._meta.get_field(original).blank and not getattr(self, build_localized_fieldname(original, source))
        }
        if missing:
            raise ValidationError(missing)

    def record_translation_sources(self, confirm=()):
        """Note the source text of each translation written since loading, and of those in `confirm` (languages)."""
        loaded = getattr(self, "_loaded_values", {})
        sources = dict(self.translation_sources or {})
        source = languages.source_of(self)
        for original in languages.originals(type(self)):
            french = getattr(self, build_localized_fieldname(original, source)) or ""
            for lang in languages.target_languages(source):
                name = build_localized_fieldname(original, lang)
                value = getattr(self, name)
                if not value:
                    sources.pop(name, None)
                elif name not in sources or value != loaded.get(name) or lang in confirm:
                    sources[name] = french
        self.translation_sources = sources

    def stale_translations(self):
        """{"body_sr_latn": the source text it was made from, …} for translations whose source text changed since."""
        column_languages = languages.field_languages(type(self))
        source_language = languages.source_of(self)
        stale = {}
        for name, source in (self.translation_sources or {}).items():
            lang = column_languages.get(name)
            if lang is None or not getattr(self, name, None):
                continue
            original = name.removesuffix("_" + lang.replace("-", "_"))
            if source != (getattr(self, build_localized_fieldname(original, source_language)) or ""):
                stale[name] = source
        return stale


class OrderedByPosition(models.Model):
    position = models.PositiveIntegerField(
        pgettext_lazy("position of an item in its list", "order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        abstract = True
        ordering = ("position", "pk")


def slug_lookup(slugs):
    """A filter for objects that have one of `slugs` ({"slug_fr": …}) in its language; an empty slug matches nothing."""
    lookup = models.Q(pk__in=[])
    for name, slug in slugs.items():
        if slug:
            lookup |= models.Q(**{name: slug})
    return lookup


def current_slug_lookup(slug):
    """A filter for the object whose slug in the current language is `slug`, or, where it has none, in its fallback."""
    lookup, earlier_empty = models.Q(pk__in=[]), models.Q()
    for lang in resolution_order(translation.get_language()):
        field = build_localized_fieldname("slug", lang)
        lookup |= earlier_empty & models.Q(**{field: slug})
        earlier_empty &= models.Q(**{field: ""}) | models.Q(**{f"{field}__isnull": True})
    return lookup


class TranslatedSlugQuerySet(models.QuerySet):
    def get_by_slug(self, slug):
        """The object whose slug in the current language is `slug`, or, where it has none, in its fallback language."""
        return self.get(current_slug_lookup(slug))

    def having_slugs(self, slugs):
        """Those that have one of `slugs` ({"slug_fr": …, "slug_en": …}) in its language; an empty slug matches nothing."""
        return self.filter(slug_lookup(slugs))

    def with_any_slug(self, slug):
        """The first object that has `slug` in any language."""
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            found = self.filter(**{build_localized_fieldname("slug", lang): slug}).first()
            if found is not None:
                return found
        return None


class Illustrated(models.Model):
    """An optional illustration, checked and cleaned at upload, served in renditions made once."""

    image = models.ImageField(
        _("illustration"),
        upload_to=illustration_path,
        blank=True,
        validators=[validate_image],
        help_text=_("A JPEG, PNG or WebP photo. Location data and other metadata are removed from it."),
    )
    image_alt = models.CharField(
        _("illustration: alternative text"), max_length=300, blank=True, help_text=_("What the image shows, for people who cannot see it.")
    )
    image_caption = models.CharField(_("illustration: caption"), max_length=300, blank=True)
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        upload = self.image
        # The file this row held when it was read: once replaced or removed, it goes from storage if nothing shows it.
        loaded = getattr(self, "_loaded_values", {})
        before = str(loaded.get("image") or "")
        before_renditions = loaded.get("image_renditions") or {}
        if upload and not upload._committed:
            # In the admin this runs inside the save's transaction, which holds the page's row (and, on SQLite, the
            # database's write lock) from the start of the request, and the renditions must be in the row before the
            # commit, for a "save and publish" that publishes in the same transaction. So the work is bounded instead
            # of moved out: what is kept is at most IMAGE_KEPT_PIXELS (images.py), 1 to 3.5 s for the largest upload accepted.
            cleaned = sanitise_image(upload.file)
            name = upload.storage.save(upload.field.generate_filename(self, cleaned.name), cleaned)
            self.image = name
            self.image_renditions = make_renditions(self.image.storage, name)
        elif not upload:
            self.image_renditions = {}
        super().save(*args, **kwargs)
        if before and before != self.image.name:
            discard_unused_images([(before, before_renditions)])

    def clean(self):
        super().clean()
        default_alt = build_localized_fieldname("image_alt", languages.source_of(self))
        if self.image and not getattr(self, default_alt):
            raise ValidationError({default_alt: _("Describe the illustration for people who cannot see it.")})


def illustrated_models():
    """The concrete models that carry an illustration."""
    return [model for model in apps.get_models() if issubclass(model, Illustrated)]


def image_in_use(name):
    """Whether a draft, a publication or a version (which an editor may restore, or recover once deleted) still shows
    the stored image `name`."""
    if any(model._default_manager.filter(image=name).exists() for model in illustrated_models()):
        return True
    publications = apps.get_model("security_service", "Publication")._default_manager
    if publications.annotate(text=Cast("snapshot", models.TextField())).filter(text__contains=f'"{name}"').exists():
        return True
    return apps.get_model("reversion", "Version")._default_manager.filter(serialized_data__contains=f'"{name}"').exists()


def discard_unused_images(stored):
    """After the commit, delete from storage each (name, renditions) that no draft, publication or version shows."""

    def discard():
        for name, renditions in stored:
            if not image_in_use(name):
                default_storage.delete(name)
                delete_renditions(default_storage, renditions)

    transaction.on_commit(discard)
