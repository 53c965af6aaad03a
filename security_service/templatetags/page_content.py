from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from modeltranslation.utils import build_localized_fieldname

from .. import languages, rich_text

register = template.Library()


@register.filter
def markdown(text):
    """Render staff-typed Markdown as sanitised HTML."""
    return rich_text.render(text)


@register.filter
def markdown_sections(text):
    """Like markdown, with "## Heading" sections: for texts that are a page of their own."""
    return rich_text.render(text, sections=True)


@register.simple_tag
def fallback_language(obj, field):
    """The language the field is shown in when it is not the current one (French, not yet translated), else ""."""
    known = getattr(obj, "fallback", None)  # worked out by the page (pages.prepare)
    if known is not None:
        return known.get(field, "")
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    current = translation.get_language()
    if current == source or getattr(obj, build_localized_fieldname(field, current), None):
        return ""
    return source if getattr(obj, build_localized_fieldname(field, source), None) else ""


@register.simple_tag
def lang_attr(obj, field):
    """` lang="fr"` when the field is shown in French because the current language has no translation yet."""
    language = fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def uses_marianne(code):
    """Whether pages in this language are set in Marianne (Latin script), rather than in the system font."""
    return languages.uses_marianne(code)


@register.filter
def language_tag(code):
    """The BCP 47 tag of a language code, for lang and hreflang attributes: sr is sr-Cyrl."""
    return languages.language_tag(code)
