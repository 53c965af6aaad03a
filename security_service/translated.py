"""What django-modeltranslation knows of a model's translated fields, in the shapes the app needs."""

from django.conf import settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def originals(model):
    """The names of the translated fields of `model`, as declared: {"name", "intro", …}."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def field_languages(model):
    """{"name_sr_latn": "sr-latn", …} for every per-language column of `model`."""
    return {
        build_localized_fieldname(original, lang): lang for original in originals(model) for lang in settings.MODELTRANSLATION_LANGUAGES
    }


def target_languages():
    """The languages translated from French."""
    return [lang for lang in settings.MODELTRANSLATION_LANGUAGES if lang != SOURCE]
