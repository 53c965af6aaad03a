"""The interface catalogues under locale/: compiled without GNU gettext, and checked for gaps."""

import re
from pathlib import Path

import polib
from django.conf import settings

from .cyrillic import to_cyrillic

CATALOGUE_WORD = re.compile(r"[^\s.,;:!?()„”“\"«»]+")
# A stretch kept as copied holds no tag, placeholder or code: those have their own rules, which a stretch must not cut.
NOT_COPIED = re.compile(r"[<>%{}`]")


def _copied(stretch, source):
    return (
        len(re.findall(r"[^\W\d_]{2,}", stretch)) >= 2
        and not NOT_COPIED.search(stretch)
        and re.search(rf"(?<!\w){re.escape(stretch)}(?!\w)", source) is not None
    )


def latin_catalogue():
    """The Serbian Latin catalogue, which the Cyrillic one is made from (under the first of LOCALE_PATHS, as it is now)."""
    return Path(settings.LOCALE_PATHS[0]) / "sr_Latn" / "LC_MESSAGES" / "django.po"


def cyrillic_catalogue_path():
    return Path(settings.LOCALE_PATHS[0]) / "sr" / "LC_MESSAGES" / "django.po"


def po_files():
    return sorted(path for locale_dir in settings.LOCALE_PATHS for path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"))


def compile_po(path):
    polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


def problems(path):
    """What keeps a catalogue from shipping: untranslated or fuzzy entries, a missing or stale .mo."""
    po = polib.pofile(str(path))
    found = [f"untranslated: {entry.msgid!r}" for entry in po.untranslated_entries()]
    found += [f"fuzzy: {entry.msgid!r}" for entry in po.fuzzy_entries()]
    mo_path = path.with_suffix(".mo")
    if not mo_path.exists():
        return [*found, "no compiled .mo"]
    compiled = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in polib.mofile(str(mo_path))}
    source = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in po.translated_entries()}
    if compiled != source:
        found.append("the .mo is out of date: run `make messages` or `manage.py compile_catalogues`")
    return found


def copied_from_source(text, source):
    """`text` with the stretches of two words or more it copies from `source` as they are wrapped in [[ ]], to be kept
    as written: the French examples a Serbian string quotes from its English source ("npr. Ambassade de France")."""
    words, kept, index = list(CATALOGUE_WORD.finditer(text)), [], 0
    while index < len(words):
        start = words[index].start()
        end = next(
            (last for last in range(len(words) - 1, index, -1) if _copied(text[start : words[last].end()], source)),
            None,
        )
        if end is None:
            index += 1
            continue
        kept.append((start, words[end].end()))
        index = end + 1
    for start, end in reversed(kept):
        text = f"{text[:start]}[[{text[start:end]}]]{text[end:]}"
    return text


def _cyrillic(text, source):
    return to_cyrillic(copied_from_source(text, source))


def cyrillic_catalogue(latin=None):
    """(the Cyrillic catalogue as it should be, its path): every Latin entry (of `latin`, the Latin catalogue read,
    by default the one on disk) transliterated, with its context, source references and comments."""
    latin = latin if latin is not None else polib.pofile(str(latin_catalogue()))
    cyrillic = polib.POFile(wrapwidth=latin.wrapwidth)
    cyrillic.header = (
        "Serbian (Cyrillic) interface strings, generated from sr_Latn by `manage.py make_cyrillic_catalogue`: edit the Latin file."
    )
    cyrillic.metadata = {**latin.metadata, "Language": "sr"}
    for entry in latin:
        if entry.obsolete:
            continue
        cyrillic.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                # Web addresses stay in Latin letters, which every keyboard types and no link mangles.
                msgstr=entry.msgstr if entry.msgctxt == "URL" else _cyrillic(entry.msgstr, entry.msgid),
                msgstr_plural={index: _cyrillic(text, entry.msgid_plural or entry.msgid) for index, text in entry.msgstr_plural.items()},
                flags=list(entry.flags),
                # Where the string is used and what it means, as the Latin catalogue says it: the Cyrillic reader needs it too.
                occurrences=list(entry.occurrences),
                comment=entry.comment,
                tcomment=entry.tcomment,
            )
        )
    return cyrillic, cyrillic_catalogue_path()
