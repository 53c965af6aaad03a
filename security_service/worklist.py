"""Which texts still need a translator: written in French and empty in another language, or translated from an older French."""

from dataclasses import dataclass, field

from modeltranslation.utils import build_localized_fieldname

from .languages import originals, target_languages
from .po_files import label, page_objects


@dataclass
class LanguageStatus:
    translated: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)

    @property
    def to_do(self):
        return self.missing + self.stale


def translation_status(service):
    """{language: LanguageStatus} for every site language but the page's own, in page order (uses prefetched parts).

    Cyrillic Serbian counts as translated where the Latin text exists: it is derived from it.
    """
    source = service.source_language
    status = {lang: LanguageStatus() for lang in target_languages(source)}
    for obj in page_objects(service):
        stale = obj.stale_translations()
        for original in sorted(originals(type(obj))):
            if not getattr(obj, build_localized_fieldname(original, source)):
                continue
            what = label(obj, original)
            for lang, result in status.items():
                name = build_localized_fieldname(original, lang)
                if lang == "sr" and not getattr(obj, name):
                    name = build_localized_fieldname(original, "sr-latn")  # shown transliterated from the Latin text
                if not getattr(obj, name):
                    result.missing.append(what)
                elif name in stale:
                    result.stale.append(what)
                else:
                    result.translated.append(what)
    return status
