"""Time the drawing of lots on the loaded reference data (P 16, P 28, P 29), beside a naive draw.

    DATABASE_URL=... .venv/bin/python benchmarks/draw_lots.py [--seeds N] [seed ...]

Per seed, the live draw of the current procedure: the whole draw, the slowest single pick
(what the meeting room waits for), the candidates excluded and how each exclusion was
proven (the flow, or the constraint model: lots/solver.py), the rules verify() finds broken,
the spread of reviews per State and the legal-system match. Then the same figures for the
peer measured in the same run: a naive draw (the same pools of procedure /2, drawn without
look-ahead, restarted with a new label whenever it breaks a rule or gets stuck; restarts are
impossible when each pick is announced live). Run `manage.py load_reference` first.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.base")

import django  # noqa: E402

django.setup()

from lots import engine, solver  # noqa: E402
from lots.selectors import draw_inputs  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=20)
parser.add_argument("seed", nargs="*")
args = parser.parse_args()
states, volunteers = draw_inputs()
seeds = args.seed or [f"{i:04x}" for i in range(args.seeds)]
info = {s.code: s for s in states}

# how each exclusion was decided: counted around the solver's two steps
decided = Counter()
_flow, _complete = solver.flow, solver.complete


def counted_flow(*a, **k):
    answer, found = _flow(*a, **k)
    decided[f"flow {answer}"] += 1
    return answer, found


def counted_complete(*a, **k):
    found = _complete(*a, **k)
    decided["model " + ("yes" if found else "no")] += 1
    return found


solver.flow, solver.complete = counted_flow, counted_complete


def spread_and_legal(assignments) -> tuple[Counter, float]:
    load = Counter(r["state"] for a in assignments for r in a["reviewers"])
    spread = Counter(load[s.code] for s in states if s.can_review)
    matchable = [a for a in assignments if info[a["under_review"]].legal_system not in engine.UNMATCHABLE_LEGAL_SYSTEMS]
    matched = sum(
        any(info[r["state"]].legal_system == info[a["under_review"]].legal_system for r in a["reviewers"])
        for a in matchable
    )
    return spread, matched / len(matchable)


def naive(seed: str) -> tuple[float, int, dict]:
    """The pools of procedure /2 drawn without look-ahead, in one pass: (seconds, States left without a
    review, which P 29 forbids, JSON). Restarting until none is left does not end on this data."""
    started = time.perf_counter()
    draw = engine.LiveDraw(states, seed, volunteers, procedure=engine.PROCEDURE_2)
    draw.run_selection()
    w, board = draw.w, draw.board
    for u, k in draw.queue:
        mask, _ = board.remaining(u, k)
        while mask:
            pools = draw._pools(u, k, mask)
            if not pools:
                break  # nobody left who may review this State
            pool = pools[0][1]
            x = pool[draw._rng.below(len(pool), f"naive|{w.codes[u]}|{k}|{mask}")]
            board.add(u, k, x, w.inst[x] & mask)
            mask, _ = board.remaining(u, k)
    idle = sum(board.load[x] < w.least for x in range(w.n) if w.reviewer[x])
    return time.perf_counter() - started, idle, json.loads(engine.result_to_json(draw.result(), states))


def previous(seed: str) -> tuple[float, dict]:
    """The live draw of procedure /2 (budget-bound search, no spread): (seconds, JSON)."""
    started = time.perf_counter()
    result = engine.draw(states, seed, volunteers, procedure=engine.PROCEDURE_2)
    return time.perf_counter() - started, json.loads(engine.result_to_json(result, states))


print(f"{len(states)} States subject to review; {len(seeds)} seeds; procedure {engine.PROCEDURE}")
totals, slowest_picks, all_picks, exclusions = [], [], [], 0
spread_live, spread_naive, legal_live, legal_naive, naive_times, idle_naive = Counter(), Counter(), [], [], [], []
spread_before, legal_before, before_times = Counter(), [], []
broken_total = 0
for seed in seeds:
    started = time.perf_counter()
    draw = engine.LiveDraw(states, seed, volunteers)
    draw.run_selection()
    picks = []
    while draw.next_slot() is not None:
        t = time.perf_counter()
        draw.pick_next()
        picks.append(time.perf_counter() - t)
        exclusions += len(draw.log[-1]["excluded"])
    total = time.perf_counter() - started
    totals.append(total)
    slowest_picks.append(max(picks))
    all_picks += picks
    data = json.loads(engine.result_to_json(draw.result(), states))
    broken = [v for v in engine.verify(data) if v.rule != "reproducible"]  # re-drawing is timed elsewhere
    broken_total += len(broken)
    spread, legal = spread_and_legal(data["assignments"])
    spread_live.update(spread)
    legal_live.append(legal)
    seconds, idle, plain = naive(seed)
    naive_times.append(seconds)
    idle_naive.append(idle)
    nspread, nlegal = spread_and_legal(plain["assignments"])
    bseconds, old = previous(seed)
    before_times.append(bseconds)
    bspread, blegal = spread_and_legal(old["assignments"])
    spread_before.update(bspread)
    legal_before.append(blegal)
    spread_naive.update(nspread)
    legal_naive.append(nlegal)
    print(
        f"seed {seed}: draw {total:5.2f} s, slowest pick {max(picks) * 1000:5.0f} ms, "
        f"{sum(len(e.get('excluded', ())) for e in draw.log)} excluded, "
        f"rules broken {len(broken)}, spread {dict(sorted(spread.items()))}, legal match {legal:.1%} | "
        f"naive {seconds:4.2f} s ({idle} without review), spread {dict(sorted(nspread.items()))}, legal {nlegal:.1%} | "
        f"/2 {bseconds:4.2f} s, spread {dict(sorted(bspread.items()))}, legal {blegal:.1%}",
        flush=True,
    )

all_picks.sort()
n_states = sum(s.can_review for s in states) * len(seeds)
print()
print(f"whole draw: median {statistics.median(totals):.2f} s, slowest {max(totals):.2f} s (target < 1 s, < 2 s)")
print(
    f"per pick: p95 {all_picks[int(0.95 * len(all_picks))] * 1000:.0f} ms, slowest {max(all_picks) * 1000:.0f} ms "
    "(target < 50 ms, < 250 ms)"
)
print(f"exclusions {exclusions}, each proven: {dict(sorted(decided.items()))}; rules broken {broken_total}")
print(
    f"States doing exactly 2 reviews: live {spread_live[2] / n_states:.1%}, naive {spread_naive[2] / n_states:.1%}, "
    f"/2 {spread_before[2] / n_states:.1%}"
)
print(
    f"spread live {dict(sorted(spread_live.items()))}, naive {dict(sorted(spread_naive.items()))}, "
    f"/2 {dict(sorted(spread_before.items()))}"
)
print(
    f"legal-system match: live {statistics.mean(legal_live):.1%}, naive {statistics.mean(legal_naive):.1%}, "
    f"/2 {statistics.mean(legal_before):.1%}"
)
print(
    f"naive draw: median {statistics.median(naive_times):.2f} s, States without review median "
    f"{statistics.median(idle_naive)}, most {max(idle_naive)}; /2 draw: median {statistics.median(before_times):.2f} s, "
    f"slowest {max(before_times):.2f} s"
)
