"""Markdown typed by staff, rendered to HTML that is safe to show to visitors."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render(text):
    """Return sanitised HTML for a Markdown text: paragraphs, lists, emphasis and links only."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return mark_safe(  # noqa: S308 - nh3 has removed everything but the allowed tags and attributes
        nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)
    )
