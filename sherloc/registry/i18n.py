"""Reference data in the six official languages (docs/languages.md).

English is the column itself (``name``, ``title``…); each other language has a column of
its own, suffixed with the language (``name_ar``, ``name_zh_hans``…), which the secretariat
edits in the admin. ``localized(obj, "title")`` picks the column of the active language and
falls back to English where it is empty.

State names come from CLDR (Babel) by ISO 3166-1 alpha-2, except where the State's own
column holds the United Nations short name, which then wins.
"""

import functools
import unicodedata

from babel import Locale
from django.utils import translation

# Django language code → column suffix and Babel locale.
OTHER_LANGUAGES = {"ar": "ar", "zh-hans": "zh_hans", "fr": "fr", "ru": "ru", "es": "es"}
BABEL_LOCALES = {"ar": "ar", "zh-hans": "zh_Hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


def language_of(language: str | None = None) -> str:
    """The portal's code for ``language`` (or the active one): 'zh-Hans' → 'zh-hans', 'fr-ch' → 'fr'."""
    code = (language or translation.get_language() or "en").lower()
    if code in OTHER_LANGUAGES or code == "en":
        return code
    base = code.split("-")[0]
    if base == "zh":
        return "zh-hans"
    return base if base in OTHER_LANGUAGES else "en"


def column(field: str, language: str | None = None) -> str:
    """The name of ``field``'s column for a language: 'title' → 'title_fr'; English is the field."""
    code = language_of(language)
    return field if code == "en" else f"{field}_{OTHER_LANGUAGES[code]}"


def localized(obj, field: str, language: str | None = None) -> str:
    """``obj.field`` in the active language (or ``language``), English where not translated."""
    value = getattr(obj, column(field, language), "")
    return value or getattr(obj, field)


@functools.cache
def _territories(code: str) -> dict[str, str]:
    return dict(Locale.parse(BABEL_LOCALES[code]).territories)


def cldr_territory_name(iso2: str, language: str | None = None) -> str:
    """CLDR's name of a territory ("DE" → "ألمانيا" in Arabic), or '' where CLDR has none."""
    if not iso2:
        return ""
    return _territories(language_of(language)).get(iso2.upper(), "")


def state_name(state, language: str | None = None) -> str:
    """A State's name in a language: the secretariat's (UN short name) column where filled, else
    CLDR's by ISO2 (the European Union is CLDR's territory "EU"), else the English name."""
    code = language_of(language)
    if code == "en":
        return state.name
    override = getattr(state, column("name", code), "")
    if override:
        return override
    iso2 = state.iso2 or ("EU" if state.code == "EU" else "")
    return cldr_territory_name(iso2, code) or state.name


def sort_key(text: str) -> str:
    """A sort key that orders names alphabetically in any of the six languages, without ICU:
    compatibility-decomposed, accents dropped, case-folded. "Égypte" sorts with "Egypte",
    "Østerreich" after "Oman"… Arabic and Cyrillic sort in their alphabet's code-point order,
    which is their alphabetical order; Chinese sorts by code point (the radical-stroke order of
    the Unicode tables), not by pinyin."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sorted_states(states, language: str | None = None) -> list:
    """States alphabetical by their name in the page's language (P 3(b): never ranked)."""
    code = language_of(language)
    return sorted(states, key=lambda s: (sort_key(state_name(s, code)), s.code))
