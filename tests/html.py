"""Reading pages as a browser would: visible text, elements by language, links, and forms with their values."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextParser(HTMLParser):
    def __init__(self, skip_lang=None):
        super().__init__(convert_charrefs=True)
        self.skip_lang = skip_lang
        self.stack = []  # (tag, skipping)
        self.parts = []

    def skipping(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        skip = tag in ("script", "style", "head") or (self.skip_lang is not None and attrs.get("lang") == self.skip_lang)
        self.stack.append((tag, skip))
        if tag in ("p", "div", "h1", "h2", "h3", "li", "section", "address", "br", "ul"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.parts.append("\n")
            return
        while self.stack:
            open_tag, _skip = self.stack.pop()
            if open_tag == tag:
                break
        if tag in ("p", "div", "h1", "h2", "h3", "li", "section", "address"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping():
            self.parts.append(data)


def visible_text(html, skip_lang=None):
    """The text of the page's body, spaces normalised (no-break spaces too), leaving out elements in `skip_lang`."""
    parser = _TextParser(skip_lang)
    parser.feed(html)
    text = "".join(parser.parts).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = [name, None, None]  # name, first option, selected option
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            value = self.textarea[1]
            self.data.append((self.textarea[0], value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            self.data.append((name, selected if selected is not None else (first or "")))
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_data(html, form_id):
    """The fields of the form `form_id` as the browser would submit them unchanged, as a dict."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return dict(parser.data)


class _LinkParser(HTMLParser):
    def __init__(self, css_class):
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.links = []  # [href, text]
        self.inside = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self.css_class in (attrs.get("class") or "").split():
            self.inside = [attrs.get("href"), ""]
            self.links.append(self.inside)

    def handle_endtag(self, tag):
        if tag == "a":
            self.inside = None

    def handle_data(self, data):
        if self.inside is not None:
            self.inside[1] += data


def links(html, css_class):
    """The links carrying the class `css_class`, as {their text, spaces normalised: their address}."""
    parser = _LinkParser(css_class)
    parser.feed(html)
    return {" ".join(text.split()): href for href, text in parser.links}
