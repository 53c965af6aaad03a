"""Serbian written once in Latin script, served in Cyrillic too.

cyrtranslit does the letters; this module keeps what must stay Latin (addresses, e-mails, phone numbers,
Latin acronyms such as SSI or ALPC, placeholders, HTML tags, code, a command's options and file names, tools'
names, and text editors wrap in [[ ]] to keep it as is), and handles what cyrtranslit does not: digraphs in capitals
(LJ, NJ, DŽ) and words where the two letters of a digraph belong to different parts (injekcija, nadživeti).
"""

import re

import cyrtranslit

# Text an editor marked to keep as written: [[Pôle de Belgrade]].
KEEP_MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)

PROTECTED = re.compile(
    r"""
      \[\[.+?\]\]                               # marked by an editor: keep as is
    | \]\([^)\s]+\)                             # the target of a Markdown link
    | (?:https?://|www\.)[^\s<>()\[\]]+         # web addresses
    | (?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+  # e-mail addresses
    | (?:tel:)?\+?\d[\d\s/().-]{5,}\d           # phone numbers
    | %\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{[\w.]*\} # placeholders of interface strings
    | <[^>]+>|&\w+;                             # HTML tags and entities
    | \b[A-Z][A-Z0-9]{1,4}\b                    # Latin acronyms: SSI, ASI, DCI, ALPC
    | `[^`\n]+`                                 # code: `manage.py backup`
    | (?<![\w-])--?[a-z][\w-]*                   # a command's options: --force, --all
    | \b[\w-]+\.(?:py|json|toml|po|mo|txt|csv|pdf|odt|ods|docx|xlsx|jpe?g|png|webp|vcf)\b  # file names: data.json
    | \b[A-Z]?[a-z]+[A-Z]\w*\b                   # names written in mixed case: WebP, PostgreSQL
    | \b(?:Poedit|Weblate|Django|gettext)\b      # names of tools
    """,
    re.VERBOSE | re.DOTALL,
)

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


def to_cyrillic(text):
    """Serbian Latin text in Cyrillic, leaving untouched what must stay as written."""
    if not text:
        return text
    parts, position = [], 0
    for match in PROTECTED.finditer(text):
        parts.append(_letters(text[position : match.start()]))
        parts.append(strip_keep_marks(match.group()))
        position = match.end()
    parts.append(_letters(text[position:]))
    return "".join(parts)


def strip_keep_marks(text):
    return KEEP_MARK.sub(r"\1", text) if text else text
