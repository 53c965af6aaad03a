"""Markdown typed by staff, rendered to HTML that is safe to show to visitors."""

import re
import unicodedata
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.safestring import mark_safe
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .cyrillic import LANGUAGE_MARK

# Sub-headings ("### Legal basis") sit under the sections' own h2: bodies have h3 and h4, never the page's h1 or h2.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "abbr", "h3", "h4", "span"}
# Words in another language than the text's, marked [Défenseur des droits]{lang=fr}: a span with their language.
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}, "span": {"lang"}}
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$")
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Texts that are a page of their own (the accessibility statement) have sections: "## Heading" under the page's h1.
SECTION_TAGS = {"h2", "h3"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# A link left without an address (none typed, or one refused): nh3 writes attributes quoted, and links do not nest.
LINK_WITHOUT_HREF = re.compile(r'<a(?![^>]*\shref="[^"])(?:\s[^>]*)?>(.*?)</a>', re.DOTALL)


def _link_scheme(address):
    """The scheme of `address` once spaces and control characters are left out: "java script:x" is a javascript: link."""
    squeezed = "".join(ch for ch in address if not (ch.isspace() or unicodedata.category(ch) == "Cc"))
    match = SCHEME.match(squeezed)
    return match.group(1).lower() if match else None


def _keep_attribute(element, attribute, value):
    # nh3 lets "java script:…" through as a relative address; whatever a browser makes of it, it is no link of ours.
    if attribute == "href" and _link_scheme(value) not in (None, *URL_SCHEMES):
        return None
    if attribute == "lang" and not LANGUAGE_TAG.match(value):
        return None
    return value


class _LanguageSpan(InlineProcessor):
    def handleMatch(self, match, data):
        span = etree.Element("span", lang=match.group(2))
        span.text = match.group(1)  # Markdown inside it (emphasis, a link) is still read
        return span, match.start(0), match.end(0)


class LanguageMarks(Extension):
    """[words]{lang=fr} as <span lang="fr">words</span>, before links, which it would otherwise look like."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_LanguageSpan(LANGUAGE_MARK.pattern, md), "language_mark", 175)


def render(text, sections=False):
    """Return sanitised HTML for a Markdown text: paragraphs, lists, sub-headings, emphasis and links (and h2 if `sections`)."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists", LanguageMarks()], output_format="html")
    tags = ALLOWED_TAGS | SECTION_TAGS if sections else ALLOWED_TAGS
    html = nh3.clean(html, tags=tags, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, attribute_filter=_keep_attribute)
    # A link that leads nowhere is its text: search engines and screen readers expect an <a> to have somewhere to go.
    return mark_safe(LINK_WITHOUT_HREF.sub(r"\1", html))  # noqa: S308 - nh3 has removed everything but the allowed tags and attributes
