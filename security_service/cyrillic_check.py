"""What the Cyrillic page makes of a draft, for its editors to read before publishing: each Serbian Latin text of the
page in Cyrillic, which words stayed Latin and by which rule (cyrillic.RULES), and which were transliterated."""

import re
from collections import Counter
from dataclasses import dataclass, field

from modeltranslation.utils import build_localized_fieldname

from .cyrillic import RULES, pieces, to_cyrillic
from .languages import SOURCE, originals
from .po_files import label, page_objects

WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass
class CheckedText:
    """One text of the page: where it is, its pieces, or the Cyrillic a translator wrote (shown as written)."""

    label: str
    pieces: list = field(default_factory=list)
    written: str = ""
    # Words transliterated that the page's French text has too: a French name (Paris) unless it is a Serbian word.
    also_french: list = field(default_factory=list)


@dataclass
class CyrillicCheck:
    texts: list
    kept: list  # [(text kept, rule, how many times)], most frequent first
    transliterated_words: int
    transliterated: list  # [(word, its Cyrillic)], each once, in the order the page has them
    rules: tuple = RULES


def _also_french(found, french):
    french_words = set(WORD.findall(french or ""))
    words = (word for piece in found if piece.rule is None for word in WORD.findall(piece.latin))
    return sorted({word for word in words if word in french_words and not word.isdigit()})


def check_texts(items):
    """The CyrillicCheck of `items`: [(label, Serbian Latin text, Cyrillic text a translator wrote, French text)]."""
    texts, kept, transliterated, count = [], Counter(), {}, 0
    for where, latin, cyrillic, french in items:
        if cyrillic:
            texts.append(CheckedText(where, written=cyrillic))
            continue
        found = pieces(latin)
        kept.update((piece.latin, piece.rule) for piece in found if piece.rule is not None)
        for piece in found:
            if piece.rule is None:
                words = [word for word in WORD.findall(piece.latin) if not word.isdigit()]
                count += len(words)
                transliterated.update((word, to_cyrillic(word)) for word in words if word not in transliterated)
        texts.append(CheckedText(where, found, also_french=_also_french(found, french)))
    ranked = sorted(kept.items(), key=lambda item: (-item[1], item[0][0]))
    return CyrillicCheck(texts, [(text, rule, times) for (text, rule), times in ranked], count, list(transliterated.items()))


def _items(objects, source):
    for obj in objects:
        for original in sorted(originals(type(obj)) - {"slug"}):  # the Cyrillic page's address is the Latin one
            latin = getattr(obj, build_localized_fieldname(original, "sr-latn"))
            if latin:
                cyrillic = getattr(obj, build_localized_fieldname(original, "sr"))
                yield label(obj, original), latin, cyrillic, getattr(obj, build_localized_fieldname(original, source))


def page_check(service):
    """The CyrillicCheck of the draft of `service` (with its parts), in the order of po_files.page_objects."""
    return check_texts(_items(page_objects(service), service.source_language or SOURCE))


def statement_check(statement):
    """The CyrillicCheck of the accessibility statement, whose changes visitors see once saved."""
    return check_texts(_items([statement], SOURCE))
