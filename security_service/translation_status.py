"""Which texts still need a translator: those written in French and empty in another language."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from .models import PART_ACCESSORS
from .publishing import _translated_originals


def missing_translations(service):
    """{language: ["Mission 1 – text", …]} for every language but French, in page order (uses prefetched parts)."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    missing = {lang: [] for lang in settings.MODELTRANSLATION_LANGUAGES if lang != source}
    objects = [service, *([service.directorate] if service.directorate else [])]
    for accessor in PART_ACCESSORS:
        objects.extend(getattr(service, accessor).all())
    for obj in objects:
        for original in sorted(_translated_originals(type(obj))):
            if not getattr(obj, build_localized_fieldname(original, source)):
                continue
            label = f"{obj._meta.verbose_name.capitalize()} « {obj} » – {obj._meta.get_field(original).verbose_name}"
            for lang, fields in missing.items():
                if not getattr(obj, build_localized_fieldname(original, lang)):
                    fields.append(label)
    return missing
