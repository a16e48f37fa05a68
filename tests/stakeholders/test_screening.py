"""Screening of written comments for specific country situations (P 52 (b))."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from stakeholders.screening import evaluate, screener

SET = Path(__file__).parent / "screening_set.jsonl"


def rows():
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def states(text, language=None, author_state=None):
    return [m.state for m in screener().screen(text, language=language, author_state=author_state).matches]


def test_the_set_has_200_comments_in_six_languages_half_naming_a_state():
    data = rows()
    assert len(data) >= 200
    assert {r["language"] for r in data} == {"en", "fr", "es", "ru", "ar", "zh-hans"}
    naming = sum(r["names_state"] for r in data)
    assert naming == len(data) - naming
    assert sum(bool(r.get("trap")) for r in data) >= 20


@pytest.mark.django_db
def test_p52b_screening_on_the_test_set():
    """The figures of docs/stakeholders.md: no comment flagged wrongly, at most two missed, States exact."""
    results = evaluate(rows(), screener())
    outcomes = [outcome for _, _, outcome, _ in results]
    assert outcomes.count("wrong") == 0
    assert outcomes.count("missed") <= 2
    assert sum(ok for *_, ok in results) >= len(results) - 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "language", "state"),
    [
        ("The French delegation spoke.", "en", "FRA"),
        ("El gobierno colombiano informó.", "es", "COL"),
        ("Российский опыт полезен.", "ru", "RUS"),
        ("法国代表团发言。", "zh-hans", "FRA"),
        ("قدمت الحكومة الجزائرية تقريرا", "ar", "DZA"),
        ("Les autorités colombiennes", "fr", "COL"),
        ("В Колумбии", "ru", "COL"),
        ("the review of AUT", "en", "AUT"),
        ("a project in Colombia (CO)", "en", "COL"),
        ("Traffickers crossed Turkey.", "en", "TUR"),
    ],
)
def test_p52b_names_adjectives_inflections_and_codes_are_found(text, language, state):
    assert state in states(text, language)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "A Guinea pig study.",
        "We had a Turkey sandwich.",
        "Chad Miller will speak.",
        "Along the Niger River.",
        "A house of the Georgian era.",
        "Available in French.",
        "We served turkey on fine china.",
        "TERMS AND CONDITIONS",
    ],
)
def test_p52b_traps_are_not_states(text):
    assert states(text, "en") == []


@pytest.mark.django_db
def test_p52b_a_state_raising_its_own_review_is_not_flagged_but_another_state_is():
    own = screener().screen("Austria wishes to present its own review.", language="en", author_state="AUT")
    assert not own.flagged and [m.state for m in own.own] == ["AUT"]
    other = screener().screen("Austria and France agree.", language="en", author_state="AUT")
    assert other.flagged and [m.state for m in other.matches] == ["FRA"]


@pytest.mark.django_db
def test_p52b_screen_comments_command_keeps_its_contract(tmp_path):
    path = tmp_path / "comments.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"text": "The French delegation spoke."},
                {"text": "Shelters need funding.", "language": "en"},
                {"text": "Austria presents its own review.", "author_state": "AUT"},
                {"text": "российский"},
            ]
        )
        + "\nnot json\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("screen_comments", str(path), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {"flagged": True, "matches": [{"text": "French", "state": "FRA"}]}
    assert lines[1] == {"flagged": False, "matches": []}
    assert lines[2] == {"flagged": False, "matches": []}
    assert lines[3] == {"flagged": True, "matches": [{"text": "российский", "state": "RUS"}]}
    assert "error" in lines[4]


@pytest.mark.django_db
def test_p52b_the_held_out_set_is_screened_mostly_right():
    """A set not used to write the rules (docs/stakeholders.md gives its figures): at least 85 % right."""
    path = Path(__file__).parent / "screening_holdout.jsonl"
    data = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    outcomes = [outcome for _, _, outcome, _ in evaluate(data, screener())]
    assert (outcomes.count("correct") + outcomes.count("passed")) / len(outcomes) >= 0.85
