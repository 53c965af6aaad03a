"""Serbian written once in Latin script, served in Cyrillic too.

cyrtranslit does the letters. This module keeps as written what must stay Latin, by the rules of `RULES` (each with a
name and examples: what an editor sees in the Cyrillic check of a page), and handles what cyrtranslit does not: digraphs
in capitals (LJ, NJ, DŽ) and words where the two letters of a digraph belong to different parts (injekcija, nadživeti).
"""

import re
import unicodedata
from dataclasses import dataclass

import cyrtranslit
from django.utils.translation import pgettext_lazy

# Text an editor marked to keep as written: [[Pôle de Belgrade]].
KEEP_MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)
# Text an editor marked as written in another language, Pandoc's bracketed span: [Défenseur des droits]{lang=fr}.
LANGUAGE_MARK = re.compile(r"\[([^\[\]\n]+)\]\{lang=([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*)\}")

# Latin letters the Serbian Latin alphabet does not have: q, w, x, y and accented letters other than č ć š ž đ.
SERBIAN_LATIN = set("abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ")
FOREIGN_LETTERS = "".join(
    ch
    for ch in map(chr, range(0x41, 0x250))
    if ch.isalpha() and ch not in SERBIAN_LATIN and unicodedata.name(ch, "").startswith("LATIN") and not 0x1C4 <= ord(ch) <= 0x1CC
)  # leaving out Ǆ, ǅ, ǆ, Ǉ…ǌ: the digraphs of Serbian Latin, as single characters
FOREIGN_WORD = rf"(?<![\w'’-])(?:\w+['’-])*\w*[{FOREIGN_LETTERS}]\w*(?:['’-]\w+)*"

# Names written the same way in every language and script; licences; file formats.
NAMES = ("France-Visa", "Campus France", "Business France", "Covid-19", "Marianne", "Poedit", "Weblate", "Django", "gettext")
LICENCES = ("etalab-2.0", "etalab", "Licence Ouverte", "Open Licence", "Creative Commons")
FILE_FORMATS = ("vCard", "iCalendar", "WebP", "OpenDocument")
DOMAINS = r"(?:fr|rs|eu|int|org|com|net|info)"


def _words(names):
    return r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + r")(?![\w-])"


@dataclass(frozen=True)
class Rule:
    """A kind of text that stays as written on the Cyrillic page: its name, what it is, and texts it keeps."""

    name: str
    label: str
    pattern: str
    examples: tuple


RULES = (
    Rule(
        "keep-mark",
        pgettext_lazy("transliteration rule", "marked by an editor to keep as written: [[…]]"),
        r"\[\[.+?\]\]",
        ("[[Pôle de Belgrade]]",),
    ),
    Rule(
        "other-language",
        pgettext_lazy("transliteration rule", "marked by an editor as another language: [text]{lang=fr}"),
        LANGUAGE_MARK.pattern,
        ("[Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07]{lang=fr}", "[Ambassade de France]{lang=fr}"),
    ),
    Rule(
        "link-target",
        pgettext_lazy("transliteration rule", "the address a link goes to"),
        r"\]\([^)\s]+\)",
        ("](https://www.interieur.gouv.fr/)",),
    ),
    Rule(
        "e-mail",
        pgettext_lazy("transliteration rule", "e-mail address"),
        r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        ("sctip.belgrade-amba@diplomatie.gouv.fr",),
    ),
    Rule(
        "web-address",
        pgettext_lazy("transliteration rule", "web address"),
        # an address, a domain, a path of the site (/fr/…), a scheme on its own (mailto:)
        rf"(?:https?://|www\.)[^\s<>()\[\]]+|(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\.{DOMAINS}\b(?:/[^\s<>()\[\]]*)?"
        r"|(?<![\w/.:])/[\w.-]+(?:/[\w.-]*)*|\b(?:mailto|tel):(?=\W|$)",
        (
            "https://www.mup.gov.rs/",
            "www.interieur.gouv.fr",
            "service-public.fr",
            "legifrance.gouv.fr/eli",
            "/fr/service-de-securite-interieure/",
            "/Service-de-securite-interieure-4100",
            "mailto:",
        ),
    ),
    Rule(
        "phone",
        pgettext_lazy("transliteration rule", "phone number"),
        r"(?:tel:)?\+?\d[\d\s/().-]{5,}\d",
        ("+381 11 302 35 69", "011/302 35 69"),
    ),
    Rule(
        "placeholder",
        pgettext_lazy("transliteration rule", "placeholder of an interface string"),
        r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{[\w.]*\}",
        ("%(page)s", "{{ counter }}", "{name}"),
    ),
    Rule("html", pgettext_lazy("transliteration rule", "HTML tag or entity"), r"<[^>]+>|&\w+;", ('<a href="/fr/">', "&nbsp;")),
    Rule("code", pgettext_lazy("transliteration rule", "code"), r"`[^`\n]+`", ("`manage.py backup`",)),
    Rule("option", pgettext_lazy("transliteration rule", "a command's option"), r"(?<![\w-])--?[a-z][\w-]*", ("--force", "-n")),
    Rule(
        "file-name",
        pgettext_lazy("transliteration rule", "file name"),
        r"\b[\w-]+\.(?:py|json|toml|po|mo|txt|csv|pdf|odt|ods|docx|xlsx|jpe?g|png|webp|vcf)\b",
        ("data.json", "ssi-belgrade.toml"),
    ),
    Rule(
        "slug",
        pgettext_lazy("transliteration rule", "a page's web address, its words joined by hyphens"),
        r"(?<![\w-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+){2,}(?![\w-])",
        ("sluzba-za-unutrasnju-bezbednost", "service-de-securite-interieure"),
    ),
    Rule("licence", pgettext_lazy("transliteration rule", "licence"), _words(LICENCES), LICENCES),
    Rule("name", pgettext_lazy("transliteration rule", "brand or product name written one way everywhere"), _words(NAMES), NAMES),
    Rule("file-format", pgettext_lazy("transliteration rule", "file format"), _words(FILE_FORMATS), FILE_FORMATS),
    Rule(
        "capitals",
        pgettext_lazy("transliteration rule", "acronym in capitals"),
        r"\b(?![A-Z]*(?:LJ|NJ))[A-Z][A-Z0-9]{1,4}\b",
        ("SSI", "ALPC", "CEDEX", "RGAA"),
    ),
    Rule(
        "mixed-case",
        pgettext_lazy("transliteration rule", "word with a capital inside"),
        r"\b[A-Z]?[a-z]+[A-Z]\w*\b",
        ("PostgreSQL", "iPhone", "YouTube"),
    ),
    Rule(
        "foreign-letters",
        pgettext_lazy("transliteration rule", "word with letters Serbian does not use (é, à, w, q, x, y…)"),
        FOREIGN_WORD,
        ("Défenseur", "réponse", "Wi-Fi", "taxi", "Québec", "d’accès", "Œuvre"),
    ),
)
RULES_BY_NAME = {rule.name: rule for rule in RULES}
PROTECTED = re.compile("|".join(f"(?P<{rule.name.replace('-', '_')}>{rule.pattern})" for rule in RULES), re.DOTALL)

CAPITAL_DIGRAPHS = {"LJ": "Љ", "NJ": "Њ", "DŽ": "Џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ"}
CAPITAL_DIGRAPH = re.compile(r"LJ|NJ|DŽ|Lj|Nj|Dž")

# Word stems where "nj" or "dž" are two letters, not one (injekcija: инјекција; nadživeti: надживети).
SPLIT_STEMS = ("injek", "injun", "konjug", "konjunk", "vanjez", "tanjug", "nadživ", "nadžnj", "odžal", "odžvak", "podžanr", "podžup")
SPLIT_DIGRAPHS = re.compile(r"(?<!\w)(" + "|".join(SPLIT_STEMS) + ")", re.IGNORECASE)
SEPARATOR = "\u200c"  # zero-width non-joiner: stops cyrtranslit from joining two letters into one, removed afterwards


def _split(stem):
    return re.sub(r"(?i)(n)(j)|(d)(ž)", lambda m: (m.group(1) or m.group(3)) + SEPARATOR + (m.group(2) or m.group(4)), stem, count=1)


def _letters(text):
    text = SPLIT_DIGRAPHS.sub(lambda match: _split(match.group()), text)
    text = CAPITAL_DIGRAPH.sub(lambda match: CAPITAL_DIGRAPHS[match.group()], text)
    return cyrtranslit.to_cyrillic(text, "sr").replace(SEPARATOR, "")


@dataclass(frozen=True)
class Piece:
    """A stretch of a Latin text and what the Cyrillic page shows for it: transliterated (rule None), or kept by `rule`."""

    latin: str
    cyrillic: str
    rule: Rule | None = None


def pieces(text):
    """The Latin `text` cut into stretches transliterated and stretches kept as written, each with the rule that keeps it."""
    found, position = [], 0
    for match in PROTECTED.finditer(text or ""):
        if match.start() > position:
            found.append(Piece(text[position : match.start()], _letters(text[position : match.start()])))
        found.append(Piece(match.group(), strip_keep_marks(match.group()), RULES_BY_NAME[match.lastgroup.replace("_", "-")]))
        position = match.end()
    if position < len(text or ""):
        found.append(Piece(text[position:], _letters(text[position:])))
    return found


def to_cyrillic(text):
    """Serbian Latin text in Cyrillic, leaving untouched what must stay as written."""
    if not text:
        return text
    return "".join(piece.cyrillic for piece in pieces(text))


def strip_keep_marks(text):
    return KEEP_MARK.sub(r"\1", text) if text else text


def strip_language_marks(text):
    """`text` without the marks of another language, for a text shown as typed (not Markdown): the words stay."""
    return LANGUAGE_MARK.sub(r"\1", text) if text else text
