"""Screening of written comments for specific country situations (P 52 (b), docs/stakeholders.md).

No specific country situation is mentioned in the informal meetings, except that a State under
review may raise its own review. Before a comment circulates, it is screened for any form of a
State's name, in the six languages:

- names: the registry's (`State.name`, `official_name`), the short forms in the registry's
  reference file (`data/reference/mledoze_countries_subset.json`, "Republic of X" giving "X"),
  and CLDR's territory names in each language (Babel, `Locale(...).territories`);
- adjectives and demonyms: CLDR ships no demonyms, so they are derived **by rule per language**
  from the names (Colombia → Colombian, Colombie → colombien/colombienne, Colombia →
  colombiano/colombiana, Колумбия → колумбийский/колумбийская…, كولومبيا → كولومبي/الكولومبية),
  and taken from CLDR's *language* names where a language is named after a State where it is
  official (French ↔ France, russe ↔ Russie, 法语 ↔ 法国: CLDR's territory languages, and the English
  names sharing their first four letters);
- inflections by rule: Russian noun and adjective endings, French and Spanish gender and number,
  Arabic article, clitics (و ف ب ل ك) and nisba endings; Chinese has none (matched as substrings);
- ISO 3166 codes: alpha-3 as a word in capitals (not inside a run of capitals, e.g. a shouted
  title), alpha-2 only in parentheses or brackets ("(CO)").

Names are matched with their capital (Latin and Cyrillic), so "china" and "turkey" are not
States; adjectives derived by rule match in any case and, in French and Spanish, without accents.
A small exception list (TRAPS below) removes known false friends: "Guinea pig", "Turkey
sandwich", "Chad" as a first name, "Niger River", "the Georgian era", languages named as
languages ("in French"), and the Arabic word for "financial" (مالي, also Mali).

The module is pure: `Screener` is built from plain data (`StateNames`) and knows nothing of
Django; `screener()` builds it once from the registry.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-hans")
BABEL_LOCALES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh-hans": "zh_Hans"}
LATIN = ("en", "fr", "es")

# Known false friends, per language: a match inside one of these spans is not a State.
TRAPS: dict[str, list[str]] = {
    "en": [
        r"Guinea[- ]pigs?",
        r"Turkey (?:sandwich|sandwiches|dinner|breast|burger|club)",
        r"(?:the )?Niger River|River Niger",
        r"Georgian (?:era|period|architecture|style|houses?|terraces?|times)",
        # Chad as a first name: followed by a surname (a capitalised word not naming a State's office)
        r"\b(?:Chad|Jordan)(?= (?!Government|Republic|Basin|River|Valley)[A-Z][a-z]+)",
        r"\b(?:in|into|from) (?:French|Spanish|Russian|Chinese)\b",
        r"\b(?:French|Spanish|Russian|Chinese)[- ](?:language|speaking|translation|version|interpret\w*)",
    ],
    "fr": [r"cochons? d['’]Inde", r"\b(?:en|du|au) (?:français|espagnol|russe|chinois)\b"],
    "es": [r"conejillos? de Indias", r"\b(?:en|al|del) (?:español|francés|ruso|chino)\b"],
    "ru": [r"на (?:французском|русском|испанском|китайском) языке", r"(?:французск|русск|испанск|китайск)\w+ язык\w*"],
    "ar": [
        r"(?:باللغة|اللغة|باللغتين|اللغتين) ال\w+",
        r"بال(?:فرنسية|روسية|إسبانية|اسبانية|صينية)",
    ],
    "zh-hans": [r"[用以译成]+(?:法语|俄语|西班牙语)", r"(?:法语|俄语|西班牙语)(?:版|文本|翻译|口译)"],
}
# Arabic: مالي is also "financial", and the article and clitics make every form of it a common word.
EXCLUDED_FORMS: dict[str, set[str]] = {"ar": {"MLI"}}

RU_ADJECTIVE_ENDINGS = ("ий", "ая", "ое", "ие", "ого", "ому", "им", "ом", "ой", "ую", "их", "ими", "ая")
AR_CLITICS = r"(?:[وفبلك]|وب|ول|فب|فل)?(?:ال|لل)?"


@dataclass(frozen=True)
class StateNames:
    """What the screening knows of one State: codes and names in any language."""

    iso3: str
    iso2: str = ""
    names: tuple[str, ...] = ()  # English names from the registry and its reference file


@dataclass(frozen=True)
class Match:
    text: str
    state: str
    start: int
    end: int


@dataclass(frozen=True)
class Result:
    matches: tuple[Match, ...]  # every State named, in order
    own: tuple[Match, ...] = ()  # the author State's own, allowed (P 52 (b))

    @property
    def flagged(self) -> bool:
        return bool(self.matches)

    def as_json(self) -> dict:
        seen, out = set(), []
        for m in self.matches:
            if (m.text, m.state) not in seen:
                seen.add((m.text, m.state))
                out.append({"text": m.text, "state": m.state})
        return {"flagged": self.flagged, "matches": out}


def fold(text: str) -> str:
    """Lower case without accents, for the derived adjectives of French and Spanish."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@dataclass
class _Form:
    iso3: str
    rank: tuple  # lower wins when two States give the same form


@dataclass
class _Lexicon:
    exact: dict[str, _Form] = field(default_factory=dict)  # matched as written (names)
    folded: dict[str, _Form] = field(default_factory=dict)  # matched case- and accent-insensitively

    def add(self, form: str, iso3: str, rank: tuple, *, folded: bool = False) -> None:
        form = form.strip()
        if len(form) < 3 and not _is_cjk(form):
            return
        table, key = (self.folded, fold(form)) if folded else (self.exact, form)
        if key not in table or rank < table[key].rank:
            table[key] = _Form(iso3, rank)


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# -- derivation rules per language ------------------------------------------------------------


def english_adjectives(name: str) -> list[tuple[str, int]]:
    """Colombia → Colombian(s), Italy → Italian, China → Chinese, Pakistan → Pakistani, Mexico → Mexican."""
    n = name
    out: list[tuple[str, int]] = []
    last = n[-1]
    if last == "a":
        out += [(n + "n", 0), (n[:-1] + "ian", 1), (n[:-1] + "ese", 1), (n[:-1] + "an", 1)]
    elif last == "o":
        out += [(n[:-1] + "an", 1), (n + "an", 0)]
    elif last == "y":
        out += [(n[:-1] + "ian", 1), (n[:-1] + "ish", 1)]
    elif last == "e":
        out += [(n[:-1] + "ian", 1), (n + "an", 0), (n[:-1] + "ese", 1)]
    elif last == "i":
        out += [(n + "an", 0)]
    elif last.isalpha():
        out += [(n + "ian", 0), (n + "i", 0), (n + "ese", 0), (n + "ean", 0)]
        if n.endswith("and"):
            out.append((n[:-3] + "ish", 3))
    plural = [(f + "s", k) for f, k in out if f.endswith(("an", "i"))]
    return out + plural


def french_adjectives(name: str) -> list[tuple[str, int]]:
    """Colombie → colombien(ne)(s), Mexique → mexicain(e)(s), Japon → japonais(e)(s), Chine → chinois."""
    n = fold(name)
    bases: list[tuple[str, int]] = []
    if n.endswith("ie"):
        bases += [(n[:-2] + "ien", 2), (n[:-1] + "en", 1)]
    if n.endswith("que"):
        bases += [(n[:-3] + "cain", 3)]
    if n.endswith("e"):
        bases += [(n[:-1] + "ien", 1), (n[:-1] + "ois", 1), (n[:-1] + "ais", 1), (n + "n", 0)]
    elif n.endswith("a"):
        bases += [(n + "n", 0), (n[:-1] + "ien", 1)]
    elif n[-1:].isalpha() and n[-1] not in "aeiouy":
        bases += [(n + "ien", 0), (n + "ais", 0), (n + "ain", 0), (n + "ois", 0)]
    elif n[-1:] in ("i", "u"):
        bases += [(n + "en", 0), (n + "vien", 0)]
    return [form for base in bases for form in french_inflections(*base)]


def french_inflections(base: str, rank: int) -> list[tuple[str, int]]:
    if base.endswith("s"):
        endings = ("", "e", "es")
    elif base.endswith("en"):
        endings = ("", "ne", "s", "nes")
    else:
        endings = ("", "e", "s", "es")
    return [(base + e, rank) for e in endings]


def spanish_adjectives(name: str) -> list[tuple[str, int]]:
    """Colombia → colombiano(a)(s), Argelia → argelino, México → mexicano, Chile → chileno,
    Brasil → brasileño, Canadá → canadiense, Irán → iraní."""
    n = fold(name)
    bases: list[tuple[str, int]] = []
    if n.endswith("ia"):
        bases += [(n[:-2] + "ino", 2), (n[:-2] + "o", 2)]
    if n.endswith(("a", "o")):
        stems = {n[:-1]}
        if "ue" in n[:-1]:  # the diphthong of the stressed stem closes before the suffix: Venezuela → venezolano
            i = n[:-1].rfind("ue")
            stems.add(n[:i] + "o" + n[i + 2 : -1])
        for stem in stems:
            bases += [(stem + "ano", 1), (stem + "eno", 1), (stem + "iense", 1), (stem + "es", 1)]
    if n.endswith("a") and not n.endswith("ia"):
        bases += [(n[:-1] + "o", 1)]  # a name that is the feminine adjective: Argentina → argentino
    elif n.endswith("e"):
        bases += [(n[:-1] + "eno", 1), (n[:-1] + "ense", 1)]
    elif n.endswith(("u", "i")):
        bases += [(n + "ano", 0), (n + "ense", 0)]
    elif n[-1:].isalpha():
        bases += [(n + "eno", 0), (n + "i", 0), (n + "es", 0), (n + "ense", 0), (n + "ino", 0)]
    return [form for base in bases for form in spanish_inflections(*base)]


def spanish_inflections(base: str, rank: int) -> list[tuple[str, int]]:
    if base.endswith("o"):
        endings = [base, base[:-1] + "a", base + "s", base[:-1] + "as"]
    elif base.endswith("es"):
        endings = [base, base + "a", base + "es", base + "as"]
    elif base.endswith("ense"):
        endings = [base, base + "s"]
    elif base.endswith("i"):
        endings = [base, base + "es", base + "s"]
    else:
        endings = [base, base + "s"]
    return [(e, rank) for e in endings]


def russian_noun_forms(name: str) -> list[str]:
    """Колумбия → Колумбии, Колумбию, Колумбией; Куба → Кубы, Кубе…; Алжир → Алжира, Алжиром…;
    names ending in о, у, и, е, ю do not decline (Того, Перу, Мали)."""
    if " " in name or "-" in name:
        return [name]
    if name.endswith("ия"):
        stem = name[:-2]
        return [stem + e for e in ("ия", "ии", "ию", "ией", "иею")]
    if name.endswith("а"):
        stem = name[:-1]
        soft = stem[-1:] in "гкхжчшщ"
        return [stem + e for e in ("а", "и" if soft else "ы", "е", "у", "ой", "ою")]
    if name.endswith("я"):
        return [name[:-1] + e for e in ("я", "и", "е", "ю", "ей")]
    if name.endswith("й"):
        return [name[:-1] + e for e in ("й", "я", "ю", "ем", "е")]
    if name.endswith("ь"):
        return [name[:-1] + e for e in ("ь", "и", "ю", "ью")]
    if name[-1:] in "оуиеюэы":
        return [name]
    return [name + e for e in ("", "а", "у", "ом", "е")]


def russian_adjective_stems(name: str) -> list[tuple[str, int]]:
    """Россия → российск-, Колумбия → колумбийск-, Алжир → алжирск-, Мексика → мексиканск-,
    Бразилия → бразильск-, Китай → китайск-, Куба → кубинск-."""
    if " " in name or "-" in name:
        return []
    n = name.lower()
    if n.endswith("ия"):
        s = n[:-2]
        return [(s + "ийск", 2), (s + "ск", 2), (s + "ьск", 2), (s + "инск", 2)]
    if n.endswith(("а", "я")):
        s = n[:-1]
        return [(s + "ск", 1), (s + "анск", 1), (s + "инск", 1), (s + "ийск", 1)]
    if n.endswith("й"):
        return [(n + "ск", 0)]
    if n[-1:] in "оуиеюэы":
        return [(n[:-1] + "ийск", 1), (n + "анск", 0)]
    return [(n + "ск", 0), (n + "ийск", 0), (n + "инск", 0)]


def russian_adjective_forms(stem: str) -> list[str]:
    return [stem + e for e in RU_ADJECTIVE_ENDINGS]


def russian_adjective_from_language(adjective: str) -> list[str]:
    """французский → французская, французского…"""
    if adjective.endswith(("ий", "ый", "ой")):
        return russian_adjective_forms(adjective[:-2])
    return [adjective]


def arabic_core(name: str) -> str:
    return name[2:] if name.startswith("ال") else name


def arabic_nisba(name: str) -> list[str]:
    """فرنسا → فرنسي، فرنسية، فرنسيون…; الجزائر → جزائري، جزائرية…; السعودية → سعودي."""
    if " " in name:
        return []
    core = arabic_core(name)
    if core.endswith(("ية", "يا")):  # السعودية → سعودي، كولومبيا → كولومبي
        stem = core[:-2]
    elif core.endswith(("ا", "ة")):
        stem = core[:-1]
    else:
        stem = core
    if len(stem) < 3:
        return []
    return [stem + e for e in ("ي", "ية", "يون", "يين", "يات", "يان", "يتان")]


# -- the lexicon -------------------------------------------------------------------------------


def language_countries(locales) -> dict[str, str]:
    """Languages named after a State where they are official, from CLDR: {'fr': 'FR', 'ru': 'RU', …}.

    A language is taken as named after a territory where it is official when their English names
    share their first four letters (Russian/Russia, Turkish/Türkiye, Portuguese/Portugal), or their
    first two when the territory is also the language's likely one in CLDR (French/France,
    Spanish/Spain): so Arabic is not Egypt's, nor English the United States'."""
    from babel.core import get_global

    english = locales["en"]
    territory_languages = get_global("territory_languages")
    likely = get_global("likely_subtags")
    out: dict[str, str] = {}
    for territory, languages in territory_languages.items():
        name = fold(english.territories.get(territory, ""))
        for language, info in languages.items():
            if info.get("official_status") not in ("official", "de_facto_official"):
                continue
            label = fold(english.languages.get(language, ""))
            if len(label) < 4 or len(name) < 4:
                continue
            home = likely.get(language, "").split("_")[-1] == territory
            if label[:4] == name[:4] or (home and label[:2] == name[:2]):
                out.setdefault(language, territory)
    return out


class Screener:
    """Finds the States named in a text, in any of the six languages."""

    def __init__(self, states: list[StateNames]):
        from babel import Locale

        locales = {lang: Locale.parse(code) for lang, code in BABEL_LOCALES.items()}
        by_iso2 = {s.iso2: s for s in states if s.iso2}
        self.iso3 = {s.iso3 for s in states if len(s.iso3) == 3}
        self.iso2 = {s.iso2: s.iso3 for s in states if s.iso2}
        self.lexicons = {lang: _Lexicon() for lang in LANGUAGES}
        language_of = language_countries(locales)
        for lang, locale in locales.items():
            lex = self.lexicons[lang]
            excluded = EXCLUDED_FORMS.get(lang, set())
            names: dict[str, list[str]] = {}
            for iso2, state in by_iso2.items():
                if state.iso3 in excluded:
                    continue
                babel_name = locale.territories.get(iso2)
                names[state.iso3] = [babel_name] if babel_name else []
                if lang == "en":
                    names[state.iso3] += list(state.names)
            for iso3, forms in names.items():
                for name in forms:
                    self._add_name(lang, lex, name, iso3)
            for language, territory in language_of.items():
                state = by_iso2.get(territory)
                label = locale.languages.get(language)
                if state is None or not label or state.iso3 in excluded:
                    continue
                self._add_language(lang, lex, label, state.iso3)
        self._compile()

    # names give exact forms and, by rule, adjectives and inflections
    def _add_name(self, lang: str, lex: _Lexicon, name: str, iso3: str) -> None:
        base = len(name)
        if lang == "en":
            lex.add(name, iso3, (0, 0, -base))
            plain = fold(name)
            if plain != name.casefold():  # Türkiye → Turkiye, Côte d’Ivoire → Cote d'Ivoire
                lex.add(unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode(), iso3, (0, 0, -base))
            if " " not in name or name.startswith(("South ", "North ", "New ")):
                for form, cut in english_adjectives(name):
                    lex.add(form, iso3, (2, cut, -base))
        elif lang == "fr":
            lex.add(name, iso3, (0, 0, -base))
            if " " not in name:
                for form, cut in french_adjectives(name):
                    lex.add(form, iso3, (2, cut, -base), folded=True)
        elif lang == "es":
            lex.add(name, iso3, (0, 0, -base))
            if " " not in name:
                for form, cut in spanish_adjectives(name):
                    lex.add(form, iso3, (2, cut, -base), folded=True)
        elif lang == "ru":
            for form in russian_noun_forms(name):
                lex.add(form, iso3, (0, 0, -base))
            for stem, cut in russian_adjective_stems(name):
                for form in russian_adjective_forms(stem):  # нигерийский: Нигерия's, before Нигер's
                    lex.add(form, iso3, (2, -base, cut), folded=True)
        elif lang == "ar":
            lex.add(arabic_core(name), iso3, (0, 0, -base))
            for form in arabic_nisba(name):
                lex.add(form, iso3, (2, 0, -base))
        else:  # Chinese: no inflection, no spaces
            lex.add(name, iso3, (0, 0, -base))

    def _add_language(self, lang: str, lex: _Lexicon, label: str, iso3: str) -> None:
        rank = (1, 0, 0)
        if lang == "en":
            lex.add(label, iso3, rank)
        elif lang == "fr":
            for form, _ in french_inflections(fold(label), 0):
                lex.add(form, iso3, rank, folded=True)
        elif lang == "es":
            for form, _ in spanish_inflections(fold(label), 0):
                lex.add(form, iso3, rank, folded=True)
        elif lang == "ru":
            for form in russian_adjective_from_language(label.lower()):
                lex.add(form, iso3, rank, folded=True)
        elif lang == "ar":
            core = arabic_core(label)
            for form in {core, core[:-1] if core.endswith("ة") else core}:
                lex.add(form, iso3, rank)
        else:
            lex.add(label, iso3, rank)

    def _compile(self) -> None:
        def alternation(forms) -> str:
            return "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))

        self.patterns: dict[str, list[tuple[re.Pattern, dict[str, _Form], bool]]] = {}
        for lang, lex in self.lexicons.items():
            compiled = []
            for table, folded in ((lex.exact, False), (lex.folded, True)):
                if not table:
                    continue
                body = alternation(table)
                if lang == "zh-hans":
                    pattern = f"({body})"
                elif lang == "ar":
                    pattern = rf"(?<![\w]){AR_CLITICS}({body})(?![\w])"
                else:
                    pattern = rf"(?<![\w])({body})(?![\w])"
                compiled.append((re.compile(pattern), table, folded))
            self.patterns[lang] = compiled
        self.traps = {lang: [re.compile(t) for t in traps] for lang, traps in TRAPS.items()}
        self.iso3_pattern = re.compile(r"(?<![\w])([A-Z]{3})(?![\w])")
        self.iso2_pattern = re.compile(r"[(\[]([A-Z]{2})[)\]]")

    # -- screening ---------------------------------------------------------------------------

    def screen(self, text: str, *, language: str | None = None, author_state: str | None = None) -> Result:
        languages = self._languages_for(text, language)
        found: list[Match] = []
        for lang in languages:
            spans = [m.span() for trap in self.traps.get(lang, []) for m in trap.finditer(text)]
            for pattern, table, folded in self.patterns[lang]:
                haystack = fold(text) if folded else text
                if folded and len(haystack) != len(text):
                    haystack, offsets = _fold_with_offsets(text)
                else:
                    offsets = None
                for m in pattern.finditer(haystack):
                    start, end = m.span(0 if lang == "ar" else 1)  # Arabic: with its article and clitics
                    if offsets is not None:
                        start, end = offsets[start], offsets[end]
                    if any(a <= start and end <= b for a, b in spans):
                        continue
                    form = table[m.group(1)]
                    found.append(Match(text[start:end], form.iso3, start, end))
        found += self._codes(text)
        found = _leftmost_longest(found)
        own = tuple(m for m in found if author_state and m.state == author_state)
        return Result(tuple(m for m in found if m not in own), own)

    def _languages_for(self, text: str, language: str | None) -> list[str]:
        language = (language or "").lower().replace("_", "-")
        if language.startswith("zh"):
            language = "zh-hans"
        if language in self.patterns:
            chosen = [language]
        else:
            chosen = list(LATIN)
        # a comment may quote another script: screen it in the languages of every script it holds
        if re.search(r"[\u0400-\u04ff]", text) and "ru" not in chosen:
            chosen.append("ru")
        if re.search(r"[\u0600-\u06ff]", text) and "ar" not in chosen:
            chosen.append("ar")
        if re.search(r"[\u4e00-\u9fff]", text) and "zh-hans" not in chosen:
            chosen.append("zh-hans")
        return chosen

    def _codes(self, text: str) -> list[Match]:
        out = []
        for m in self.iso3_pattern.finditer(text):
            code = m.group(1)
            if code not in self.iso3 or _in_capitals(text, m.start(), m.end()):
                continue
            out.append(Match(code, code, m.start(1), m.end(1)))
        for m in self.iso2_pattern.finditer(text):
            if m.group(1) in self.iso2:
                out.append(Match(m.group(1), self.iso2[m.group(1)], m.start(1), m.end(1)))
        return out


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text with, for each of its characters, the offset in the original (and one past the end)."""
    chars, offsets = [], []
    for i, c in enumerate(text):
        for f in fold(c):
            chars.append(f)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(chars), offsets


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether a capitalised code sits in a run of capitalised words (a shouted title: AND, CAN, ARE…)."""
    before = re.findall(r"[^\W\d_]+", text[:start])[-1:]
    after = re.findall(r"[^\W\d_]+", text[end:])[:1]
    return any(len(w) >= 2 and w.isupper() for w in before + after)


def _leftmost_longest(matches: list[Match]) -> list[Match]:
    """Overlapping matches (Guinea in Guinea-Bissau, India in Indian Ocean…): keep the longest."""
    chosen: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if chosen and m.start < chosen[-1].end:
            continue
        chosen.append(m)
    return chosen


# -- built from the registry -------------------------------------------------------------------

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference" / "mledoze_countries_subset.json"


@functools.lru_cache(maxsize=1)
def reference_short_names() -> dict[str, list[str]]:
    """Short and alternative English names from the registry's reference file: 'Republic of Turkey'
    gives 'Turkey'; codes and names in other scripts are left out."""
    try:
        rows = json.loads(REFERENCE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, list[str]] = {}
    for row in rows:
        names = [row.get("name_common", "")]
        for alt in row.get("altSpellings", []):
            if len(alt) <= 3 or not alt.isascii() and not alt.replace("’", "'").isprintable():
                continue
            if not re.fullmatch(r"[A-Za-zÀ-ÿ' .,-]+", alt):
                continue
            names.append(alt)
            for prefix in ("Republic of ", "Kingdom of ", "State of ", "Commonwealth of "):
                if alt.startswith(prefix) and "," not in alt:
                    names.append(alt.removeprefix(prefix).removeprefix("the "))
        out[row["cca3"]] = [n for n in names if n and "," not in n]
    return out


def states_from_registry() -> list[StateNames]:
    from sherloc.registry.models import State

    short = reference_short_names()
    out = []
    for code, iso2, name, official in State.objects.exclude(iso2="").values_list(
        "code", "iso2", "name", "official_name"
    ):
        names = tuple(dict.fromkeys(n for n in (name, official, *short.get(code, [])) if n and "," not in n))
        out.append(StateNames(code, iso2, names))
    return out


@functools.lru_cache(maxsize=1)
def _cached(key: tuple) -> Screener:
    return Screener([StateNames(*row) for row in key])


def screener() -> Screener:
    """The screener of the registry's States, built once per process (and again if the registry changes)."""
    states = states_from_registry()
    return _cached(tuple((s.iso3, s.iso2, s.names) for s in states))


def evaluate(rows, engine):
    """Per line: 'correct' (flagged as it should be), 'missed', 'wrong' (flagged but names no other
    State), 'passed' (rightly not flagged); and whether the States found are those expected."""
    out = []
    for row in rows:
        result = engine.screen(row["text"], language=row.get("language"), author_state=row.get("author_state"))
        expected = row["expected"]["flagged"]
        outcome = {
            (True, True): "correct",
            (True, False): "missed",
            (False, True): "wrong",
            (False, False): "passed",
        }[(expected, result.flagged)]
        expected_states = {s for s in row["expected"]["states"] if s != row.get("author_state")}
        found_states = {m.state for m in result.matches}
        out.append((row, result, outcome, found_states == expected_states))
    return out


def screen(text: str, *, language: str | None = None, author_state: str | None = None) -> Result:
    return screener().screen(text, language=language, author_state=author_state)
