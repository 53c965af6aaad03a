"""The site's languages: the source language, the per-language columns of translated fields, and a page's other languages."""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.text import capfirst
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

# The site's default language: the source language of a service unless its editors choose another (Service.source_language).
SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def default_source():
    """The source language of a new service: the site's default language."""
    return settings.LANGUAGE_CODE


def reading_order(language, source):
    """The languages a visitor reading `language` is shown, first to last, on a page written in `source`.

    Its own; for Cyrillic Serbian, the Latin text (transliterated); then the page's source language.
    """
    order = [language, "sr-latn"] if language == "sr" else [language]
    return tuple(dict.fromkeys([*order, source]))


def source_of(obj):
    """The language `obj` is written in: its service's source language, or the site's for what services share."""
    service = getattr(obj, "service", None) if not hasattr(obj, "source_language") else obj
    return getattr(service, "source_language", None) or SOURCE


def originals(model):
    """The names of the translated fields of `model`, as declared: {"name", "intro", …}."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def columns(original):
    """The per-language columns of the translated field `original`, in every supported language: ["name_fr", …]."""
    return [build_localized_fieldname(original, lang) for lang in settings.MODELTRANSLATION_LANGUAGES]


def field_languages(model):
    """{"name_sr_latn": "sr-latn", …} for every per-language column of `model`."""
    return {
        build_localized_fieldname(original, lang): lang for original in originals(model) for lang in settings.MODELTRANSLATION_LANGUAGES
    }


def site_languages():
    """The codes of the languages the site publishes in (SITE_LANGUAGES), its default first."""
    return [code for code, _name in settings.LANGUAGES]


def target_languages(source=SOURCE):
    """The site's languages translated from `source` (by default, the site's default language)."""
    return [lang for lang in site_languages() if lang != source]


def main_site_url(name, language=None):
    """The address of setting `name` (EMBASSY_HOME_URL, LEGAL_NOTICE_URL…) for a page in `language` (by default the
    current one): the language's own (TRANSLATED_LINKS), for Cyrillic Serbian else the Latin one, else the default."""
    language = language or translation.get_language()
    by_language = settings.TRANSLATED_LINKS.get(name, {})
    for code in [language, "sr-latn"] if language == "sr" else [language]:
        if code in by_language:
            return by_language[code]
    return getattr(settings, name)


def language_tag(code):
    """The BCP 47 tag of a language code, for lang and hreflang attributes: sr is sr-Cyrl, sr-latn is sr-Latn."""
    return settings.LANGUAGE_TAGS.get(code, code)


# Addresses that only the project's configuration decides (its URLs in each language, its static files' hashed names),
# worked out once per process rather than on every page: {key: address}. A test that changes the configuration empties it.
fixed_addresses = {}
ADDRESS_SETTINGS = {"ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES", "FORCE_SCRIPT_NAME", "DEBUG", "STATIC_URL", "STATIC_ROOT", "STORAGES"}


@receiver(setting_changed)
def _forget_addresses(*, setting, **kwargs):
    if setting in ADDRESS_SETTINGS:
        fixed_addresses.clear()


def fixed_url(name, *args):
    """`reverse(name, args=args)` in the current language, for addresses that are the same on every page."""
    key = (name, args, translation.get_language(), get_urlconf(), get_script_prefix())
    try:
        return fixed_addresses[key]
    except KeyError:
        address = fixed_addresses[key] = reverse(name, args=args)
        return address


@dataclass(frozen=True)
class Alternate:
    """The same page in another language, for the language switch and hreflang."""

    code: str
    name: str
    url: str
    # Worked out once for the several places a page shows them: the language's BCP 47 tag, the page's address on the
    # public site (hreflang), the language's name as the language switch shows it, and the switch's link (which
    # remembers the choice, then leads to `url`).
    tag: str = field(init=False)
    absolute_url: str = field(init=False)
    label: str = field(init=False)
    switch_url: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "tag", language_tag(self.code))
        object.__setattr__(self, "absolute_url", settings.SITE_URL + self.url)
        object.__setattr__(self, "label", capfirst(self.name))
        object.__setattr__(self, "switch_url", f"{fixed_url('remember_language', self.code)}?next={quote(self.url)}")


def alternates(url_for, languages=None):
    """The page in each language (those of `languages`, when given): `url_for()` is called in each language."""
    links = []
    for code, _name in settings.LANGUAGES:
        if languages is None or code in languages:
            with translation.override(code):
                links.append(Alternate(code, translation.get_language_info(code)["name_local"], url_for()))
    return links


# The languages written in a script that Marianne, the State's typeface (subset to Latin), has no letters for: their
# pages are set in the system font throughout (site.css), so that a line never mixes two fonts, and Marianne is not
# preloaded there (templates/includes/stylesheets.html).
SYSTEM_FONT_LANGUAGES = frozenset({"sr", "bg", "ar"})


def uses_marianne(code):
    return code not in SYSTEM_FONT_LANGUAGES


# The countries where each supported language is an official one (ISO 3166 codes, as phonenumbers gives a number's):
# a page in one of them is read by people who dial that country's numbers from inside it.
COUNTRIES_OF_LANGUAGE = {
    "fr": {"FR", "BE", "CH", "LU", "MC", "CA", "RE", "GP", "MQ", "GF", "YT", "PM", "NC", "PF", "WF", "BL", "MF", "SN", "CI",
           "ML", "BF", "NE", "TG", "BJ", "GN", "CM", "GA", "CG", "CD", "CF", "TD", "MG", "DJ", "KM", "HT", "SC", "VU", "BI", "RW"},
    "sr-latn": {"RS", "BA", "ME", "XK"},
    "sr": {"RS", "BA", "ME", "XK"},
    "en": {"GB", "IE", "US", "CA", "AU", "NZ", "MT", "ZA", "IN", "SG", "JM", "GH", "NG", "KE", "UG"},
    "nl": {"NL", "BE", "SR", "AW", "CW", "SX", "BQ"},
    "bg": {"BG"},
    "de": {"DE", "AT", "CH", "LI", "LU", "BE"},
    "es": {"ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY",
           "GQ", "PR"},
    "it": {"IT", "SM", "VA", "CH"},
    "ar": {"SA", "EG", "DZ", "MA", "TN", "LY", "IQ", "SY", "JO", "LB", "PS", "AE", "QA", "KW", "BH", "OM", "YE", "SD", "MR",
           "DJ", "KM", "TD"},
}  # fmt: skip


def dials_locally(language, country):
    """Whether readers of `language` dial a number of `country` as its people do (011/302 35 69), rather than from
    abroad (+381 11 302 35 69)."""
    return country in COUNTRIES_OF_LANGUAGE.get(language, ())
