"""Texts as a visitor reads them in a language: its own text or its fallback, French typography, Cyrillic from Latin."""

import functools

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .cyrillic import strip_keep_marks, strip_language_marks, to_cyrillic
from .languages import SOURCE, originals, reading_order
from .rich_text import render
from .typography import french


def _prepared(value, lang, markdown=True):
    value = strip_keep_marks(value)
    if not markdown:  # a text shown as typed has no span to carry another language: its words stay, unmarked
        value = strip_language_marks(value)
    return french(value) if lang == "fr" else value  # French typography, for French text only


def prepare_texts(obj, language):
    """Set the columns `language` reads (its own and its fallbacks') as visitors read them, in place."""
    markdown = set(getattr(type(obj), "markdown_fields", ()))
    for original in originals(type(obj)):
        if language == "sr":
            cyrillic, latin = (build_localized_fieldname(original, code) for code in ("sr", "sr-latn"))
            if not getattr(obj, cyrillic) and getattr(obj, latin):
                setattr(obj, cyrillic, to_cyrillic(getattr(obj, latin)))
        for lang in resolution_order(language):
            name = build_localized_fieldname(original, lang)
            setattr(obj, name, _prepared(getattr(obj, name), lang, original in markdown))


@functools.cache
def plain_columns(model):
    """[(column, field, language)] of the translated fields of `model` that are shown as typed, not rendered from Markdown."""
    markdown = set(getattr(model, "markdown_fields", ()))
    return [
        (build_localized_fieldname(original, lang), original, lang)
        for original in sorted(originals(model) - markdown)
        for lang in settings.MODELTRANSLATION_LANGUAGES
    ]


def prepared_texts(obj, languages=None):
    """{column: text} of the plain translated columns of `obj` (of `languages`, else all) that visitors read otherwise than stored.

    What `prepare_texts` sets, worked out once: a column reads the same on every page that shows it (the Cyrillic column
    is shown on Cyrillic pages only), so one mapping serves every language. Markdown fields are shown from their HTML.
    """
    found = {}
    for name, original, lang in plain_columns(type(obj)):
        if languages is not None and lang not in languages:
            continue
        stored = value = getattr(obj, name)
        if lang == "sr" and not value:
            latin = getattr(obj, build_localized_fieldname(original, "sr-latn"))
            if latin:
                value = to_cyrillic(latin)
        value = _prepared(value, lang, markdown=False)
        if value != stored:
            found[name] = value
    return found


def fallback_fields(obj, source=SOURCE):
    """{language: [field, …]}: the translated fields of `obj` each language shows in `source`, for want of its own text.

    Cyrillic Serbian has its own text where it has the Latin one (transliterated); languages that show none are left out.
    """
    found = {}
    for code in settings.MODELTRANSLATION_LANGUAGES:  # every supported language: one switched on later reads it too
        if code == source:
            continue
        own = ("sr", "sr-latn") if code == "sr" else (code,)
        fields = [
            original
            for original in sorted(originals(type(obj)))
            if getattr(obj, build_localized_fieldname(original, source))
            and not any(getattr(obj, build_localized_fieldname(original, lang)) for lang in own)
        ]
        if fields:
            found[code] = fields
    return found


def shown_text(obj, original, language, source=SOURCE):
    """The text of field `original` that a visitor reading `language` sees on a page written in `source`."""
    for lang in reading_order(language, source):
        value = getattr(obj, build_localized_fieldname(original, lang))
        if value:
            if language == "sr" and lang == "sr-latn":
                return to_cyrillic(value)
            return _prepared(value, lang)
    return ""


def rendered_fields(obj, source=SOURCE):
    """{field: {language: sanitised HTML}} of the Markdown fields of `obj`, as each language shows them.

    Every supported language is worked out (a language switched on later reads its page from the same snapshot), and
    kept only where it differs from the HTML of `source`, the page's language, which a language without its own text shows.
    """
    found = {}
    for original in getattr(type(obj), "markdown_fields", ()):
        source_text = shown_text(obj, original, source, source)
        found[original] = {source: str(render(source_text))}
        for code in settings.MODELTRANSLATION_LANGUAGES:
            text = shown_text(obj, original, code, source)
            if text != source_text:  # the same text renders the same: only a language's own text is rendered again
                found[original][code] = str(render(text))
    return found


def has_text_in(objects, language, source=SOURCE):
    """Whether anything of `objects` is written in `language` (Cyrillic Serbian is derived from the Latin)."""
    if language == source:
        return True
    sources = ("sr-latn", "sr") if language == "sr" else (language,)
    return any(
        getattr(obj, build_localized_fieldname(original, code), None)
        for obj in objects
        for original in originals(type(obj))
        for code in sources
    )
