"""One way of counting words, on screen and on save (P 37, P 38; docs/outcomes.md): the JavaScript
counter of static/js/wordcount.js gives the same figure as observations.words on the same strings."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from observations.words import count_words, shingles

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "wordcount.js"

CASES = {
    "Hello world": 2,
    "": 0,
    "   ": 0,
    "well-known e.g. 2027 — x": 4,  # a hyphenated word is one; a lone dash is none
    "Article 5, paragraph 1 (a)": 5,
    "naïve café, l’État": 3,
    "التشريع الوطني يجرّم المشاركة في جماعة إجرامية منظمة": 8,  # Arabic with a shadda: 8 words
    "وَالْمُشَارَكَةُ فِي الْجَمَاعَةِ": 3,  # vowel marks never split a word
    "中华人民共和国刑法": 9,  # each Han character is a word
    "Article 5 第五条规定 of UNTOC": 9,  # mixed: 4 Latin words + 5 characters
    "日本の法律では": 7,  # kana too
    "Уголовный кодекс Российской Федерации": 4,
    "line one\nline two\u00a0three\u3000四": 6,  # no-break and ideographic spaces separate
    "• — – ...": 0,
}


@pytest.mark.parametrize(("text", "expected"), CASES.items())
def test_the_server_counts_words_by_the_documented_rule_P37_P38(text, expected):
    assert count_words(text) == expected


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_live_counter_on_screen_agrees_with_the_server_on_every_string_P37_P38():
    """The same function in the browser (wordcount.js, run by node) and on the server."""
    program = (
        f"const {{countWords}} = require({json.dumps(str(SCRIPT))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(countWords)));"
    )
    texts = list(CASES)
    out = subprocess.run(["node", "-e", program], input=json.dumps(texts), capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [count_words(t) for t in texts]


def test_shingles_compare_words_without_case_or_punctuation_P38():
    a = shingles("The State collects no Data, on cases of organized crime nationally.")
    b = shingles("the state collects no data on cases of organized crime")
    assert a & b
    assert not shingles("seven words only are not enough here")
