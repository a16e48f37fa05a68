"""Every user-facing string is translated into the five other languages (issue 14, item 4).

The portal speaks Arabic, Chinese, English, French, Russian and Spanish. A string left untranslated (empty msgstr)
or marked fuzzy (a machine guess, never checked) shows English, or a wrong sentence, on an Arabic or Chinese page.
These tests read every gettext catalog of the repository (``locale/`` and any app's ``locale/``) and fail with
the count per catalog and the first msgids still to translate. The terms chosen are in ``docs/translations.md``.
After adding strings: run ``makemessages`` (command in that file), translate, ``compilemessages``.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
PLURALS = {"ar": 6, "es": 3, "fr": 3, "ru": 4, "zh_Hans": 1}
SHOWN = 8
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogs():
    """Every django.po of the project (not of the virtualenv), as (language, path)."""
    found = []
    for path in sorted(ROOT.rglob("LC_MESSAGES/django.po")):
        relative = path.relative_to(ROOT)
        if relative.parts[0].startswith(".") or "site-packages" in relative.parts:
            continue
        found.append((path.parent.parent.name, path))
    return found


def load(path):
    with path.open("rb") as handle:
        return read_po(handle)


def forms(message):
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def first_id(message):
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


CATALOGS = catalogs()


def test_every_language_has_its_catalog():
    assert {language for language, _ in CATALOGS} >= set(LANGUAGES)
    for language in LANGUAGES:
        assert (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").exists(), language


@pytest.mark.parametrize(("language", "path"), CATALOGS, ids=[str(p.relative_to(ROOT)) for _, p in CATALOGS])
def test_no_entry_is_untranslated_or_fuzzy(language, path):
    """Issue 14: no msgstr is empty (every plural form counted) and none is fuzzy."""
    untranslated, fuzzy = [], []
    for message in load(path):
        if not message.id:
            continue  # the header
        if message.fuzzy:
            fuzzy.append(first_id(message))
        elif not all(form and form.strip() for form in forms(message)):
            untranslated.append(first_id(message))
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated in {language}: {untranslated[:SHOWN]!r}")
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:SHOWN]!r}")
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)


@pytest.mark.parametrize(("language", "path"), CATALOGS, ids=[str(p.relative_to(ROOT)) for _, p in CATALOGS])
def test_plural_entries_have_every_form_and_placeholders_survive(language, path):
    """Arabic has 6 plural forms, Russian 4 (CLDR, as Django writes them), French and Spanish 3, Chinese 1; a
    translation names exactly the placeholders of its English text, so that no value is lost or raises KeyError."""
    catalog = load(path)
    assert catalog.num_plurals == PLURALS[language], catalog.plural_forms
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        expected = set().union(*(PLACEHOLDER.findall(text) for text in english))
        if message.pluralizable:
            if len(forms(message)) != PLURALS[language]:
                wrong.append(f"{first_id(message)!r}: {len(forms(message))} forms")
            # a singular form may say "once" instead of "%(n)s"; none may name what English does not
            if any(set(PLACEHOLDER.findall(form)) - expected for form in forms(message)):
                wrong.append(f"{first_id(message)!r}: unknown placeholder")
        elif set(PLACEHOLDER.findall(message.string or "")) != expected:
            wrong.append(f"{first_id(message)!r}: placeholders {sorted(PLACEHOLDER.findall(message.string))}")
    assert not wrong, f"{path.relative_to(ROOT)}: {len(wrong)} entries: {wrong[:SHOWN]}"
