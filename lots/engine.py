"""Drawing of lots for the review Mechanism of the Convention and its Protocols.

Pure Python; the exact completion model (:mod:`lots.solver`) uses OR-Tools. "P n" is paragraph n of the procedures and rules
(summarised in docs/). The procedure, step by step, is written out in
docs/drawing-of-lots.md; this docstring is its summary.

* P 16: every State subject to review is placed in year group 1, 2 or 3. Region by
  region (alphabetical), the region's States are drawn one by one and dealt to the
  years in turn, the turn running on from one region to the next from a drawn
  starting year: each year's size and each region's count per year differ by at most one.
* P 28: each State under review gets, in two *pairs*, one reviewer from its regional
  group (``same_region``) and one from another (``other_region``); never itself, no
  mutual reviews, each reviewer party to the instruments it reviews. A State party to
  only some of the instruments still to be covered is drawn only when no State party to
  all of them can be; then an ``additional`` reviewer of the same kind is drawn for the
  instruments still missing, so that every instrument is covered by exactly one
  reviewer of each kind. Soft rule: the second pair prefers a reviewer with the same
  legal-system family when the first did not give one.
* P 29: by the end every State that reviews performs at least ``min_reviews`` and at
  most ``max_reviews`` reviews (1 and 3 unless the Conference changes them; a volunteer
  up to the number it volunteered). The figures are inputs (:class:`Rules`), recorded
  in the log. A volunteering signatory (P 51) is reviewed for the instruments it signed,
  by parties to them, and never reviews; its costs are paid from voluntary contributions.
* P 28: a redraw may be deferred to a later intersessional meeting; the confirmed
  drawing is then *resumed* there and the deferred redraw carried out, in the same log.

Never a dead end. The engine keeps a *witness*: one complete draw that is consistent
with every pick announced so far and meets every rule. A pick draws a candidate
uniformly; the candidate is kept when a completion of the whole draw with it exists
(the witness is then replaced by that completion), otherwise it is logged as excluded
and the draw is repeated among the others. The witness's own reviewer always has a
completion, so every pick succeeds, and the kept reviewer is uniform among the
candidates for which a completion exists. Procedure /3 decides that exactly (:mod:`lots.solver`):
the witness mended to the candidate, a flow of reviews, a quick depth-first search and a
constraint model, each only answering what it proves, so a candidate is excluded only when
no completion exists; the pools are drawn
in order of the reviews each State performs so far, fewest first (P 29, a spread of the
work). Logs of procedure /2 (a search with a node budget, no such order) replay with it.

All randomness comes from the announced seed through :mod:`lots.randomness`, and every
step is appended to ``LiveDraw.log``; ``LiveDraw.replay`` re-executes a log and fails
on the first entry that differs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import solver
from .randomness import SeededDraw, SeedError

PROCEDURE = "sherloc-lots/hmac-sha256/3"
PROCEDURE_2 = "sherloc-lots/hmac-sha256/2"  # budget-bound search, no spread: the logs of that time replay with it
PROCEDURES = (PROCEDURE_2, PROCEDURE)
INSTRUMENTS: tuple[str, ...] = ("UNTOC", "TIP", "SOM", "FIREARMS")
REGIONS: tuple[str, ...] = ("AFRICAN", "APSG", "EEG", "GRULAC", "WEOG")
KINDS: tuple[str, ...] = ("same_region", "other_region")
ROLES: tuple[str, ...] = ("same_region", "other_region", "additional")
#: legal-system families that never count as "similar" (unknown, or in transition)
UNMATCHABLE_LEGAL_SYSTEMS = frozenset({"", "transitional"})
SEARCH_BUDGET = 5_000  # nodes of one completion search (procedure /2; /3: the first completion)
QUICK_BUDGET = 5_000  # nodes of the quick search of procedure /3, before the exact model decides

_ALL = (1 << len(INSTRUMENTS)) - 1


@dataclass(frozen=True)
class StateInput:
    """A State subject to review, as the draw needs it."""

    code: str
    region: str
    legal_system: str
    instruments: frozenset[str]  # the reviewed instruments it is party to; a signatory: those it signed (P 51)
    uncac_party: bool
    can_review: bool = True  # False for a volunteering signatory (P 51)


class DrawError(Exception):
    """The draw is refused: bad input, or a rule that no draw can meet."""

    def __init__(self, message: str, *, rule: str = "input", paragraph: str = "", states: Sequence[str] = ()):
        self.rule, self.paragraph, self.states, self.detail = rule, paragraph, list(states), message
        where = f" ({paragraph})" if paragraph else ""
        super().__init__(f"{message}{where}")


@dataclass(frozen=True)
class Rules:
    """The figures of P 28 and P 29 that the Conference can change: inputs of a draw, kept in its log."""

    min_reviews: int = 1  # P 29: reviews each State performs, at least
    max_reviews: int = 3  # P 29: and at most, unless it volunteers more
    redraws_per_state: int = 2  # P 28: requests each State may make without an exceptional decision

    def __post_init__(self):
        figures = self.as_dict()
        if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in figures.values()):
            raise DrawError(
                f"The rules of the draw must be whole numbers of zero or more (got {figures}).", rule="rules"
            )
        if self.max_reviews < 1 or self.min_reviews > self.max_reviews:
            raise DrawError(
                f"Each State must be able to perform from {self.min_reviews} to {self.max_reviews} reviews: "
                "the maximum must be at least 1 and not below the minimum.",
                rule="rules",
                paragraph="P 29",
            )

    def as_dict(self) -> dict[str, int]:
        return {
            "min_reviews": self.min_reviews,
            "max_reviews": self.max_reviews,
            "redraws_per_state": self.redraws_per_state,
        }

    @classmethod
    def from_dict(cls, figures: Mapping) -> Rules:
        if not isinstance(figures, Mapping) or set(figures) != set(cls().as_dict()):
            raise DrawError(
                f"The rules of the draw must give {', '.join(cls().as_dict())} (got {figures!r}).", rule="rules"
            )
        return cls(**figures)


#: the figures of a log written before they were inputs (procedure /2 without "rules")
LEGACY_RULES = Rules(min_reviews=1, max_reviews=3, redraws_per_state=2)


class RedrawRefused(Exception):
    """A redraw request that cannot be granted; the refusal is logged."""


class ReplayMismatch(Exception):
    """Replaying a log did not reproduce it."""


@dataclass(frozen=True)
class Slot:
    under_review: str
    year: int
    role: str  # same_region | other_region | additional
    kind: str  # same_region | other_region
    instruments: tuple[str, ...]  # still to be covered for this kind


@dataclass(frozen=True)
class Pick:
    under_review: str
    reviewer: str
    role: str
    kind: str
    instruments: tuple[str, ...]  # what this reviewer covers
    candidates: tuple[str, ...]
    legal_match: bool
    year: int = 0
    step: int = -1
    replaced: str | None = None
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewerAssignment:
    state: str
    role: str
    kind: str
    instruments: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    under_review: str
    year: int
    reviewers: tuple[ReviewerAssignment, ...]


@dataclass(frozen=True)
class DrawResult:
    seed: str
    year_groups: dict[int, tuple[str, ...]]
    assignments: tuple[Assignment, ...]
    volunteers: dict[str, int]
    log: tuple[dict, ...]
    rules: Rules = Rules()
    procedure: str = PROCEDURE


@dataclass(frozen=True)
class Violation:
    rule: str
    paragraph: str
    states: list[str]
    message: str


def _mask(names) -> int:
    return sum(1 << INSTRUMENTS.index(n) for n in names)


def _names(mask: int) -> list[str]:
    return [n for i, n in enumerate(INSTRUMENTS) if mask >> i & 1]


def _inputs_digest(states: Sequence[StateInput], volunteers: Mapping[str, int]) -> str:
    payload = {
        "states": [
            [s.code, s.region, s.legal_system, _names(_mask(s.instruments)), s.uncac_party, s.can_review]
            for s in states
        ],
        "volunteers": [[c, volunteers[c]] for c in sorted(volunteers)],
    }
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()


class _World:
    """The inputs as arrays of State indices (alphabetical by code)."""

    def __init__(self, states: Sequence[StateInput], volunteers: Mapping[str, int] | None, rules: Rules):
        volunteers = dict(volunteers or {})
        self.rules = rules
        codes = [s.code for s in states]
        if len(set(codes)) != len(codes):
            raise DrawError(
                "a State is listed twice in the inputs", states=sorted({c for c in codes if codes.count(c) > 1})
            )
        self.states = sorted(states, key=lambda s: s.code)
        self.codes = [s.code for s in self.states]
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.n = n = len(self.states)
        problems = []
        for s in self.states:
            if s.region not in REGIONS:
                problems.append(f"{s.code} has no regional group among {', '.join(REGIONS)} (got {s.region!r})")
            unknown = set(s.instruments) - set(INSTRUMENTS)
            if unknown:
                problems.append(f"{s.code} has unknown instruments {', '.join(sorted(unknown))}")
            if "UNTOC" not in s.instruments and s.can_review:
                problems.append(f"{s.code} is not party to the Convention (UNTOC) and cannot review")
        for code, cap in volunteers.items():
            if code not in self.index:
                problems.append(f"volunteer {code} is not among the States subject to review")
            elif not isinstance(cap, int) or cap < rules.max_reviews:
                problems.append(f"volunteer {code} must offer at least {rules.max_reviews} reviews (got {cap!r})")
            elif not self.states[self.index[code]].can_review:
                problems.append(f"volunteer {code} is a signatory and does not review (P 51)")
        if n < 2:
            problems.append("fewer than two States are subject to review")
        if problems:
            raise DrawError("The inputs cannot be drawn: " + "; ".join(problems) + ".")
        empty = [s.code for s in self.states if not s.can_review and not s.instruments]
        if empty:
            raise DrawError(
                f"{', '.join(empty)} volunteered as signatory but signed none of {', '.join(INSTRUMENTS)}: "
                "a signatory is reviewed for the instruments it signed",
                rule="signatory_instruments",
                paragraph="P 51",
                states=empty,
            )
        self.volunteers = {c: volunteers[c] for c in sorted(volunteers)}
        self.region = [REGIONS.index(s.region) for s in self.states]
        self.inst = [_mask(s.instruments) for s in self.states]
        self.legal = [s.legal_system for s in self.states]
        self.reviewer = [s.can_review for s in self.states]
        self.cap = [(self.volunteers.get(s.code, rules.max_reviews) if s.can_review else 0) for s in self.states]
        self.least = rules.min_reviews  # reviews each reviewing State performs at least (P 29)
        # pool[u][k]: who may review u for pair k, before any pick (also as a bit mask)
        self.pool = [
            [
                [x for x in range(n) if x != u and self.reviewer[x] and (self.region[x] == self.region[u]) == (k == 0)]
                for k in (0, 1)
            ]
            for u in range(n)
        ]

        self.pool_mask = [[sum(1 << x for x in pools) for pools in both] for both in self.pool]

    def check_possible(self) -> None:
        """Refuse up front a world in which some rule cannot be met, naming it."""
        for u in range(self.n):
            # a signatory's reviewers must be parties to what it signed (P 51 with P 28)
            signatory, paragraph = (
                (" (a volunteering signatory)", "P 28, P 51") if not self.reviewer[u] else ("", "P 28")
            )
            for k, kind in enumerate(KINDS):
                pool = self.pool[u][k]
                if not pool:
                    raise DrawError(
                        f"{self.codes[u]}{signatory} has no possible reviewer {'from its regional group' if k == 0 else 'from another regional group'}",
                        rule=kind,
                        paragraph=paragraph,
                        states=[self.codes[u]],
                    )
                covered = 0
                for x in pool:
                    covered |= self.inst[x]
                missing = self.inst[u] & ~covered
                if missing:
                    raise DrawError(
                        f"no possible {kind.replace('_', '-')} reviewer of {self.codes[u]}{signatory} is party to {', '.join(_names(missing))}",
                        rule="same_instruments",
                        paragraph=paragraph,
                        states=[self.codes[u]],
                    )
        reviewers = sum(self.reviewer)
        capacity = sum(self.cap)
        if 2 * self.n > capacity:
            raise DrawError(
                f"{self.n} States need at least {2 * self.n} reviews but the reviewing States can perform at most {capacity}",
                rule="reviews_per_state",
                paragraph="P 29",
            )
        most = sum(2 * bin(m).count("1") for m in self.inst)
        if self.least * reviewers > most:
            each = "a review" if self.least == 1 else f"{self.least} reviews"
            raise DrawError(
                f"{reviewers} States must each perform {each} but the draw has at most {most} places",
                rule="reviews_per_state",
                paragraph="P 29",
            )


class _Board:
    """The picks made so far: loads, who reviews whom, chains per pair, redraw bans."""

    def __init__(self, w: _World):
        self.w = w
        self.load = [0] * w.n
        self.reviews = [0] * w.n  # bitmask of the States x reviews
        self.banned = [0] * w.n  # bitmask of reviewers withdrawn from u by a redraw
        self.chains: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def copy(self) -> _Board:
        b = _Board.__new__(_Board)
        b.w, b.load, b.reviews, b.banned = self.w, self.load[:], self.reviews[:], self.banned[:]
        b.chains = {key: chain[:] for key, chain in self.chains.items()}
        return b

    def eligible(self, x: int, u: int, mask: int) -> bool:
        w = self.w
        return (
            self.load[x] < w.cap[x]
            and not self.reviews[x] >> u & 1  # reviews u once only
            and not self.reviews[u] >> x & 1  # no mutual reviews
            and not self.banned[u] >> x & 1
            and bool(w.inst[x] & mask)
        )

    def add(self, u: int, k: int, x: int, cover: int) -> None:
        self.chains.setdefault((u, k), []).append((x, cover))
        self.load[x] += 1
        self.reviews[x] |= 1 << u

    def pop(self, u: int, k: int) -> int:
        x, _ = self.chains[(u, k)].pop()
        self.load[x] -= 1
        self.reviews[x] &= ~(1 << u)
        return x

    def remaining(self, u: int, k: int) -> tuple[int, int]:
        """(instruments still to cover, position of the next reviewer) of pair (u, k)."""
        chain = self.chains.get((u, k), [])
        covered = 0
        for _, c in chain:
            covered |= c
        return self.w.inst[u] & ~covered, len(chain)


class _SearchExhausted(Exception):
    pass


def _complete(board: _Board, pairs: list[tuple[int, int]], hint: Mapping, budget: int = SEARCH_BUDGET):
    """A completion of ``pairs`` on ``board`` meeting every rule, or None.

    Depth-first over the pairs in drawing order. At each place it follows the order of
    preference of the live draw: a State party to every instrument still to cover, when
    one may review here, else a partial party. Among those it tries first the ``hint``
    (the witness) and any *orphan* (a State that would otherwise end below the minimum
    of reviews), then the least loaded. It prunes when the reviews still owed by the
    States below the minimum cannot be matched to distinct places left (P 29).
    Deterministic: same inputs, same completion.
    """
    w = board.w
    b = board.copy()
    least = w.least
    future = [0] * w.n  # how often each State still appears in the hint for these pairs
    for u, k in pairs:
        _, pos = b.remaining(u, k)
        for x, _ in hint.get((u, k), ())[pos:]:
            future[x] += 1
    orphans = {x for x in range(w.n) if w.reviewer[x] and b.load[x] + future[x] < least}
    idle = {x for x in range(w.n) if w.reviewer[x] and b.load[x] < least}  # reviews still owed

    def owed() -> int:
        """Reviews the idle States still owe: one each under the usual minimum of one."""
        return len(idle) if least == 1 else sum(least - b.load[x] for x in idle)

    places = []  # how many reviewers each pair may still take
    need = [b.remaining(u, k)[0] for u, k in pairs]  # instruments each pair has still to cover
    for (u, k), mask in zip(pairs, need, strict=True):
        full_exists = any(not mask & ~w.inst[x] for x in w.pool[u][k])
        places.append(1 if mask and full_exists else bin(mask).count("1"))
    room = [0] * (len(pairs) + 1)
    for i in range(len(pairs) - 1, -1, -1):
        room[i] = room[i + 1] + places[i]
    # where each State may take a place under the order of preference: as a party to every
    # instrument still to cover, or as a partial party where no full party exists at all
    usable: list[list[int]] = [[] for _ in range(w.n)]
    for j, (u, k) in enumerate(pairs):
        mask, _ = b.remaining(u, k)
        if mask:
            for x in w.pool[u][k]:
                if not mask & ~w.inst[x] or (places[j] > 1 and w.inst[x] & mask):
                    usable[x].append(j)

    def chances(x: int, i: int) -> int:
        return len(usable[x]) - bisect_left(usable[x], i)

    def matchable(i: int, before: dict[int, list[int]]) -> dict[int, list[int]] | None:
        """Seat every review still owed at a distinct place from pair i on.

        Returns the seating (place -> States), or None when there is none. A State owing
        several reviews takes as many places, never two in one pair. Only the constrained
        States are seated: one with at least as many places left as there are reviews
        owed always finds them (Hall). The seating of the parent node is kept where it
        still holds, so each node seats only the few that moved.
        """
        total = owed()
        short = {x for x in idle if chances(x, i) < total}

        def fits(x: int, j: int) -> bool:
            u, _ = pairs[j]
            return bool(need[j]) and not (b.reviews[u] | b.banned[u]) >> x & 1 and x not in holders.get(j, ())

        holders: dict[int, list[int]] = {}
        seats: dict[int, int] = {}  # places held by each State
        for j, held in before.items():
            if j >= i:
                keep = []
                for x in held:
                    if x in short and fits(x, j) and seats.get(x, 0) < least - b.load[x]:
                        keep.append(x)
                        seats[x] = seats.get(x, 0) + 1
                if keep:
                    holders[j] = keep

        def augment(x: int, seen: set) -> bool:
            spots = [j for j in usable[x][bisect_left(usable[x], i) :] if j not in seen and fits(x, j)]
            for j in spots:
                held = holders.setdefault(j, [])
                if len(held) < places[j]:
                    held.append(x)
                    return True
            seen.update(spots)
            for j in spots:
                held = holders[j]
                for n, other in enumerate(held):
                    if augment(other, seen):
                        held[n] = x
                        return True
            return False

        # whether all can be seated does not depend on the order (augmenting paths)
        for x in sorted(short, key=lambda x: chances(x, i)):
            for _ in range(least - b.load[x] - seats.get(x, 0)):
                if not augment(x, set()):
                    return None
        return holders

    nodes = 0

    def touch(x: int) -> None:
        if w.reviewer[x] and b.load[x] < least:
            idle.add(x)
            if b.load[x] + future[x] < least:
                orphans.add(x)
            else:
                orphans.discard(x)
        else:
            idle.discard(x)
            orphans.discard(x)

    def candidates(i: int, u: int, k: int, mask: int, h: int):
        """The order of trial: witness and orphans first (cheap), then everyone eligible."""
        in_pool = w.pool_mask[u][k]

        def fits(x: int) -> bool:
            return bool(in_pool >> x & 1) and b.eligible(x, u, mask)

        def rank(xs: list[int]) -> list[int]:
            # the least slack first: places left after this one, less the reviews still owed
            firsts = sorted((x for x in xs if x in orphans), key=lambda x: chances(x, i + 1) + b.load[x] - least)
            ordered = [h] if h in xs and (h in orphans or not firsts) else []
            ordered += [x for x in firsts if x != h]
            if h in xs and h not in ordered:
                ordered.append(h)
            chosen = set(ordered)
            return ordered + sorted((x for x in xs if x not in chosen), key=lambda x: (b.load[x] > 0, b.load[x]))

        quick = [x for x in ([h] if h >= 0 else []) + list(orphans) if fits(x) and not mask & ~w.inst[x]]
        first = rank(sorted(set(quick)))
        yield from first
        cands = [x for x in w.pool[u][k] if b.eligible(x, u, mask)]
        full = [x for x in cands if not mask & ~w.inst[x]]
        # P 28: a partial party only when no full party may review
        yield from (x for x in rank(full or cands) if x not in first)

    def step(i: int, seating: dict[int, list[int]]) -> bool:
        nonlocal nodes
        if i == len(pairs):
            return not idle
        u, k = pairs[i]
        mask, pos = need[i], len(b.chains.get((u, k), ()))
        if not mask:
            chain = hint.get((u, k), ())
            for x, _ in chain[pos:]:
                future[x] -= 1
                touch(x)
            ok = step(i + 1, seating)
            if not ok:
                for x, _ in chain[pos:]:
                    future[x] += 1
                    touch(x)
            return ok
        if owed() > room[i + 1] + bin(mask).count("1"):
            return False
        nodes += 1
        if nodes > budget:
            raise _SearchExhausted
        seating = matchable(i, seating)
        if seating is None:
            return False
        chain = hint.get((u, k), ())
        h = chain[pos][0] if pos < len(chain) else -1
        if h >= 0:
            future[h] -= 1
            touch(h)
        order = candidates(i, u, k, mask, h)
        for x in order:
            b.add(u, k, x, w.inst[x] & mask)
            need[i] = mask & ~w.inst[x]
            touch(x)
            if step(i, seating):
                return True
            b.pop(u, k)
            need[i] = mask
            touch(x)
        if h >= 0:
            future[h] += 1
            touch(h)
        return False

    try:
        found = step(0, {})
    except _SearchExhausted:
        return None
    return {pair: list(b.chains.get(pair, ())) for pair in pairs} if found else None


class LiveDraw:
    """A drawing conducted step by step in the meeting room (see the module docstring)."""

    def __init__(
        self,
        states: Sequence[StateInput],
        seed: str,
        volunteers: Mapping[str, int] | None = None,
        rules: Rules | None = None,
        *,
        procedure: str = PROCEDURE,
        _legacy_start: bool = False,
    ):
        if procedure not in PROCEDURES:
            raise DrawError(
                f"Unknown procedure {procedure!r}: this engine draws {', '.join(PROCEDURES)}.", rule="procedure"
            )
        self.procedure = procedure
        try:
            self._rng = SeededDraw(seed)
        except SeedError as error:
            raise DrawError(str(error), rule="seed") from None
        self.seed = seed.lower()
        # a log written before the figures were inputs replays with the figures of that time
        self.rules = LEGACY_RULES if _legacy_start else (rules or Rules())
        self.w = w = _World(states, volunteers, self.rules)
        self.volunteers = w.volunteers
        w.check_possible()
        self.board = _Board(w)
        all_pairs = [(u, k) for u in range(w.n) for k in (0, 1)]
        witness = _complete(self.board, all_pairs, {})
        if witness is None and self.procedure != PROCEDURE_2:
            witness = solver.complete(self.board, all_pairs, {})
        if witness is None:
            raise DrawError(
                "no draw meets every rule together (one reviewer of each kind, same instruments, no mutual "
                f"reviews, {self.rules.min_reviews} to {self.rules.max_reviews} reviews each)",
                rule="search",
                paragraph="P 28, P 29",
            )
        self.witness = witness
        self.year = [0] * w.n
        self.queue: list[tuple[int, int]] = []  # pairs in drawing order, until complete
        self.selected = False
        self.confirmed = False
        self.requests: dict[str, int] = {}
        start = {
            "step": 0,
            "action": "start",
            "procedure": self.procedure,
            "seed": self.seed,
            "inputs_sha256": _inputs_digest(w.states, w.volunteers),
            "states": w.codes,
            "volunteers": w.volunteers,
        }
        if not _legacy_start:
            start["rules"] = self.rules.as_dict()
            # P 51: the costs of a signatory's review are paid from voluntary contributions
            start["voluntary_contributions"] = [c for c, r in zip(w.codes, w.reviewer, strict=True) if not r]
        self.log: list[dict] = [start]

    # -- P 16: year groups -------------------------------------------------------

    def run_selection(self) -> dict[int, list[str]]:
        if self.selected:
            raise RuntimeError("the year groups are already drawn")
        w = self.w
        step = len(self.log)
        offset = self._rng.below(3, f"{step}|year_offset")
        self.log.append({"step": step, "action": "year_offset", "first_year": offset + 1})
        turn = offset
        order = []
        for g, region in enumerate(REGIONS):
            left = [x for x in range(w.n) if w.region[x] == g]
            while left:
                step = len(self.log)
                j = self._rng.below(len(left), f"{step}|select|{region}")
                candidates = [w.codes[x] for x in left]
                x = left.pop(j)
                self.year[x] = turn % 3 + 1
                turn += 1
                order.append(x)
                self.log.append(
                    {
                        "step": step,
                        "action": "select",
                        "region": region,
                        "candidates": candidates,
                        "index": j,
                        "state": w.codes[x],
                        "year": self.year[x],
                    }
                )
        # pairs are drawn year by year, in the order the States were selected
        order.sort(key=lambda x: self.year[x])
        self.queue = [(u, k) for u in order for k in (0, 1)]
        self.selected = True
        return self.year_groups()

    def year_groups(self) -> dict[int, list[str]]:
        groups: dict[int, list[str]] = {1: [], 2: [], 3: []}
        if self.selected:
            for x, code in enumerate(self.w.codes):
                groups[self.year[x]].append(code)
        return groups

    # -- P 28, P 29: pairing -------------------------------------------------------

    def _pending(self) -> list[tuple[int, int]]:
        while self.queue and not self.board.remaining(*self.queue[0])[0]:
            self.queue.pop(0)
        return [p for p in self.queue if self.board.remaining(*p)[0]]

    def next_slot(self) -> Slot | None:
        if not self.selected or self.confirmed:
            return None
        pending = self._pending()
        if not pending:
            return None
        u, k = pending[0]
        mask, pos = self.board.remaining(u, k)
        return Slot(
            self.w.codes[u], self.year[u], KINDS[k] if pos == 0 else "additional", KINDS[k], tuple(_names(mask))
        )

    def _legal_match(self, u: int, x: int) -> bool:
        family = self.w.legal[u]
        return family not in UNMATCHABLE_LEGAL_SYSTEMS and self.w.legal[x] == family

    def _pools(self, u: int, k: int, mask: int) -> list[tuple[str, list[int], int | None]]:
        """Candidate pools in order of preference: full parties before partial (P 28), then legal family;
        procedure /3 then splits each by the reviews its members perform so far, fewest first (P 29)."""
        w, b = self.w, self.board
        cands = [x for x in w.pool[u][k] if b.eligible(x, u, mask)]
        has_match = any(self._legal_match(u, x) for x, _ in b.chains.get((u, 1 - k), ()))
        prefer_legal = k == 1 and not has_match and w.legal[u] not in UNMATCHABLE_LEGAL_SYSTEMS
        pools = []
        for tier, members in (
            ("full_party", [x for x in cands if not mask & ~w.inst[x]]),
            ("partial_party", [x for x in cands if mask & ~w.inst[x]]),
        ):
            if prefer_legal:
                pools.append((f"{tier}+legal", [x for x in members if self._legal_match(u, x)]))
                pools.append((tier, [x for x in members if not self._legal_match(u, x)]))
            else:
                pools.append((tier, members))
        if self.procedure == PROCEDURE_2:
            return [(name, members, None) for name, members in pools if members]
        return [
            (name, [x for x in members if b.load[x] == level], level)
            for name, members in pools
            for level in sorted({b.load[x] for x in members})
        ]

    def _completion(self, board: _Board, pairs: list[tuple[int, int]]):
        """A completion of the draw on ``board``, or None. Procedure /3: None means none exists."""
        if self.procedure == PROCEDURE_2:
            return _complete(board, pairs, self.witness)
        found = solver.repair(board, pairs, self.witness)
        if found is not None:
            return found
        answer, found = solver.flow(board, pairs, self.witness)
        if answer == solver.NO:
            return None
        if answer == solver.YES:
            return found
        found = _complete(board, pairs, self.witness, budget=QUICK_BUDGET)
        if found is None:
            found = solver.complete(board, pairs, self.witness)
        return found

    def _draw_reviewer(self, u: int, k: int, mask: int, pos: int, pending: list, label: str):
        """Draw uniformly among the candidates that leave the draw completable; return the entry facts."""
        w, b = self.w, self.board
        rest = [p for p in pending if p != (u, k)]
        excluded: list[str] = []
        attempt = 0
        for tier, pool, level in self._pools(u, k, mask):
            candidates = [w.codes[x] for x in pool]
            left = pool[:]
            while left:
                j = self._rng.below(len(left), f"{label}|{attempt}")
                attempt += 1
                x = left[j]
                hinted = self.witness.get((u, k), [])
                if pos < len(hinted) and hinted[pos][0] == x:
                    completion = {}
                else:
                    trial = b.copy()
                    trial.add(u, k, x, w.inst[x] & mask)
                    completion = self._completion(trial, [(u, k), *rest])
                if completion is not None:
                    b.add(u, k, x, w.inst[x] & mask)
                    self.witness.update(completion)
                    spread = {} if level is None else {"reviews_so_far": level}
                    return {
                        "tier": tier,
                        **spread,
                        "candidates": candidates,
                        "excluded": excluded,
                        "index": candidates.index(w.codes[x]),
                        "reviewer": w.codes[x],
                        "instruments": _names(w.inst[x] & mask),
                        "legal_match": self._legal_match(u, x),
                    }
                excluded.append(w.codes[x])
                left.pop(j)
        return None

    def pick_next(self) -> Pick:
        self._require_live()
        pending = self._pending()
        if not pending:
            raise RuntimeError("every pick is drawn")
        u, k = pending[0]
        mask, pos = self.board.remaining(u, k)
        role = KINDS[k] if pos == 0 else "additional"
        step = len(self.log)
        facts = self._draw_reviewer(u, k, mask, pos, pending, f"{step}|pick|{self.w.codes[u]}|{KINDS[k]}")
        if facts is None:  # the witness's own reviewer always completes: never reached
            raise AssertionError(f"no reviewer can be drawn for {self.w.codes[u]}")
        entry = {
            "step": step,
            "action": "pick",
            "under_review": self.w.codes[u],
            "year": self.year[u],
            "role": role,
            "kind": KINDS[k],
            "required": _names(mask),
            **facts,
        }
        self.log.append(entry)
        return self._pick_of(entry)

    def _pick_of(self, entry: dict, replaced=None, dropped=()) -> Pick:
        return Pick(
            under_review=entry["under_review"],
            reviewer=entry["reviewer"] if replaced is None else entry["new_reviewer"],
            role=entry["role"],
            kind=entry["kind"],
            instruments=tuple(entry["instruments"]),
            candidates=tuple(entry["candidates"]),
            legal_match=entry["legal_match"],
            year=entry.get("year", 0),
            step=entry["step"],
            replaced=replaced,
            dropped=tuple(dropped),
        )

    def run_all(self) -> DrawResult:
        if not self.selected:
            self.run_selection()
        while self.next_slot() is not None:
            self.pick_next()
        return self.result()

    def _require_live(self) -> None:
        if not self.selected:
            raise RuntimeError("draw the year groups first")
        if self.confirmed:
            raise RuntimeError("the drawing is confirmed")

    # -- P 28: redraws ---------------------------------------------------------------

    def redraw(
        self,
        *,
        under_review: str,
        reviewer: str,
        requested_by: str,
        exceptional_reason: str | None = None,
        defer: bool = False,
    ) -> Pick | None:
        """Replace a drawn reviewer at the request of the State under review or of that reviewer.

        Each State may request ``rules.redraws_per_state`` redraws; a further one needs an
        exceptional decision with its reason. A deferred request is recorded, counts, and
        changes nothing now: a later meeting carries it out (:meth:`carry_out`). Refusals
        are logged too, and raise RedrawRefused.
        """
        self._require_live()
        return self._redraw(
            under_review=under_review,
            reviewer=reviewer,
            requested_by=requested_by,
            reason=(exceptional_reason or "").strip(),
            defer=bool(defer),
            carries_out=None,
        )

    def _redraw(
        self, *, under_review: str, reviewer: str, requested_by: str, reason: str, defer: bool, carries_out: int | None
    ) -> Pick | None:
        w, b = self.w, self.board
        step = len(self.log)
        entry = {
            "step": step,
            "action": "redraw",
            "under_review": under_review,
            "reviewer": reviewer,
            "requested_by": requested_by,
            "exceptional_reason": reason,
            "deferred": defer,
        }
        if carries_out is not None:
            entry["carries_out"] = carries_out

        def refuse(message: str) -> RedrawRefused:
            entry.update(outcome="refused", reason=message)
            self.log.append(entry)
            return RedrawRefused(message)

        u, x = w.index.get(under_review), w.index.get(reviewer)
        where = next(
            (
                (key, pos)
                for key, chain in b.chains.items()
                if key[0] == u
                for pos, (r, _) in enumerate(chain)
                if r == x
            ),
            None,
        )
        if u is None or x is None or where is None:
            raise refuse(f"{reviewer} has not been drawn to review {under_review}.")
        if requested_by not in (under_review, reviewer):
            raise refuse("Only the State under review or the reviewing State may request a redraw (P 28).")
        used = self.requests.get(requested_by, 0)
        counted = carries_out is None  # a deferred request was counted when it was made
        if counted:
            if used >= self.rules.redraws_per_state and not reason:
                raise refuse(
                    f"{requested_by} has already requested {used} redraws; a further one needs an exceptional "
                    "decision recorded with its reason (P 28)."
                )
            self.requests[requested_by] = used + 1
        if defer:
            entry["outcome"] = "deferred"
            self.log.append(entry)
            return None
        (u, k), pos = where
        saved = b.copy()
        witness = {key: chain[:] for key, chain in self.witness.items()}
        dropped = []
        while len(b.chains[(u, k)]) > pos:
            dropped.append(w.codes[b.pop(u, k)])
        dropped.reverse()
        b.banned[u] |= 1 << x
        mask, _ = b.remaining(u, k)
        pending = [(u, k)] + [p for p in self._pending() if p != (u, k)]
        facts = self._draw_reviewer(u, k, mask, pos, pending, f"{step}|redraw|{under_review}|{KINDS[k]}")
        if facts is None:
            self.board, self.witness = saved, witness
            if counted:
                self.requests[requested_by] = used
            raise refuse(
                f"No other State can review {under_review} without breaking a rule of P 28 or P 29; {reviewer} stays."
            )
        if b.remaining(u, k)[0] and (u, k) not in self.queue:
            self.queue.insert(0, (u, k))
        entry.update(
            outcome="redrawn",
            role=KINDS[k] if pos == 0 else "additional",
            kind=KINDS[k],
            year=self.year[u],
            required=_names(mask),
            dropped=dropped[1:],
            **{("new_reviewer" if key == "reviewer" else key): value for key, value in facts.items()},
        )
        self.log.append(entry)
        return self._pick_of(entry, replaced=reviewer, dropped=dropped[1:])

    def deferred_requests(self) -> list[dict]:
        """The log entries of the deferred redraw requests not yet carried out, in order."""
        done = {
            e["carries_out"]
            for e in self.log
            if e.get("action") == "redraw" and e.get("outcome") == "redrawn" and "carries_out" in e
        }
        return [
            e
            for e in self.log
            if e.get("action") == "redraw" and e.get("outcome") == "deferred" and e["step"] not in done
        ]

    def resume(self, *, meeting: str, date: str = "") -> None:
        """Take up the confirmed drawing at a later intersessional meeting (P 28: the drawing
        "may be repeated at a subsequent intersessional meeting"); the log goes on."""
        if not self.confirmed:
            raise RuntimeError("only a confirmed drawing is taken up at a later meeting")
        self.confirmed = False
        self.log.append({"step": len(self.log), "action": "resume", "meeting": str(meeting), "date": str(date)})

    def carry_out(self, step: int) -> Pick:
        """Carry out, at a later meeting, the deferred request logged at ``step``.

        It is not counted again (it was when it was made) and keeps its exceptional
        decision, if any. A refusal is logged and the request stays deferred.
        """
        self._require_live()
        request = next((e for e in self.deferred_requests() if e["step"] == step), None)
        if request is None:
            raise RedrawRefused(f"Step {step} of the log is not a deferred redraw request still to be carried out.")
        if not any(e.get("action") == "resume" for e in self.log[step + 1 :]):
            raise RedrawRefused("A deferred redraw is carried out at a later intersessional meeting (P 28).")
        return self._redraw(
            under_review=request["under_review"],
            reviewer=request["reviewer"],
            requested_by=request["requested_by"],
            reason=request["exceptional_reason"],
            defer=False,
            carries_out=step,
        )

    def confirm(self) -> None:
        if self.next_slot() is not None:
            raise RuntimeError("every pick must be drawn before the drawing is confirmed")
        self.confirmed = True
        self.log.append({"step": len(self.log), "action": "confirm"})

    def result(self) -> DrawResult:
        w, b = self.w, self.board
        assignments = []
        for u in range(w.n):
            reviewers = []
            for k, kind in enumerate(KINDS):
                for pos, (x, cover) in enumerate(b.chains.get((u, k), ())):
                    reviewers.append(
                        ReviewerAssignment(w.codes[x], kind if pos == 0 else "additional", kind, tuple(_names(cover)))
                    )
            assignments.append(Assignment(w.codes[u], self.year[u], tuple(reviewers)))
        return DrawResult(
            seed=self.seed,
            year_groups={y: tuple(c) for y, c in self.year_groups().items()},
            assignments=tuple(assignments),
            volunteers=dict(w.volunteers),
            log=tuple(self.log),
            rules=self.rules,
            procedure=self.procedure,
        )

    @classmethod
    def replay(
        cls,
        states: Sequence[StateInput],
        seed: str,
        volunteers: Mapping[str, int] | None,
        log: Sequence[dict],
        rules: Rules | None = None,
    ):
        """Re-execute a log from its seed and inputs; raise ReplayMismatch where it differs.

        The figures (:class:`Rules`) are those of the log's start; a start without them was
        written before they were inputs and replays with :data:`LEGACY_RULES`.
        """
        start = log[0] if log else {}
        legacy = bool(log) and "rules" not in start
        if legacy and rules not in (None, LEGACY_RULES):
            raise ReplayMismatch("the log's start has no rules: it was drawn with 1 to 3 reviews and 2 redraws each")
        if rules is None and log and not legacy:
            rules = Rules.from_dict(start["rules"])
        procedure = start.get("procedure", PROCEDURE) if isinstance(start, dict) else PROCEDURE
        if procedure not in PROCEDURES:
            raise ReplayMismatch(f"the log was written by procedure {procedure!r}, which this engine does not know")
        draw = cls(states, seed, volunteers, rules, procedure=procedure, _legacy_start=legacy)
        if log and log[0] != draw.log[0]:
            raise ReplayMismatch("the log's start does not match the seed, inputs and rules")
        for entry in log[1:]:
            if len(draw.log) > entry.get("step", -1):
                continue  # already produced (the selection writes many entries at once)
            action = entry.get("action")
            try:
                if action == "year_offset":
                    draw.run_selection()
                elif action == "pick":
                    draw.pick_next()
                elif action == "redraw":
                    # a refusal is logged by redraw() itself, as it was in the original
                    with contextlib.suppress(RedrawRefused):
                        if "carries_out" in entry:
                            draw.carry_out(entry["carries_out"])
                        else:
                            draw.redraw(
                                under_review=entry["under_review"],
                                reviewer=entry["reviewer"],
                                requested_by=entry["requested_by"],
                                exceptional_reason=entry.get("exceptional_reason"),
                                defer=entry.get("deferred", False),
                            )
                elif action == "confirm":
                    draw.confirm()
                elif action == "resume":
                    draw.resume(meeting=entry.get("meeting", ""), date=entry.get("date", ""))
                else:
                    raise ReplayMismatch(f"step {entry.get('step')}: unknown action {action!r}")
            except RuntimeError as error:  # a step out of order: the log was not written by this procedure
                raise ReplayMismatch(f"step {entry.get('step')}: {error}") from None
        if list(log) != draw.log:
            first = next(
                (i for i, (a, b) in enumerate(zip(log, draw.log, strict=False)) if a != b), min(len(log), len(draw.log))
            )
            raise ReplayMismatch(f"the log differs from the re-run at step {first}")
        return draw


def draw(
    states: Sequence[StateInput],
    seed: str,
    volunteers: Mapping[str, int] | None = None,
    rules: Rules | None = None,
    procedure: str = PROCEDURE,
) -> DrawResult:
    return LiveDraw(states, seed, volunteers, rules, procedure=procedure).run_all()


def result_to_json(result: DrawResult, states: Sequence[StateInput]) -> str:
    """The canonical JSON of a draw: same seed and inputs, byte-identical text."""
    ordered = sorted(states, key=lambda s: s.code)
    data = {
        "seed": result.seed,
        "rules": result.rules.as_dict(),
        "states": [
            {
                "code": s.code,
                "region": s.region,
                "legal_system": s.legal_system,
                "instruments": _names(_mask(s.instruments)),
                "uncac_party": bool(s.uncac_party),
                # P 51: a volunteering signatory's review is paid from voluntary contributions
                **({} if s.can_review else {"signatory": True, "costs_from_voluntary_contributions": True}),
            }
            for s in ordered
        ],
        "year_groups": {str(y): sorted(result.year_groups.get(y, ())) for y in (1, 2, 3)},
        "assignments": [
            {
                "under_review": a.under_review,
                "year": a.year,
                "reviewers": [
                    {"state": r.state, "role": r.role, "instruments": list(r.instruments)} for r in a.reviewers
                ],
            }
            for a in sorted(result.assignments, key=lambda a: a.under_review)
        ],
        "volunteers": dict(sorted(result.volunteers.items())),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def states_from_json(data: dict) -> list[StateInput]:
    return [
        StateInput(
            code=s["code"],
            region=s["region"],
            legal_system=s.get("legal_system", ""),
            instruments=frozenset(s["instruments"]),
            uncac_party=bool(s.get("uncac_party")),
            # a draw's JSON marks signatories; a session's log keeps the inputs as they were given
            can_review=bool(s["can_review"]) if "can_review" in s else not s.get("signatory", False),
        )
        for s in data["states"]
    ]


def verify(data: dict) -> list[Violation]:
    """Every broken rule of a draw's JSON, each with its paragraph and the States involved.

    Two forms are read: the JSON of ``draw_lots`` (year groups and assignments), and a
    session's log as downloaded from the meeting screen (seed, inputs and ``log``, with
    the redraws of later meetings). The rule checks read only the JSON, with the figures
    it records (``rules``; without them, those of the time: 1 to 3 reviews, 2 redraws).
    The last check re-draws from the seed and compares (or, for a log, replays it), which
    also proves the P 28 order of preference (full parties first).
    """
    out: list[Violation] = []

    def broken(rule: str, paragraph: str, states, message: str) -> None:
        out.append(Violation(rule, paragraph, sorted(states), message))

    try:
        states = {s.code: s for s in states_from_json(data)}
        volunteers = dict(data.get("volunteers", {}))
        seed = data["seed"]
        rules = Rules.from_dict(data["rules"]) if "rules" in data else None
        # a draw's JSON (its format is fixed) does not name its procedure: it must follow from the seed
        # under one of them, the current one first
        procedures = [data["procedure"]] if "procedure" in data else [PROCEDURE, PROCEDURE_2]
        if set(procedures) - set(PROCEDURES):
            raise DrawError(f"unknown procedure {data['procedure']!r}")
        log = data.get("log")
        if log is None:
            rules = rules or LEGACY_RULES
            groups = {int(y): list(c) for y, c in data["year_groups"].items()}
            assignments = data["assignments"]
    except (KeyError, TypeError, ValueError, AttributeError, DrawError) as error:
        return [Violation("format", "", [], f"not a draw: {error!r}")]

    again = None
    if log is not None:  # a session's log: replay it, with every redraw, and check what it arrives at
        try:
            replayed = LiveDraw.replay(list(states.values()), seed, volunteers, log, rules)
        except (DrawError, ReplayMismatch, KeyError, TypeError, AttributeError) as error:
            return [Violation("reproducible", "P 28", [], f"the log does not replay from its seed and inputs: {error}")]
        rules = replayed.rules
        again = json.loads(result_to_json(replayed.result(), list(states.values())))
        try:
            groups = {int(y): list(c) for y, c in data.get("year_groups", again["year_groups"]).items()}
            assignments = data.get("assignments", again["assignments"])
        except (TypeError, ValueError, AttributeError) as error:
            return [Violation("format", "", [], f"not a draw: {error!r}")]

    for code, s in states.items():
        if not s.can_review and not s.instruments:
            broken("signatory_instruments", "P 51", [code], f"{code} is a signatory under review for no instrument")

    # P 16: every State in exactly one of three groups, evenly, region by region
    placed = [c for y in (1, 2, 3) for c in groups.get(y, [])]
    if sorted(placed) != sorted(states) or set(groups) - {1, 2, 3}:
        twice = {c for c in placed if placed.count(c) > 1}
        missing = set(states) - set(placed)
        broken("year_groups", "P 16", twice | missing, "every State must be in exactly one of year groups 1, 2, 3")
    sizes = [len(groups.get(y, [])) for y in (1, 2, 3)]
    if max(sizes) - min(sizes) > 1:
        broken("year_groups", "P 16", [], f"year groups of {sizes} States differ by more than one")
    for region in REGIONS:
        counts = [sum(states[c].region == region for c in groups.get(y, []) if c in states) for y in (1, 2, 3)]
        if max(counts) - min(counts) > 1:
            members = [c for c, s in states.items() if s.region == region]
            broken("year_groups", "P 16", members, f"{region} is split {counts} across the years: more than one apart")

    load: dict[str, int] = dict.fromkeys(states, 0)
    reviews: set[tuple[str, str]] = set()
    for a in assignments:
        u = a.get("under_review")
        if u not in states:
            broken("states", "P 28", [str(u)], f"{u} is not a State subject to review")
            continue
        su = states[u]
        same = {i: [] for i in _names(_ALL)}
        other = {i: [] for i in _names(_ALL)}
        roles = [r.get("role") for r in a["reviewers"]]
        if roles.count("same_region") != 1 or roles.count("other_region") != 1:
            broken("two_reviewers", "P 28", [u], f"{u} needs exactly one same-region and one other-region reviewer")
        for r in a["reviewers"]:
            x = r.get("state")
            if x == u:
                broken("not_itself", "P 28", [u], f"{u} reviews itself")
                continue
            if x not in states:
                broken("states", "P 28", [str(x)], f"{x} is not a State subject to review")
                continue
            sx = states[x]
            if not sx.can_review:
                broken("signatory_reviews", "P 51", [x], f"{x} is a signatory and does not review")
            load[x] += 1
            reviews.add((x, u))
            if r["role"] == "same_region" and sx.region != su.region:
                broken("same_region", "P 28", [u, x], f"{x} is not in the regional group of {u}")
            if r["role"] == "other_region" and sx.region == su.region:
                broken("other_region", "P 28", [u, x], f"{x} is in the same regional group as {u}")
            lacking = set(r["instruments"]) - set(sx.instruments)
            if lacking:
                broken(
                    "same_instruments",
                    "P 28",
                    [u, x],
                    f"{x} reviews {u} for {', '.join(sorted(lacking))} without being party",
                )
            for i in r["instruments"]:
                if i in same:
                    (same if sx.region == su.region else other)[i].append(x)
        for i in sorted(su.instruments, key=INSTRUMENTS.index):
            for kind, cover in (("same-region", same), ("other-region", other)):
                if len(cover[i]) != 1:
                    broken(
                        "instrument_coverage",
                        "P 28",
                        [u, *cover[i]],
                        f"{i} of {u} is covered by {len(cover[i])} {kind} reviewers, not exactly one",
                    )
        if len(a["reviewers"]) != len({r.get("state") for r in a["reviewers"]}):
            broken("reviews_once", "P 28", [u], f"a State appears twice among the reviewers of {u}")
    for x, u in sorted(reviews):
        if (u, x) in reviews and x < u:
            broken("no_mutual_reviews", "P 28", [x, u], f"{x} and {u} review each other")
    for x, s in states.items():
        if not s.can_review:
            continue
        most = max(rules.max_reviews, volunteers.get(x, rules.max_reviews))
        if not rules.min_reviews <= load[x] <= most:
            broken(
                "reviews_per_state", "P 29", [x], f"{x} performs {load[x]} reviews, not {rules.min_reviews} to {most}"
            )
    reviewed = {a.get("under_review") for a in assignments}
    if set(states) - reviewed:
        broken("every_state_reviewed", "P 28", set(states) - reviewed, "States without reviewers")

    # the draw follows from its seed: re-draw (or the replay above) and compare
    if again is None:
        theirs = {a["under_review"]: a for a in assignments}
        try:
            for procedure in procedures:
                again = json.loads(
                    result_to_json(
                        draw(list(states.values()), seed, volunteers, rules, procedure), list(states.values())
                    )
                )
                if all(theirs.get(a["under_review"]) == a for a in again["assignments"]):
                    break
        except DrawError as error:
            broken("reproducible", "P 28", error.states, f"the inputs cannot be re-drawn: {error}")
    if again is not None:
        if again["year_groups"] != {str(y): c for y, c in groups.items()}:
            broken("reproducible", "P 16", [], "the year groups do not follow from the seed")
        theirs = {a["under_review"]: a for a in assignments}
        differ = [a["under_review"] for a in again["assignments"] if theirs.get(a["under_review"]) != a]
        if differ:
            broken("reproducible", "P 28", differ, "the reviewers of these States do not follow from the seed")
    return out
