"""Reading a page as a reader of each language would: each word in the script of the language it is marked with
(its element's nearest `lang`), and each date in the language's order."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from security_service.cyrillic import PROTECTED, pieces

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")  # what a screen reader reads out of a tag
CYRILLIC_WORD = re.compile(r"[\w'’-]*[\u0400-\u04ff][\w'’-]*")
LATIN_WORD = re.compile(r"[\w'’-]*[A-Za-z\u00c0-\u024f][\w'’-]*")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
WORD = re.compile(r"[\w'’-]+")
CYRILLIC_LANGUAGES = ("sr-Cyrl", "bg")
# A numeric date in running text whose first number cannot be a day's month and whose second cannot be a month: 6/25/2020.
MONTH_FIRST = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


@dataclass
class Run:
    lang: str
    text: str


@dataclass
class Time:
    lang: str
    datetime: str
    text: str


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang, skipping)
        self.runs = []
        self.times = []
        self.time = None

    def lang(self):
        return next((lang for _tag, lang, _skip in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or ""
        # The head is read for what a reader sees of it: the title, and the description search results and shares show.
        inherited = bool(self.stack) and self.stack[-1][2] and tag != "title"
        skip = tag in ("script", "style", "template", "head") or inherited
        if tag == "meta" and (attrs.get("name") == "description" or attrs.get("property") in ("og:title", "og:description")):
            self.runs.append(Run(self.lang(), attrs.get("content") or ""))
        if not skip:
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.runs.append(Run(lang or self.lang(), attrs[name]))
        if tag in VOID:
            return
        self.stack.append((tag, lang, skip))
        if tag == "time" and not skip:
            self.time = Time(self.lang(), attrs.get("datetime", ""), "")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "time" and self.time is not None:
            self.times.append(self.time)
            self.time = None

    def handle_data(self, data):
        if self.stack and self.stack[-1][2]:
            return
        self.runs.append(Run(self.lang(), data))
        if self.time is not None:
            self.time.text += data


def read(html):
    reader = _PageReader()
    reader.feed(html)
    return reader


def mixed(text):
    """The words of `text` written in two scripts at once: Дéфенсеур."""
    return [word for word in WORD.findall(text) if LATIN_LETTER.search(word) and CYRILLIC_WORD.fullmatch(word)]


def latin_left(text):
    """The Latin words of a Cyrillic text that no rule of the transliteration keeps in Latin."""
    return LATIN_WORD.findall(PROTECTED.sub(" ", text))


def wrong_script(html):
    """[(lang, word, text around it)] of the words not in the script of the language their element is marked with."""
    found = []
    for run in read(html).runs:
        cyrillic = run.lang.startswith(CYRILLIC_LANGUAGES)
        words = mixed(run.text) or (latin_left(run.text) if cyrillic else CYRILLIC_WORD.findall(run.text))
        found += [(run.lang, word, " ".join(run.text.split())[:80]) for word in words]
    return found


# Kept by a rule, but not words a reader sees as such: tags, placeholders, link targets.
UNSEEN_RULES = {"html", "placeholder", "link-target"}


def kept_in_latin(html):
    """The stretches of the page's Serbian Latin text that the transliteration rules keep as written: etalab-2.0, vCard."""
    return [
        piece.latin
        for run in read(html).runs
        if run.lang == "sr-Latn"
        for piece in pieces(run.text)
        if piece.rule is not None and piece.rule.name not in UNSEEN_RULES
    ]


def dates_out_of_order(html):
    """[(lang, date, text)] of the dates not written day, month, year: every language of the site writes them so."""
    found = []
    reader = read(html)
    for time in reader.times:
        year, month, day = (int(part) for part in time.datetime[:10].split("-"))
        numbers = [int(number) for number in re.findall(r"\d+", time.text)]
        # 05.06.2020., 05/06/2020, or 5 juin 2020 (the day first: not June 5, 2020)
        if numbers != [day, month, year] and not (numbers == [day, year] and re.match(r"\s*\d", time.text)):
            found.append((time.lang, time.datetime, time.text))
    for run in reader.runs:
        for match in MONTH_FIRST.finditer(run.text):
            first, second = int(match.group(1)), int(match.group(2))
            if second > 12 or first == 0:
                found.append((run.lang, match.group(), run.text.strip()[:80]))
    return found
