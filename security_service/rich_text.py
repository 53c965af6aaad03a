"""Markdown typed by staff, rendered to HTML that is safe to show to visitors."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Texts that are a page of their own (the accessibility statement) have sections: "## Heading" under the page's h1.
SECTION_TAGS = {"h2", "h3"}


def render(text, sections=False):
    """Return sanitised HTML for a Markdown text: paragraphs, lists, emphasis and links only (and headings if `sections`)."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    tags = ALLOWED_TAGS | SECTION_TAGS if sections else ALLOWED_TAGS
    return mark_safe(  # noqa: S308 - nh3 has removed everything but the allowed tags and attributes
        nh3.clean(html, tags=tags, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)
    )
