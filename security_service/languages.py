"""The site's languages: the source language, the per-language columns of translated fields, and a page's other languages."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
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


def language_tag(code):
    """The BCP 47 tag of a language code, for lang and hreflang attributes: sr is sr-Cyrl, sr-latn is sr-Latn."""
    return settings.LANGUAGE_TAGS.get(code, code)


@dataclass(frozen=True)
class Alternate:
    """The same page in another language, for the language switch and hreflang."""

    code: str
    name: str
    url: str
    tag: str = field(init=False)  # the BCP 47 tag of the language, read several times by each page

    def __post_init__(self):
        object.__setattr__(self, "tag", language_tag(self.code))


def alternates(url_for, languages=None):
    """The page in each language (those of `languages`, when given): `url_for()` is called in each language."""
    links = []
    for code, _name in settings.LANGUAGES:
        if languages is None or code in languages:
            with translation.override(code):
                links.append(Alternate(code, translation.get_language_info(code)["name_local"], url_for()))
    return links
