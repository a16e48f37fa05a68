"""Time the drawing of lots on the loaded reference data (P 16, P 28, P 29).

    DATABASE_URL=... .venv/bin/python benchmarks/draw_lots.py [seed ...]

Prints, per seed: the whole draw, the slowest single pick (what the meeting room waits
for), the candidates excluded because no completion of the draw was found with them,
and whether verify() finds every rule held. Run `manage.py load_reference` first.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.base")

import django  # noqa: E402

django.setup()

from lots import engine  # noqa: E402
from lots.selectors import draw_inputs  # noqa: E402

states, volunteers = draw_inputs()
seeds = sys.argv[1:] or ["00ff", "01", "abcdef", "1234", "deadbeef", "c0ffee", "2026", "5eed"]
print(f"{len(states)} States subject to review; {len(seeds)} seeds")
totals = []
for seed in seeds:
    started = time.perf_counter()
    draw = engine.LiveDraw(states, seed, volunteers)
    draw.run_selection()
    slowest = 0.0
    picks = excluded = 0
    while draw.next_slot() is not None:
        t = time.perf_counter()
        draw.pick_next()
        slowest = max(slowest, time.perf_counter() - t)
        picks += 1
        excluded += len(draw.log[-1]["excluded"])
    total = time.perf_counter() - started
    totals.append(total)
    broken = engine.verify(json.loads(engine.result_to_json(draw.result(), states)))
    print(
        f"seed {seed:>10}: draw {total:5.2f} s, {picks} picks, slowest pick {slowest * 1000:6.0f} ms, "
        f"{excluded} candidates excluded, rules broken: {len(broken)}"
    )
print(f"median draw {statistics.median(totals):.2f} s, slowest {max(totals):.2f} s")


def naive(seed: str) -> bool:
    """A greedy draw with the same pools but no look-ahead: does it reach the end with every rule held?"""
    draw = engine.LiveDraw(states, seed, volunteers)
    draw.run_selection()
    w, board = draw.w, draw.board
    for u, k in draw.queue:
        mask, _ = board.remaining(u, k)
        while mask:
            pools = draw._pools(u, k, mask)
            if not pools:
                return False  # nobody left who may review this State
            pool = pools[0][1]
            x = pool[draw._rng.below(len(pool), f"naive|{w.codes[u]}|{k}|{mask}")]
            board.add(u, k, x, w.inst[x] & mask)
            mask, _ = board.remaining(u, k)
    return all(board.load[x] >= 1 for x in range(w.n) if w.reviewer[x])  # P 29: at least one review


trials = [f"{i:04x}" for i in range(40)]
stuck = sum(not naive(seed) for seed in trials)
print(f"naive greedy draw without look-ahead: {stuck} of {len(trials)} seeds fail a rule or get stuck")
