"""The interface catalogues under locale/: compiled without GNU gettext, and checked for gaps."""

from pathlib import Path

import polib
from django.conf import settings

from .cyrillic import to_cyrillic


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
                msgstr=entry.msgstr if entry.msgctxt == "URL" else to_cyrillic(entry.msgstr),
                msgstr_plural={index: to_cyrillic(text) for index, text in entry.msgstr_plural.items()},
                flags=list(entry.flags),
                # Where the string is used and what it means, as the Latin catalogue says it: the Cyrillic reader needs it too.
                occurrences=list(entry.occurrences),
                comment=entry.comment,
                tcomment=entry.tcomment,
            )
        )
    return cyrillic, cyrillic_catalogue_path()
