"""Texts as a visitor reads them in a language: its own text or its fallback, French typography, Cyrillic from Latin."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .cyrillic import strip_keep_marks, to_cyrillic
from .languages import SOURCE, originals
from .rich_text import render
from .typography import french


def _prepared(value, lang):
    value = strip_keep_marks(value)
    return french(value) if lang == SOURCE else value


def prepare_texts(obj, language):
    """Set the columns `language` reads (its own and its fallbacks') as visitors read them, in place."""
    for original in originals(type(obj)):
        if language == "sr":
            cyrillic, latin = (build_localized_fieldname(original, code) for code in ("sr", "sr-latn"))
            if not getattr(obj, cyrillic) and getattr(obj, latin):
                setattr(obj, cyrillic, to_cyrillic(getattr(obj, latin)))
        for lang in resolution_order(language):
            name = build_localized_fieldname(original, lang)
            setattr(obj, name, _prepared(getattr(obj, name), lang))


def shown_text(obj, original, language):
    """The text of field `original` that a visitor reading `language` sees (without touching `obj`)."""
    for lang in resolution_order(language):
        value = getattr(obj, build_localized_fieldname(original, lang))
        if value:
            if language == "sr" and lang == "sr-latn":
                return to_cyrillic(value)
            return _prepared(value, lang)
    return ""


def rendered_fields(obj):
    """{field: {language: sanitised HTML}} of the Markdown fields of `obj`, as each language shows them."""
    return {
        original: {code: str(render(shown_text(obj, original, code))) for code, _name in settings.LANGUAGES}
        for original in getattr(type(obj), "markdown_fields", ())
    }


def has_text_in(objects, language):
    """Whether anything of `objects` is written in `language` (Cyrillic Serbian is derived from the Latin)."""
    if language == SOURCE:
        return True
    sources = ("sr-latn", "sr") if language == "sr" else (language,)
    return any(
        getattr(obj, build_localized_fieldname(original, code), None)
        for obj in objects
        for original in originals(type(obj))
        for code in sources
    )
