"""Figures of the country-situation screening (P 52 (b)) on the test set, as docs/stakeholders.md reports them.

    DATABASE_URL=... .venv/bin/python scripts/screening_figures.py [tests/stakeholders/screening_set.jsonl] [-v]

The registry must be loaded (manage.py load_reference): the screening uses its States.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.base")


def main(argv):
    import django

    django.setup()
    from stakeholders.screening import evaluate, screener

    verbose = "-v" in argv
    paths = [a for a in argv if not a.startswith("-")]
    path = Path(paths[0]) if paths else ROOT / "tests" / "stakeholders" / "screening_set.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = evaluate(rows, screener())
    totals = Counter(outcome for _, _, outcome, _ in results)
    by_language = Counter((row["language"], outcome) for row, _, outcome, _ in results)
    print(f"{len(rows)} comments, {sum(r['expected']['flagged'] for r in rows)} expected flagged")
    print(f"flagged correctly: {totals['correct']}")
    print(f"missed:            {totals['missed']}")
    print(f"flagged wrongly:   {totals['wrong']}")
    print(f"rightly passed:    {totals['passed']}")
    print(f"States exactly as expected: {sum(ok for *_, ok in results)} of {len(rows)}")
    for language in ("en", "fr", "es", "ru", "ar", "zh-hans"):
        figures = ", ".join(f"{k} {by_language[(language, k)]}" for k in ("correct", "missed", "wrong", "passed"))
        print(f"  {language}: {figures}")
    if verbose:
        for row, result, outcome, same in results:
            if outcome in ("missed", "wrong") or not same:
                print(outcome, row["language"], row["text"], "→", result.as_json()["matches"], row["expected"])


if __name__ == "__main__":
    main(sys.argv[1:])
