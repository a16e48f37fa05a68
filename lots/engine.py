"""Drawing of lots for the review Mechanism of UNTOC and its Protocols.

Pure Python (standard library only): no Django, nothing else from the project.
The governing text is the annex to COP resolution 9/1 ("Procedures and Rules");
"P n" below is its paragraph n.

* P 16: lots place every State under review in one of three year groups.
* P 28: two reviewing States per State under review, one from its regional
  group ("same_region") and one from another ("other_region"); never itself; no
  mutual reviews; reviewers party to the same instruments, a State party to
  only some of them being drawn only when no State party to all of them can be,
  and then an "additional" reviewer of the same kind covers the instruments it
  lacks; up to two redraws per requesting State per State under review.
* P 29: each State performs at least 1 and at most 3 reviews (a volunteer at
  most its volunteered maximum, which is at least 3).
* P 51: a volunteering signatory is reviewed but never reviews.

The draw is live: picks are announced one by one and never taken back, so every
pick is drawn only among candidates that leave the rest of the draw feasible
(an exact check: a witness completion is kept and repaired, and when a repair
fails a complete search decides). All randomness comes from the seed through
``lots.randomness`` (HMAC-SHA256 + rejection sampling) and every step is
appended to ``LiveDraw.log``; ``LiveDraw.replay`` re-executes a log.

The procedure is specified in ``docs/drawing-of-lots.md``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .randomness import SeededDraw, SeedError

__all__ = [
    "INSTRUMENTS",
    "KINDS",
    "LEGAL_SYSTEMS",
    "MAX_REVIEWS",
    "MIN_REVIEWS",
    "PROCEDURE",
    "REDRAWS_PER_REQUESTER",
    "REGIONS",
    "ROLES",
    "Assignment",
    "DeadEnd",
    "DrawError",
    "DrawResult",
    "LiveDraw",
    "Pick",
    "RedrawRefused",
    "ReplayMismatch",
    "ReviewerAssignment",
    "Slot",
    "StateInput",
    "Violation",
    "draw",
    "result_to_json",
    "verify",
]

PROCEDURE = "untoc-lots/hmac-sha256/1"
INSTRUMENTS: tuple[str, ...] = ("UNTOC", "TIP", "SOM", "FIREARMS")
REGIONS: tuple[str, ...] = ("AFRICAN", "APSG", "EEG", "GRULAC", "WEOG")
LEGAL_SYSTEMS: tuple[str, ...] = (
    "civil",
    "common",
    "mixed",
    "islamic",
    "customary",
    "transitional",
    "",
)
#: families that never count as a match (P 28 soft rule)
UNMATCHABLE_LEGAL_SYSTEMS = frozenset({"transitional", ""})
KINDS: tuple[str, ...] = ("same_region", "other_region")
ROLES: tuple[str, ...] = ("same_region", "other_region", "additional")
MIN_REVIEWS = 1  # P 29
MAX_REVIEWS = 3  # P 29
REDRAWS_PER_REQUESTER = 2  # P 28

_UNTOC = 1  # bit of "UNTOC"; bit i is INSTRUMENTS[i]
_ALL_INSTRUMENTS = (1 << len(INSTRUMENTS)) - 1


# --------------------------------------------------------------------------
# public data types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StateInput:
    """A State subject to review (P 16), as the engine needs it."""

    code: str  # ISO3 (or "EU")
    region: str  # one of REGIONS
    legal_system: str  # one of LEGAL_SYSTEMS
    instruments: frozenset[str]  # instruments it is PARTY to (subset of INSTRUMENTS)
    uncac_party: bool
    can_review: bool = True  # False for a volunteering signatory (P 51)


class DrawError(Exception):
    """The draw is refused: bad input, or no draw can satisfy a rule.

    ``rule`` is a short identifier (e.g. ``"no_mutual_reviews"``), ``paragraph``
    the paragraph of the Procedures and Rules, ``states`` the codes (or region
    names) involved; the message names all three.
    """

    def __init__(self, message: str, *, rule: str = "input", paragraph: str = "", states: Sequence[str] = ()) -> None:
        self.rule = rule
        self.paragraph = paragraph
        self.states = list(states)
        self.detail = message
        prefix = f"[{rule}{', ' + paragraph if paragraph else ''}] "
        super().__init__(prefix + message)


class RedrawRefused(Exception):
    """A redraw request cannot be granted (the refusal is logged)."""


class ReplayMismatch(Exception):
    """Replaying a log did not reproduce it."""


class DeadEnd(RuntimeError):
    """No feasible candidate for a slot: never raised unless the engine is wrong."""


@dataclass(frozen=True)
class Slot:
    """The next slot of the draw."""

    under_review: str
    year: int
    role: str  # same_region | other_region | additional
    kind: str  # same_region | other_region (what an additional stands for)
    instruments: tuple[str, ...]  # instruments still to be covered by this kind


@dataclass(frozen=True)
class Pick:
    """One announced pick (or the result of a redraw)."""

    under_review: str
    reviewer: str
    role: str
    kind: str
    instruments: tuple[str, ...]  # instruments this reviewer covers
    candidates: tuple[str, ...]  # the list it was drawn from (after filtering)
    legal_match: bool
    year: int = 0
    step: int = -1  # position of its entry in the log
    replaced: str | None = None  # for a redraw: the reviewer replaced
    dropped: tuple[str, ...] = ()  # for a redraw: additional reviewers no longer needed


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


@dataclass(frozen=True)
class Violation:
    rule: str
    paragraph: str
    states: list[str]
    message: str


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------


def _bits(mask: int) -> Iterator[int]:
    """Indices of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _inst_mask(names: object) -> int:
    m = 0
    for name in names:  # type: ignore[attr-defined]
        m |= 1 << INSTRUMENTS.index(name)
    return m


def _inst_names(mask: int) -> list[str]:
    return [name for i, name in enumerate(INSTRUMENTS) if mask >> i & 1]


def _normalize(party: list[int], m: int, chain: list[int]) -> tuple[list[int], int]:
    """Sequential coverage: keep the members that cover something new of ``m``."""
    out = []
    for x in chain:
        c = party[x] & m
        if c:
            out.append(x)
            m &= ~c
    return out, m


def _absorb_options(chain: list[int], d: int) -> Iterator[list[int]]:
    """Chains giving ``d`` a place: replace one member, else go first."""
    for pos in range(len(chain)):
        yield chain[:pos] + [d] + chain[pos + 1 :]
    yield [d, *chain]


def _coverages(party: list[int], m: int, chain: list[int]) -> list[int]:
    covs = []
    for x in chain:
        c = party[x] & m
        covs.append(c)
        m &= ~c
    return covs


# --------------------------------------------------------------------------
# the world: static data, indices in code order
# --------------------------------------------------------------------------


class _World:
    def __init__(self, states: list[StateInput], caps: dict[str, int]) -> None:
        self.states = states
        self.codes = [s.code for s in states]
        n = self.n = len(states)
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.region = [REGIONS.index(s.region) for s in states]
        self.party = [_inst_mask(s.instruments) for s in states]
        self.req = [p | _UNTOC for p in self.party]
        self.family = [s.legal_system for s in states]
        self.is_reviewer = [s.can_review for s in states]
        self.cap = [caps.get(s.code, MAX_REVIEWS) if s.can_review else 0 for s in states]
        all_rev = 0
        region_rev = [0] * len(REGIONS)
        region_all = [0] * len(REGIONS)
        for i in range(n):
            b = 1 << i
            region_all[self.region[i]] |= b
            if self.is_reviewer[i]:
                all_rev |= b
                region_rev[self.region[i]] |= b
        self.all_rev = all_rev
        self.region_rev = region_rev
        self.region_all = region_all
        kind_mask = []
        for i in range(n):
            kind_mask.append(region_rev[self.region[i]] & ~(1 << i))
            kind_mask.append(all_rev & ~region_rev[self.region[i]])
        self.kind_mask = kind_mask
        self.any_mask = [0] * 16
        self.all_mask = [0] * 16
        for m in range(16):
            a = f = 0
            for i in _bits(all_rev):
                if self.party[i] & m:
                    a |= 1 << i
                if self.party[i] & m == m:
                    f |= 1 << i
            self.any_mask[m] = a
            self.all_mask[m] = f
        self.family_mask: dict[str, int] = {}
        for i in range(n):
            fam = self.family[i]
            if fam not in UNMATCHABLE_LEGAL_SYSTEMS and self.is_reviewer[i]:
                self.family_mask[fam] = self.family_mask.get(fam, 0) | (1 << i)
        # how many primary slots each reviewer could fill as a full-party reviewer
        opp = [0] * n
        for key in range(2 * n):
            for x in _bits(kind_mask[key] & self.all_mask[self.req[key >> 1]]):
                opp[x] += 1
        self.opportunities = opp


# --------------------------------------------------------------------------
# the board: what has been drawn (fixed picks)
# --------------------------------------------------------------------------


class _Board:
    """Fixed picks. Need ``key = 2*r + k`` (k=0 same region, 1 other region)."""

    __slots__ = ("w", "load", "spare", "deficit", "rev_of", "reviews", "banned", "resid", "chains")

    def __init__(self, w: _World | None) -> None:
        if w is None:
            return
        n = w.n
        self.w = w
        self.load = [0] * n
        self.spare = w.all_rev  # reviewers with load < cap
        self.deficit = w.all_rev  # reviewers with load == 0
        self.rev_of = [0] * n  # reviewers of r (mask)
        self.reviews = [0] * n  # States that x reviews (mask)
        self.banned = [0] * n  # reviewers redrawn away from r
        self.resid = [w.req[key >> 1] for key in range(2 * n)]  # instruments still to cover
        self.chains: list[list[int]] = [[] for _ in range(2 * n)]

    def copy(self) -> _Board:
        b = _Board(None)
        b.w = self.w
        b.load = self.load[:]
        b.spare = self.spare
        b.deficit = self.deficit
        b.rev_of = self.rev_of[:]
        b.reviews = self.reviews[:]
        b.banned = self.banned[:]
        b.resid = self.resid[:]
        b.chains = [c[:] for c in self.chains]
        return b

    def cand(self, key: int, m: int) -> int:
        r = key >> 1
        w = self.w
        return w.kind_mask[key] & w.any_mask[m] & self.spare & ~(self.rev_of[r] | self.reviews[r] | self.banned[r])

    def add_edge(self, x: int, r: int) -> None:
        b = 1 << x
        load = self.load[x] + 1
        self.load[x] = load
        self.deficit &= ~b
        if load >= self.w.cap[x]:
            self.spare &= ~b
        self.rev_of[r] |= b
        self.reviews[x] |= 1 << r

    def remove_edge(self, x: int, r: int) -> None:
        b = 1 << x
        load = self.load[x] - 1
        self.load[x] = load
        if load == 0:
            self.deficit |= b
        if load < self.w.cap[x]:
            self.spare |= b
        self.rev_of[r] &= ~b
        self.reviews[x] &= ~(1 << r)

    def pick(self, key: int, x: int) -> int:
        """Fix ``x`` as next reviewer of need ``key``; return its coverage."""
        cov = self.w.party[x] & self.resid[key]
        self.chains[key].append(x)
        self.resid[key] &= ~cov
        self.add_edge(x, key >> 1)
        return cov

    def replace(self, key: int, pos: int, z: int) -> list[int]:
        """Replace the reviewer at ``pos`` of chain ``key`` by ``z``; return dropped."""
        w = self.w
        r = key >> 1
        chain = self.chains[key]
        x = chain[pos]
        self.remove_edge(x, r)
        self.banned[r] |= 1 << x
        new = chain[:pos] + [z] + chain[pos + 1 :]
        kept, rest = _normalize(w.party, w.req[r], new)
        dropped = [y for y in new if y not in kept]
        for y in dropped:
            self.remove_edge(y, r)
        self.add_edge(z, r)
        self.chains[key] = kept
        self.resid[key] = rest
        return dropped

    def open_keys(self) -> list[int]:
        return [k for k, m in enumerate(self.resid) if m]


# --------------------------------------------------------------------------
# the witness: one completion of the board (all open needs covered)
# --------------------------------------------------------------------------


class _Witness:
    """A completion: chains for the open needs; loads/edges include the board."""

    __slots__ = ("w", "chains", "load", "rev_of", "reviews", "member", "spare")

    def __init__(self, board: _Board, chains: dict[int, list[int]]) -> None:
        w = self.w = board.w
        self.chains = {k: list(c) for k, c in chains.items() if c}
        self.load = board.load[:]
        self.rev_of = board.rev_of[:]
        self.reviews = board.reviews[:]
        self.member: list[set[int]] = [set() for _ in range(w.n)]
        for key, chain in self.chains.items():
            r = key >> 1
            for x in chain:
                self.load[x] += 1
                self.rev_of[r] |= 1 << x
                self.reviews[x] |= 1 << r
                self.member[x].add(key)
        spare = 0
        for x in _bits(w.all_rev):
            if self.load[x] < w.cap[x]:
                spare |= 1 << x
        self.spare = spare

    def _inc(self, x: int, r: int) -> None:
        self.load[x] += 1
        if self.load[x] >= self.w.cap[x]:
            self.spare &= ~(1 << x)
        self.rev_of[r] |= 1 << x
        self.reviews[x] |= 1 << r

    def _dec(self, x: int, r: int) -> None:
        self.load[x] -= 1
        if self.load[x] < self.w.cap[x]:
            self.spare |= 1 << x
        self.rev_of[r] &= ~(1 << x)
        self.reviews[x] &= ~(1 << r)

    def set_chain(self, key: int, new: list[int]) -> None:
        r = key >> 1
        old = self.chains.get(key, [])
        for x in old:
            if x not in new:
                self._dec(x, r)
                self.member[x].discard(key)
        for x in new:
            if x not in old:
                self._inc(x, r)
                self.member[x].add(key)
        if new:
            self.chains[key] = list(new)
        else:
            self.chains.pop(key, None)

    def add_fixed(self, x: int, r: int) -> None:
        self._inc(x, r)

    def remove_fixed(self, x: int, r: int) -> None:
        self._dec(x, r)


def _check_witness(board: _Board, wit: _Witness) -> None:
    """Full consistency check of a witness (debugging and tests)."""
    w = board.w
    fresh = _Witness(board, wit.chains)
    assert fresh.load == wit.load, "loads"
    assert fresh.rev_of == wit.rev_of and fresh.reviews == wit.reviews, "edges"
    assert fresh.spare == wit.spare, "spare"
    for key in range(2 * w.n):
        m = board.resid[key]
        chain = wit.chains.get(key, [])
        if not m:
            assert not chain, f"chain for closed need {key}"
            continue
        kept, rest = _normalize(w.party, m, chain)
        assert kept == chain and rest == 0, f"chain {key} does not cover"
        r = key >> 1
        for x in chain:
            assert w.kind_mask[key] >> x & 1, "region"
            assert not board.banned[r] >> x & 1, "banned"
    for x in _bits(w.all_rev):
        assert 1 <= wit.load[x] <= w.cap[x], f"load of {w.codes[x]} = {wit.load[x]}"
        assert not wit.reviews[x] & wit.rev_of[x], f"mutual for {w.codes[x]}"
    for x in range(w.n):
        if not w.is_reviewer[x]:
            assert wit.load[x] == 0 and not wit.reviews[x]


# --------------------------------------------------------------------------
# exact feasibility: greedy, then complete depth-first search
# --------------------------------------------------------------------------


class _Search:
    """Search for a completion of a board (exact: the DFS is complete)."""

    def __init__(self, board: _Board, ignore_mutual: bool = False) -> None:
        self.w = board.w
        self.load = board.load[:]
        self.spare = board.spare
        self.deficit = board.deficit
        self.rev_of = board.rev_of[:]
        self.reviews = board.reviews[:]
        self.banned = board.banned
        self.resid = {k: m for k, m in enumerate(board.resid) if m}
        self._orig = dict(self.resid)
        self.chains: dict[int, list[int]] = {k: [] for k in self.resid}
        self.ignore_mutual = ignore_mutual
        self.nodes = 0

    def cand(self, key: int, m: int) -> int:
        r = key >> 1
        w = self.w
        block = self.rev_of[r] | self.banned[r]
        if not self.ignore_mutual:
            block |= self.reviews[r]
        return w.kind_mask[key] & w.any_mask[m] & self.spare & ~block

    def assign(self, key: int, x: int) -> int:
        w = self.w
        r = key >> 1
        old = self.resid[key]
        self.chains[key].append(x)
        new = old & ~w.party[x]
        if new:
            self.resid[key] = new
        else:
            del self.resid[key]
        b = 1 << x
        load = self.load[x] + 1
        self.load[x] = load
        self.deficit &= ~b
        if load >= w.cap[x]:
            self.spare &= ~b
        self.rev_of[r] |= b
        self.reviews[x] |= 1 << r
        return old

    def unassign(self, key: int, x: int, old: int) -> None:
        r = key >> 1
        self.chains[key].pop()
        self.resid[key] = old
        b = 1 << x
        load = self.load[x] - 1
        self.load[x] = load
        if load == 0:
            self.deficit |= b
        self.spare |= b
        self.rev_of[r] &= ~b
        self.reviews[x] &= ~(1 << r)

    def _order(self, key: int, c: int, hint: dict[int, list[int]] | None, first: int = -1) -> list[int]:
        """Value ordering: forced deficit, hint, full deficits, full, partial."""
        w = self.w
        m = self.resid[key]
        out: list[int] = []
        if first >= 0:
            out.append(first)
        if hint is not None:
            hc = hint.get(key)
            if hc:
                pos = len(self.chains[key])
                if pos < len(hc) and c >> hc[pos] & 1:
                    out.append(hc[pos])
        full = c & w.all_mask[m]
        fd = sorted(_bits(full & self.deficit), key=lambda x: w.opportunities[x])
        fo = sorted(_bits(full & ~self.deficit), key=lambda x: self.load[x])
        pd = list(_bits(c & ~full & self.deficit))
        po = sorted(_bits(c & ~full & ~self.deficit), key=lambda x: self.load[x])
        seen = set(out)
        for x in fd + fo + pd + po:
            if x not in seen:
                out.append(x)
                seen.add(x)
        return out

    # -- greedy -------------------------------------------------------------

    def greedy(self, hint: dict[int, list[int]] | None) -> dict[int, list[int]] | None:
        w = self.w
        keys = sorted(self.resid, key=lambda k: (self.cand(k, self.resid[k]).bit_count(), k))
        for key in keys:
            while key in self.resid:
                m = self.resid[key]
                c = self.cand(key, m)
                if not c:
                    return None
                x = -1
                if hint is not None:
                    hc = hint.get(key)
                    pos = len(self.chains[key])
                    if hc and pos < len(hc) and c >> hc[pos] & 1:
                        x = hc[pos]
                if x < 0:
                    full = c & w.all_mask[m]
                    pool = full & self.deficit or full or c & self.deficit or c
                    if pool & self.deficit:
                        x = min(_bits(pool), key=lambda i: (w.opportunities[i], i))
                    else:
                        x = min(_bits(pool), key=lambda i: (self.load[i], i))
                self.assign(key, x)
        if self.deficit:
            return self._repair_deficits()
        return {k: c for k, c in self.chains.items() if c}

    def _repair_deficits(self) -> dict[int, list[int]] | None:
        """Give each reviewer with no review one slot taken from a loaded one."""
        w = self.w
        for d in list(_bits(self.deficit)):
            done = False
            for key, chain in self.chains.items():
                if not w.kind_mask[key] >> d & 1:
                    continue
                r = key >> 1
                if self.rev_of[r] >> d & 1 or self.banned[r] >> d & 1:
                    continue
                if not self.ignore_mutual and self.reviews[r] >> d & 1:
                    continue
                full_m = self._chain_need(key)
                for new in _absorb_options(chain, d):
                    kept, rest = _normalize(w.party, full_m, new)
                    if rest or d not in kept:
                        continue
                    if any(self.load[z] < 2 for z in chain if z not in kept):
                        continue
                    for z in chain:
                        if z not in kept:
                            self._edge(z, r, -1)
                    for z in kept:
                        if z not in chain:
                            self._edge(z, r, +1)
                    self.chains[key] = kept
                    done = True
                    break
                if done:
                    break
            if not done:
                return None
        return {k: c for k, c in self.chains.items() if c}

    def _chain_need(self, key: int) -> int:
        """Instruments the (complete) chain of ``key`` covers."""
        return self._orig[key]

    def _edge(self, x: int, r: int, d: int) -> None:
        w = self.w
        b = 1 << x
        load = self.load[x] + d
        self.load[x] = load
        if load == 0:
            self.deficit |= b
        else:
            self.deficit &= ~b
        if load >= w.cap[x]:
            self.spare &= ~b
        else:
            self.spare |= b
        if d > 0:
            self.rev_of[r] |= b
            self.reviews[x] |= 1 << r
        else:
            self.rev_of[r] &= ~b
            self.reviews[x] &= ~(1 << r)

    # -- complete search ----------------------------------------------------

    def _choose(self, hint: dict[int, list[int]] | None) -> list | None | bool:
        """True: complete; None: dead; else [key, values]."""
        resid = self.resid
        deficit = self.deficit
        if not resid:
            return True if not deficit else None
        best_key = -1
        best_c = 0
        best_cnt = 1 << 30
        union = once = twice = 0
        absorb = 0
        for key, m in resid.items():
            c = self.cand(key, m)
            if not c:
                return None
            cnt = c.bit_count()
            union |= c
            twice |= once & c
            once |= c
            if deficit:
                absorb += min(m.bit_count(), (c & deficit).bit_count())
            if cnt < best_cnt:
                best_cnt, best_key, best_c = cnt, key, c
        if deficit:
            if deficit & ~union:
                return None
            if deficit.bit_count() > absorb:
                return None
            forced = deficit & once & ~twice
            if forced:
                d = (forced & -forced).bit_length() - 1
                for key, m in resid.items():
                    c = self.cand(key, m)
                    if c >> d & 1:
                        return [key, self._order(key, c, hint, first=d)]
            if len(resid) <= 48 and not self._matching_ok():
                return None
        return [best_key, self._order(best_key, best_c, hint)]

    def _matching_ok(self) -> bool:
        """Every reviewer with no review can get a distinct slot (Hall)."""
        w = self.w
        deficits = list(_bits(self.deficit))
        keys = list(self.resid)
        capk = {k: self.resid[k].bit_count() for k in keys}
        adj = {}
        for d in deficits:
            adj[d] = [k for k in keys if self.cand(k, self.resid[k]) >> d & 1]
        match: dict[int, list[int]] = {k: [] for k in keys}

        def augment(d: int, seen: set[int]) -> bool:
            for k in adj[d]:
                if k in seen:
                    continue
                seen.add(k)
                if len(match[k]) < capk[k]:
                    match[k].append(d)
                    return True
                for i, other in enumerate(match[k]):
                    if augment(other, seen):
                        match[k][i] = d
                        return True
            return False

        del w
        return all(augment(d, set()) for d in deficits)

    def dfs(self, hint: dict[int, list[int]] | None, limit: int | None = None) -> dict[int, list[int]] | None:
        stack: list[list] = []  # [key, values, idx, old_resid]
        while True:
            self.nodes += 1
            if limit is not None and self.nodes > limit:
                raise _SearchLimit
            sel = self._choose(hint)
            if sel is True:
                return {k: list(c) for k, c in self.chains.items() if c}
            if sel is None:
                while stack:
                    frame = stack[-1]
                    key, values, idx, old = frame
                    self.unassign(key, values[idx], old)
                    idx += 1
                    if idx < len(values):
                        frame[2] = idx
                        frame[3] = self.assign(key, values[idx])
                        break
                    stack.pop()
                else:
                    return None
                continue
            key, values = sel
            old = self.assign(key, values[0])
            stack.append([key, values, 0, old])


class _SearchLimit(Exception):
    pass


def _solve(
    board: _Board, hint: dict[int, list[int]] | None = None, *, ignore_mutual: bool = False
) -> dict[int, list[int]] | None:
    """A completion of ``board`` (chains per open need), or None if there is none."""
    s = _Search(board, ignore_mutual)
    res = s.greedy(hint)
    if res is not None:
        return res
    s = _Search(board, ignore_mutual)
    return s.dfs(hint)


# --------------------------------------------------------------------------
# local repair of a witness (fast path of the feasibility filter)
# --------------------------------------------------------------------------

_MAX_MOVES = 8


class _Overlay:
    """Changes to a witness, checked and repaired locally."""

    __slots__ = ("W", "board", "w", "chains", "dload", "add", "rem", "resid")

    def __init__(self, W: _Witness, board: _Board) -> None:
        self.W = W
        self.board = board  # the board AFTER the change (banned, resid)
        self.w = W.w
        self.chains: dict[int, list[int]] = {}
        self.dload: dict[int, int] = {}
        self.add: set[tuple[int, int]] = set()
        self.rem: set[tuple[int, int]] = set()
        self.resid: dict[int, int] = {}

    def chain(self, key: int) -> list[int]:
        if key in self.chains:
            return self.chains[key]
        return self.W.chains.get(key, [])

    def need(self, key: int) -> int:
        return self.board.resid[key]

    def load(self, x: int) -> int:
        return self.W.load[x] + self.dload.get(x, 0)

    def edge(self, a: int, b: int) -> bool:
        """Does ``a`` review ``b`` (board + witness + changes)?"""
        if (a, b) in self.add:
            return True
        if (a, b) in self.rem:
            return False
        return bool(self.W.reviews[a] >> b & 1)

    def edge_add(self, a: int, b: int) -> None:
        if (a, b) in self.rem:
            self.rem.discard((a, b))
        else:
            self.add.add((a, b))
        self.dload[a] = self.dload.get(a, 0) + 1

    def edge_rem(self, a: int, b: int) -> None:
        if (a, b) in self.add:
            self.add.discard((a, b))
        else:
            self.rem.add((a, b))
        self.dload[a] = self.dload.get(a, 0) - 1

    def set_chain(self, key: int, new: list[int]) -> None:
        old = self.chain(key)
        r = key >> 1
        for x in old:
            if x not in new:
                self.edge_rem(x, r)
        for x in new:
            if x not in old:
                self.edge_add(x, r)
        self.chains[key] = new

    def eligible(self, z: int, key: int) -> bool:
        r = key >> 1
        return bool(
            self.w.kind_mask[key] >> z & 1
            and not self.board.banned[r] >> z & 1
            and not self.edge(z, r)
            and not self.edge(r, z)
        )

    # -- violations and moves ---------------------------------------------

    def violation(self) -> tuple | None:
        w = self.w
        for a, b in sorted(self.add):
            if self.edge(b, a):
                return ("mutual", a, b)
        for key in sorted(self.chains):
            m = self.need(key)
            kept, rest = _normalize(w.party, m, self.chains[key])
            if rest:
                return ("uncovered", key)
        for x in sorted(self.dload):
            load = self.load(x)
            if load > w.cap[x]:
                return ("over", x)
            if load == 0 and w.is_reviewer[x]:
                return ("under", x)
        return None

    def _replace_in(self, key: int, x: int) -> bool:
        """Replace ``x`` in the witness chain of ``key`` by another reviewer."""
        w = self.w
        chain = self.chain(key)
        if x not in chain:
            return False
        m = self.need(key)
        pos = chain.index(x)
        r = key >> 1
        pool = w.kind_mask[key] & w.any_mask[m] & ~self.board.banned[r] & ~self.W.rev_of[r]
        best = None
        best_load = 1 << 30
        for z in _bits(pool & self.W.spare):
            if z == x or z in chain:
                continue
            load = self.load(z)
            if load >= w.cap[z] or load >= best_load or not self.eligible(z, key):
                continue
            new = chain[:pos] + [z] + chain[pos + 1 :]
            kept, rest = _normalize(w.party, m, new)
            if rest or z not in kept:
                continue
            best, best_load = kept, load
            if load <= 1:
                break
        if best is None:
            return False
        self.set_chain(key, best)
        return True

    def _fix_under(self, d: int) -> bool:
        w = self.w
        keys = set(self.W.chains) | set(self.chains)
        for key in sorted(keys):
            chain = self.chain(key)
            if not chain or not self.eligible(d, key) or d in chain:
                continue
            m = self.need(key)
            if not m:
                continue
            for new in _absorb_options(chain, d):
                kept, rest = _normalize(w.party, m, new)
                if rest or d not in kept:
                    continue
                if any(self.load(z) < 2 for z in chain if z not in kept):
                    continue
                self.set_chain(key, kept)
                return True
        return False

    def _fix_uncovered(self, key: int) -> bool:
        w = self.w
        m = self.need(key)
        chain = self.chain(key)
        kept, rest = _normalize(w.party, m, chain)
        r = key >> 1
        pool = w.kind_mask[key] & w.any_mask[rest] & ~self.board.banned[r] & ~self.W.rev_of[r]
        best = -1
        for z in _bits(pool):
            if z in kept or self.load(z) >= w.cap[z] or not self.eligible(z, key):
                continue
            if w.party[z] & rest == rest:
                best = z
                break
            if best < 0:
                best = z
        if best < 0:
            return False
        self.set_chain(key, kept + [best])
        return True

    def repair(self) -> bool:
        for _ in range(_MAX_MOVES):
            v = self.violation()
            if v is None:
                return True
            kind = v[0]
            if kind == "mutual":
                _, a, b = v  # a reviews b (new) and b reviews a
                if not (self._replace_in(2 * a, b) or self._replace_in(2 * a + 1, b)):
                    return False
            elif kind == "uncovered":
                if not self._fix_uncovered(v[1]):
                    return False
            elif kind == "over":
                x = v[1]
                keys = sorted(k for k in (set(self.W.member[x]) | set(self.chains)) if x in self.chain(k))
                if not any(self._replace_in(k, x) for k in keys):
                    return False
            else:
                if not self._fix_under(v[1]):
                    return False
        return self.violation() is None

    def commit(self, W: _Witness) -> None:
        """Apply the chain changes to ``W`` (board edges are applied separately)."""
        for key, chain in self.chains.items():
            W.set_chain(key, chain if self.need(key) else [])


# --------------------------------------------------------------------------
# the live draw
# --------------------------------------------------------------------------


def _inputs_digest(states: list[StateInput], volunteers: dict[str, int]) -> str:
    payload = {
        "states": [
            [
                s.code,
                s.region,
                s.legal_system,
                [i for i in INSTRUMENTS if i in s.instruments],
                bool(s.uncac_party),
                bool(s.can_review),
            ]
            for s in states
        ],
        "volunteers": [[c, volunteers[c]] for c in sorted(volunteers)],
    }
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def _validate(states: Sequence[StateInput], volunteers: Mapping[str, int] | None) -> tuple[list, dict]:
    if not states:
        raise DrawError("there is no State to review", rule="input", paragraph="P 16")
    seen: set[str] = set()
    for s in states:
        if not isinstance(s, StateInput):
            raise DrawError(f"not a StateInput: {s!r}")
        if not isinstance(s.code, str) or not s.code or "|" in s.code:
            raise DrawError(f"invalid State code {s.code!r}")
        if s.code in seen:
            raise DrawError(f"State {s.code} is listed twice", states=[s.code], paragraph="P 16")
        seen.add(s.code)
        if s.region not in REGIONS:
            raise DrawError(
                f"State {s.code} has region {s.region!r}, not one of {', '.join(REGIONS)}",
                states=[s.code],
            )
        if s.legal_system not in LEGAL_SYSTEMS:
            raise DrawError(
                f"State {s.code} has legal system {s.legal_system!r}, not one of "
                f"{', '.join(repr(x) for x in LEGAL_SYSTEMS)}",
                states=[s.code],
            )
        bad = set(s.instruments) - set(INSTRUMENTS)
        if bad:
            raise DrawError(f"State {s.code}: unknown instruments {sorted(bad)}", states=[s.code])
        if s.can_review and "UNTOC" not in s.instruments:
            raise DrawError(
                f"State {s.code} can review but is not party to UNTOC: only States parties "
                "review (P 28); a volunteering signatory has can_review=False (P 51)",
                rule="reviewer_is_party",
                paragraph="P 28, P 51",
                states=[s.code],
            )
        if not s.can_review and "UNTOC" in s.instruments:
            raise DrawError(
                f"State {s.code} is party to UNTOC but has can_review=False: every State party "
                "performs reviews (P 29); only a volunteering signatory does not (P 51)",
                rule="review_capacity",
                paragraph="P 29, P 51",
                states=[s.code],
            )
    ordered = sorted(states, key=lambda s: s.code)
    caps: dict[str, int] = {}
    by_code = {s.code: s for s in ordered}
    for code, value in (volunteers or {}).items():
        s = by_code.get(code)
        if s is None or not s.can_review:
            raise DrawError(
                f"volunteer {code!r} is not a State party under review",
                rule="volunteers",
                paragraph="P 29",
                states=[str(code)],
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < MAX_REVIEWS:
            raise DrawError(
                f"volunteer {code} offers {value!r} reviews: a volunteered maximum must be an "
                f"integer of at least {MAX_REVIEWS}",
                rule="volunteers",
                paragraph="P 29",
                states=[code],
            )
        caps[code] = value
    return ordered, dict(sorted(caps.items()))


def _feasibility(world: _World) -> dict[int, list[int]]:
    """Refuse up front a world where no draw can meet the hard rules."""
    w = world
    codes = w.codes
    for r in range(w.n):
        region = REGIONS[w.region[r]]
        if not w.kind_mask[2 * r]:
            members = [codes[i] for i in _bits(w.region_all[w.region[r]])]
            raise DrawError(
                f"nobody from the same region can review {codes[r]}: region {region} has no "
                f"other State party that can review (its States: {', '.join(members)})",
                rule="same_region_reviewer",
                paragraph="P 28",
                states=[codes[r], region],
            )
        if not w.kind_mask[2 * r + 1]:
            raise DrawError(
                f"nobody from another region can review {codes[r]}: no State party outside {region} can review",
                rule="other_region_reviewer",
                paragraph="P 28",
                states=[codes[r], region],
            )
        for k, kind in enumerate(KINDS):
            for i in _bits(w.req[r]):
                if not w.kind_mask[2 * r + k] & w.any_mask[1 << i]:
                    where = f"in {region}" if k == 0 else f"outside {region}"
                    raise DrawError(
                        f"no reviewer party to {INSTRUMENTS[i]} {where} for {codes[r]} ({kind} reviewer)",
                        rule="instrument_coverage",
                        paragraph="P 28",
                        states=[codes[r], region, INSTRUMENTS[i]],
                    )
    for g, region in enumerate(REGIONS):
        members = list(_bits(w.region_all[g]))
        if len(members) == 2 and all(w.is_reviewer[i] for i in members):
            a, b = (codes[i] for i in members)
            raise DrawError(
                f"region {region} has only {a} and {b}: each could only be reviewed from its "
                "region by the other, which would be a mutual review",
                rule="no_mutual_reviews",
                paragraph="P 28",
                states=[a, b, region],
            )
    total_cap = sum(w.cap)
    if 2 * w.n > total_cap:
        raise DrawError(
            f"too few reviewers: {w.n} States under review need {2 * w.n} reviews, the "
            f"{bin(w.all_rev).count('1')} reviewers can perform at most {total_cap}",
            rule="review_capacity",
            paragraph="P 29",
        )
    for g, region in enumerate(REGIONS):
        inside = w.region_all[g].bit_count()
        if not inside:
            continue
        cap_in = sum(w.cap[i] for i in _bits(w.region_rev[g]))
        cap_out = sum(w.cap[i] for i in _bits(w.all_rev & ~w.region_rev[g]))
        if inside > cap_in:
            raise DrawError(
                f"region {region}: its {inside} States under review need {inside} same-region "
                f"reviews, its reviewers can perform at most {cap_in}",
                rule="review_capacity",
                paragraph="P 29",
                states=[region],
            )
        if inside > cap_out:
            raise DrawError(
                f"region {region}: its {inside} States under review need {inside} reviews from "
                f"other regions, which can perform at most {cap_out}",
                rule="review_capacity",
                paragraph="P 29",
                states=[region],
            )
    board = _Board(world)
    chains = _solve(board)
    if chains is not None:
        return chains
    if _solve(board, ignore_mutual=True) is None:
        raise DrawError(
            "no draw can give every State under review its reviewers (same region, other region, "
            "instruments) while every State party performs between "
            f"{MIN_REVIEWS} and its maximum number of reviews",
            rule="review_capacity",
            paragraph="P 28, P 29",
        )
    raise DrawError(
        "every draw meeting the region, instrument and capacity rules contains a mutual review",
        rule="no_mutual_reviews",
        paragraph="P 28",
    )


_FEASIBILITY_CACHE: dict[str, dict[int, list[int]] | DrawError] = {}


class LiveDraw:
    """A drawing of lots conducted pick by pick (see the module docstring)."""

    def __init__(
        self,
        states: Sequence[StateInput],
        seed: str,
        volunteers: Mapping[str, int] | None = None,
    ) -> None:
        try:
            SeededDraw(seed)
        except SeedError as exc:
            raise DrawError(str(exc), rule="seed", paragraph="P 16, P 28") from None
        self.seed = seed.lower()
        self._rng = SeededDraw(self.seed)
        ordered, caps = _validate(states, volunteers)
        self._states = ordered
        self.volunteers = caps
        self._world = world = _World(ordered, caps)
        digest = _inputs_digest(ordered, caps)
        cached = _FEASIBILITY_CACHE.get(digest)
        if cached is None:
            try:
                cached = _feasibility(world)
            except DrawError as exc:
                cached = exc
            if len(_FEASIBILITY_CACHE) > 16:
                _FEASIBILITY_CACHE.clear()
            _FEASIBILITY_CACHE[digest] = cached
        if isinstance(cached, DrawError):
            raise DrawError(cached.detail, rule=cached.rule, paragraph=cached.paragraph, states=cached.states)
        self._board = _Board(world)
        self._wit = _Witness(self._board, cached)
        self._year = [0] * world.n
        self._order: list[int] = []
        self._cursor = 0
        self._selected = False
        self._confirmed = False
        self._redraws: dict[tuple[int, int], int] = {}
        self.debug = False
        self.log: list[dict] = [
            {
                "step": 0,
                "action": "start",
                "procedure": PROCEDURE,
                "seed": self.seed,
                "inputs_sha256": digest,
                "states": [s.code for s in ordered],
                "volunteers": dict(caps),
            }
        ]

    # -- selection (P 16) ----------------------------------------------------

    def run_selection(self) -> dict[int, list[str]]:
        """Place every State in year group 1, 2 or 3 and order each year (logged)."""
        if self._selected:
            raise RuntimeError("the selection has already been drawn")
        w = self._world
        rng = self._rng
        step = len(self.log)
        offset = rng.below(3, f"{step}|year_offset")
        self.log.append({"step": step, "action": "year_offset", "offset": offset})
        k = 0
        groups: dict[int, list[int]] = {1: [], 2: [], 3: []}
        for g, region in enumerate(REGIONS):
            remaining = list(_bits(w.region_all[g]))
            t = 0
            while remaining:
                step = len(self.log)
                j = rng.below(len(remaining), f"{step}|select|{region}|{t}")
                cands = [w.codes[i] for i in remaining]
                s = remaining.pop(j)
                year = (offset + k) % 3 + 1
                k += 1
                t += 1
                self._year[s] = year
                groups[year].append(s)
                self.log.append(
                    {
                        "step": step,
                        "action": "select",
                        "region": region,
                        "candidates": cands,
                        "index": j,
                        "state": w.codes[s],
                        "year": year,
                    }
                )
        for year in (1, 2, 3):
            remaining = sorted(groups[year])
            t = 0
            while remaining:
                step = len(self.log)
                j = rng.below(len(remaining), f"{step}|order|{year}|{t}")
                cands = [w.codes[i] for i in remaining]
                s = remaining.pop(j)
                t += 1
                self._order.append(s)
                self.log.append(
                    {
                        "step": step,
                        "action": "order",
                        "year": year,
                        "candidates": cands,
                        "index": j,
                        "state": w.codes[s],
                        "position": t,
                    }
                )
        self._selected = True
        return self.year_groups()

    def year_groups(self) -> dict[int, list[str]]:
        w = self._world
        out: dict[int, list[str]] = {1: [], 2: [], 3: []}
        if self._selected:
            for i in range(w.n):
                out[self._year[i]].append(w.codes[i])
        return out

    # -- picks (P 28) ----------------------------------------------------------

    def _next_key(self) -> int | None:
        board = self._board
        order = self._order
        while self._cursor < len(order):
            r = order[self._cursor]
            for key in (2 * r, 2 * r + 1):
                if not board.chains[key]:
                    return key
            for key in (2 * r, 2 * r + 1):
                if board.resid[key]:
                    return key
            self._cursor += 1
        return None

    def _slot_of(self, key: int) -> Slot:
        w = self._world
        r, k = key >> 1, key & 1
        role = KINDS[k] if not self._board.chains[key] else "additional"
        return Slot(w.codes[r], self._year[r], role, KINDS[k], tuple(_inst_names(self._board.resid[key])))

    def next_slot(self) -> Slot | None:
        """The slot the next pick fills (None when every slot is filled)."""
        if not self._selected:
            return None
        key = self._next_key()
        return None if key is None else self._slot_of(key)

    def _legal_pool(self, r: int, feasible: int, exclude: int = 0) -> tuple[int, bool]:
        w = self._world
        fam = w.family[r]
        if fam in UNMATCHABLE_LEGAL_SYSTEMS:
            return feasible, False
        fm = w.family_mask.get(fam, 0)
        if self._board.rev_of[r] & ~exclude & fm:
            return feasible, False
        pref = feasible & fm
        if pref:
            return pref, True
        return feasible, False

    def _check_candidates(self, key: int, m: int, mask: int) -> tuple[int, dict[int, object]]:
        """Feasible subset of ``mask`` for the next pick of need ``key``."""
        if not mask:
            return 0, {}
        w = self._world
        W = self._wit
        r = key >> 1
        plans: dict[int, object] = {}
        quick = 0
        chain = W.chains.get(key, [])
        if len(chain) == 1:
            c0 = chain[0]
            base = mask & W.spare & ~W.reviews[r]
            full = w.all_mask[m]
            quick |= base & ~full  # partial: c0 stays as the additional reviewer
            fb = base & full & ~(1 << c0)
            if fb:
                if W.load[c0] >= 2:
                    quick |= fb
                else:
                    reloc = self._relocation(key, c0)
                    if reloc is not None:
                        quick |= fb
                        for x in _bits(fb):
                            plans[x] = reloc
            quick |= mask & (1 << c0)
        feasible = quick
        for x in _bits(mask & ~quick):
            plan = self._plan_repair(key, x)
            if plan is None:
                plan = self._plan_exact(key, x)
            if plan is not None:
                feasible |= 1 << x
                plans[x] = plan
        return feasible, plans

    def _after_pick(self, key: int, x: int) -> _Board:
        b = self._board.copy()
        b.pick(key, x)
        return b

    def _relocation(self, key: int, c0: int) -> _Overlay | None:
        """Witness change: c0 leaves ``key`` and takes a slot elsewhere."""
        board = self._board.copy()
        board.resid[key] = 0
        ov = _Overlay(self._wit, board)
        ov.set_chain(key, [])
        if ov._fix_under(c0) and ov.violation() is None:
            return ov
        return None

    def _plan_repair(self, key: int, x: int) -> _Overlay | None:
        after = self._after_pick(key, x)
        ov = _Overlay(self._wit, after)
        r = key >> 1
        chain = [y for y in self._wit.chains.get(key, []) if y != x]
        m = after.resid[key]
        kept, rest = _normalize(self._world.party, m, chain)
        ov.set_chain(key, kept)
        ov.edge_add(x, r)
        if ov.repair():
            return ov
        return None

    def _plan_exact(self, key: int, x: int) -> dict[int, list[int]] | None:
        after = self._after_pick(key, x)
        return _solve(after, self._wit.chains)

    def _commit(self, key: int, x: int, plan: object) -> int:
        """Fix pick ``x`` for need ``key`` and update the witness."""
        W = self._wit
        r = key >> 1
        if isinstance(plan, dict):
            cov = self._board.pick(key, x)
            self._wit = _Witness(self._board, plan)
        else:
            if isinstance(plan, _Overlay):
                plan.commit(W)
                if key not in plan.chains:
                    chain = [y for y in W.chains.get(key, []) if y != x]
                    W.set_chain(key, chain)
            else:
                chain = [y for y in W.chains.get(key, []) if y != x]
                W.set_chain(key, chain)
            cov = self._board.pick(key, x)
            m = self._board.resid[key]
            kept, rest = _normalize(self._world.party, m, W.chains.get(key, []))
            W.set_chain(key, kept if m else [])
            W.add_fixed(x, r)
        if self.debug:
            _check_witness(self._board, self._wit)
        return cov

    def pick_next(self) -> Pick:
        """Draw the next pick (feasibility filter, full-party tier, legal preference)."""
        self._require_live()
        key = self._next_key()
        if key is None:
            raise RuntimeError("the draw is complete: no slot is left")
        w = self._world
        board = self._board
        r, k = key >> 1, key & 1
        m = board.resid[key]
        role = KINDS[k] if not board.chains[key] else "additional"
        cand = board.cand(key, m)
        feasible, plans = self._check_candidates(key, m, cand & w.all_mask[m])
        tier = "full_party"
        if not feasible:
            feasible, plans = self._check_candidates(key, m, cand & ~w.all_mask[m])
            tier = "partial_party"
        if not feasible:
            raise DeadEnd(f"no feasible candidate for {w.codes[r]} ({role})")
        pool, legal_pref = self._legal_pool(r, feasible)
        step = len(self.log)
        idx = list(_bits(pool))
        j = self._rng.below(len(idx), f"{step}|pick|{w.codes[r]}|{role}|{KINDS[k]}")
        x = idx[j]
        cov = self._commit(key, x, plans.get(x))
        match = self._legal_match(r, x)
        cands = [w.codes[i] for i in idx]
        self.log.append(
            {
                "step": step,
                "action": "pick",
                "under_review": w.codes[r],
                "year": self._year[r],
                "role": role,
                "kind": KINDS[k],
                "required": _inst_names(m),
                "tier": tier,
                "feasible": [w.codes[i] for i in _bits(feasible)],
                "legal_preference": legal_pref,
                "candidates": cands,
                "index": j,
                "reviewer": w.codes[x],
                "instruments": _inst_names(cov),
                "legal_match": match,
            }
        )
        return Pick(
            under_review=w.codes[r],
            reviewer=w.codes[x],
            role=role,
            kind=KINDS[k],
            instruments=tuple(_inst_names(cov)),
            candidates=tuple(cands),
            legal_match=match,
            year=self._year[r],
            step=step,
        )

    def _legal_match(self, r: int, x: int) -> bool:
        w = self._world
        return w.family[r] not in UNMATCHABLE_LEGAL_SYSTEMS and w.family[r] == w.family[x]

    def run_all(self) -> DrawResult:
        """Selection (if not drawn yet) and every remaining pick."""
        if not self._selected:
            self.run_selection()
        while self._next_key() is not None:
            self.pick_next()
        return self.result()

    def _require_live(self) -> None:
        if not self._selected:
            raise RuntimeError("run_selection() first: the year groups are drawn before the picks")
        if self._confirmed:
            raise RuntimeError("the session is confirmed")

    # -- redraws (P 28) --------------------------------------------------------

    def redraw(
        self,
        *,
        under_review: str,
        reviewer: str,
        requested_by: str,
        exceptional_reason: str | None = None,
        defer: bool = False,
    ) -> Pick | None:
        """Replace ``reviewer`` of ``under_review`` by another feasible candidate.

        ``requested_by`` is the State under review or one of its reviewing
        States; each may request at most two redraws per State under review
        (a further one needs ``exceptional_reason``). ``defer=True`` records the
        request without changing anything. Every request is logged, refusals
        included (the refusal then raises RedrawRefused).
        """
        if self._confirmed:
            raise RedrawRefused("the session is confirmed: no redraw is possible")
        w = self._world
        board = self._board
        step = len(self.log)
        reason = exceptional_reason.strip() if isinstance(exceptional_reason, str) else None
        entry: dict = {
            "step": step,
            "action": "redraw",
            "under_review": under_review,
            "reviewer": reviewer,
            "requested_by": requested_by,
            "exceptional_reason": reason or None,
            "deferred": bool(defer),
        }

        def refuse(message: str) -> RedrawRefused:
            entry["outcome"] = "refused"
            entry["reason"] = message
            self.log.append(entry)
            return RedrawRefused(message)

        if not self._selected:
            raise refuse("nothing has been drawn yet")
        r = w.index.get(under_review)
        x = w.index.get(reviewer)
        q = w.index.get(requested_by)
        if r is None or x is None or q is None:
            raise refuse("unknown State code")
        key = pos = -1
        for kk in (2 * r, 2 * r + 1):
            if x in board.chains[kk]:
                key, pos = kk, board.chains[kk].index(x)
        if key < 0:
            raise refuse(f"{reviewer} is not reviewing {under_review}")
        if q != r and not board.rev_of[r] >> q & 1:
            raise refuse(
                f"{requested_by} may not request this redraw: only the State under review and "
                "its reviewing States may (P 28)"
            )
        used = self._redraws.get((q, r), 0)
        entry["request_number"] = used + 1
        entry["exceptional"] = used >= REDRAWS_PER_REQUESTER
        if used >= REDRAWS_PER_REQUESTER and not reason:
            raise refuse(
                f"{requested_by} has already requested {used} redraws for {under_review}: a "
                "further redraw needs an exceptional decision (give exceptional_reason) (P 28)"
            )
        if defer:
            entry["outcome"] = "deferred"
            self.log.append(entry)
            return None
        chain = board.chains[key]
        m_p = w.req[r]
        for y in chain[:pos]:
            m_p &= ~w.party[y]
        role = KINDS[key & 1] if pos == 0 else "additional"
        cand = board.cand(key, m_p) & ~(1 << x)
        tier = "full_party"
        feasible, plans = self._redraw_candidates(key, pos, cand & w.all_mask[m_p])
        if not feasible:
            feasible, plans = self._redraw_candidates(key, pos, cand & ~w.all_mask[m_p])
            tier = "partial_party"
        if not feasible:
            raise refuse(f"no other feasible reviewer can replace {reviewer} for {under_review}")
        pool, legal_pref = self._legal_pool(r, feasible, exclude=1 << x)
        idx = list(_bits(pool))
        j = self._rng.below(len(idx), f"{step}|redraw|{under_review}|{reviewer}|{requested_by}")
        z = idx[j]
        after, plan = plans[z]
        dropped = self._commit_redraw(key, pos, z, after, plan)
        new_chain = self._board.chains[key]
        cov = _coverages(w.party, w.req[r], new_chain)[new_chain.index(z)]
        self._redraws[(q, r)] = used + 1
        self._cursor = min(self._cursor, self._order.index(r))
        match = self._legal_match(r, z)
        cands = [w.codes[i] for i in idx]
        entry.update(
            {
                "outcome": "replaced",
                "year": self._year[r],
                "role": role,
                "kind": KINDS[key & 1],
                "required": _inst_names(m_p),
                "tier": tier,
                "feasible": [w.codes[i] for i in _bits(feasible)],
                "legal_preference": legal_pref,
                "candidates": cands,
                "index": j,
                "new_reviewer": w.codes[z],
                "instruments": _inst_names(cov),
                "dropped": [w.codes[y] for y in dropped],
                "legal_match": match,
            }
        )
        self.log.append(entry)
        return Pick(
            under_review=under_review,
            reviewer=w.codes[z],
            role=role,
            kind=KINDS[key & 1],
            instruments=tuple(_inst_names(cov)),
            candidates=tuple(cands),
            legal_match=match,
            year=self._year[r],
            step=step,
            replaced=reviewer,
            dropped=tuple(w.codes[y] for y in dropped),
        )

    def _redraw_candidates(self, key: int, pos: int, mask: int) -> tuple[int, dict]:
        feasible = 0
        plans: dict[int, tuple] = {}
        W = self._wit
        r = key >> 1
        x = self._board.chains[key][pos]
        for z in _bits(mask):
            after = self._board.copy()
            dropped = after.replace(key, pos, z)
            ov = _Overlay(W, after)
            ov.edge_rem(x, r)
            for y in dropped:
                ov.edge_rem(y, r)
            ov.edge_add(z, r)
            m = after.resid[key]
            wchain = W.chains.get(key, [])
            if m:
                kept, _rest = _normalize(self._world.party, m, wchain)
                ov.set_chain(key, kept)
            else:
                ov.set_chain(key, [])
            plan: object
            if ov.repair():
                plan = ov
            else:
                plan = _solve(after, W.chains)
                if plan is None:
                    continue
            feasible |= 1 << z
            plans[z] = (after, plan)
        return feasible, plans

    def _commit_redraw(self, key: int, pos: int, z: int, after: _Board, plan: object) -> list[int]:
        board = self._board
        r = key >> 1
        x = board.chains[key][pos]
        before = set(board.chains[key])
        self._board = after
        if isinstance(plan, dict):
            self._wit = _Witness(after, plan)
        else:
            W = self._wit
            assert isinstance(plan, _Overlay)
            # board edge changes: x and dropped out, z in
            W.remove_fixed(x, r)
            dropped = [y for y in before if y not in after.chains[key] and y != x]
            for y in dropped:
                W.remove_fixed(y, r)
            W.add_fixed(z, r)
            for k2, chain in plan.chains.items():
                W.set_chain(k2, chain if after.resid[k2] else [])
        if self.debug:
            _check_witness(self._board, self._wit)
        return [y for y in before if y not in after.chains[key] and y != x]

    # -- results ---------------------------------------------------------------

    def confirm(self) -> None:
        """Close the session: no pick or redraw afterwards (logged)."""
        self._require_live()
        if self._next_key() is not None:
            raise RuntimeError("the draw is not complete")
        self.log.append({"step": len(self.log), "action": "confirm"})
        self._confirmed = True

    @property
    def complete(self) -> bool:
        return self._selected and self._next_key() is None

    def result(self) -> DrawResult:
        if not self.complete:
            raise RuntimeError("the draw is not complete")
        w = self._world
        board = self._board
        assignments = []
        for r in range(w.n):
            reviewers = []
            covs = {}
            for k in (0, 1):
                chain = board.chains[2 * r + k]
                covs[k] = list(zip(chain, _coverages(w.party, w.req[r], chain), strict=True))
                x, c = covs[k][0]
                reviewers.append(ReviewerAssignment(w.codes[x], KINDS[k], KINDS[k], tuple(_inst_names(c))))
            for k in (0, 1):
                for x, c in covs[k][1:]:
                    reviewers.append(ReviewerAssignment(w.codes[x], "additional", KINDS[k], tuple(_inst_names(c))))
            assignments.append(Assignment(w.codes[r], self._year[r], tuple(reviewers)))
        groups = {y: tuple(c) for y, c in self.year_groups().items()}
        return DrawResult(
            seed=self.seed,
            year_groups=groups,
            assignments=tuple(assignments),
            volunteers=dict(self.volunteers),
            log=tuple(self.log),
        )

    # -- replay -------------------------------------------------------------------

    @classmethod
    def replay(
        cls,
        states: Sequence[StateInput],
        seed: str,
        volunteers: Mapping[str, int] | None,
        log: Sequence[dict],
    ) -> LiveDraw:
        """Re-execute the requests recorded in ``log``; raise ReplayMismatch on any difference."""
        d = cls(states, seed, volunteers)
        log = list(log)
        if not log or log[0] != d.log[0]:
            raise ReplayMismatch("the start entry differs (other inputs, seed or procedure)")
        i = 1
        while i < len(log):
            entry = log[i]
            action = entry.get("action")
            if action in ("year_offset", "select", "order"):
                if d._selected:
                    raise ReplayMismatch(f"log entry {i}: selection entry after the selection")
                d.run_selection()
            elif action == "pick":
                d.pick_next()
            elif action == "redraw":
                with contextlib.suppress(RedrawRefused):
                    d.redraw(
                        under_review=entry["under_review"],
                        reviewer=entry["reviewer"],
                        requested_by=entry["requested_by"],
                        exceptional_reason=entry.get("exceptional_reason"),
                        defer=bool(entry.get("deferred")),
                    )
            elif action == "confirm":
                d.confirm()
            else:
                raise ReplayMismatch(f"log entry {i}: unknown action {action!r}")
            produced = d.log[i:]
            expected = log[i : len(d.log)]
            if produced != expected:
                for a, b in zip(produced, expected, strict=False):
                    if a != b:
                        raise ReplayMismatch(f"log entry {a.get('step')} differs: {a} != {b}")
                raise ReplayMismatch(f"log entry {i}: the log ends early")
            i = len(d.log)
        if len(d.log) != len(log):
            raise ReplayMismatch("the replay produced more entries than the log")
        return d


def draw(states: Sequence[StateInput], seed: str, volunteers: Mapping[str, int] | None = None) -> DrawResult:
    """The complete draw: ``LiveDraw(states, seed, volunteers).run_all()``."""
    return LiveDraw(states, seed, volunteers).run_all()


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------


def result_to_json(result: DrawResult, states: Sequence[StateInput]) -> str:
    """The canonical JSON of a draw (fixed key order, indent 2, trailing newline)."""
    ordered = sorted(states, key=lambda s: s.code)
    placed = sorted(c for g in result.year_groups.values() for c in g)
    if placed != [s.code for s in ordered]:
        raise ValueError("the States do not match the draw's year groups")
    data = {
        "seed": result.seed,
        "states": [
            {
                "code": s.code,
                "region": s.region,
                "legal_system": s.legal_system,
                "instruments": [i for i in INSTRUMENTS if i in s.instruments],
                "uncac_party": bool(s.uncac_party),
            }
            for s in ordered
        ],
        "year_groups": {str(y): sorted(result.year_groups.get(y, ())) for y in (1, 2, 3)},
        "assignments": [
            {
                "under_review": a.under_review,
                "year": a.year,
                "reviewers": [
                    {"state": rv.state, "role": rv.role, "instruments": list(rv.instruments)} for rv in a.reviewers
                ],
            }
            for a in sorted(result.assignments, key=lambda a: a.under_review)
        ],
        "volunteers": {c: result.volunteers[c] for c in sorted(result.volunteers)},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------
# verification (independent of the engine, except the re-draw comparison)
# --------------------------------------------------------------------------


def verify(data: dict, log: Sequence[dict] | None = None) -> list[Violation]:
    """Check a draw's JSON against every rule, and against a re-draw from its seed.

    The rule checks below do not use the engine. The comparison re-draws from
    ``data["seed"]``, ``data["states"]`` and ``data["volunteers"]`` (or replays
    ``log`` when given, for a draw with redraws). The P 28 preference for full
    parties is checked in this decidable form: a reviewer party to only some of
    the instruments it had to cover (so that further reviewers of its kind were
    drawn) must not be replaceable, in the final result, by a State party to all
    of them such that the result with that State instead (and without the
    further reviewers of that kind) still meets every hard rule. (Not checked
    when ``log`` contains an executed redraw.)
    """
    out: list[Violation] = []

    def add(rule: str, paragraph: str, states: Sequence[str], message: str) -> None:
        out.append(Violation(rule, paragraph, sorted({str(s) for s in states}), message))

    if not isinstance(data, dict):
        return [Violation("json_format", "-", [], "the draw must be a JSON object")]
    missing = [k for k in ("seed", "states", "year_groups", "assignments", "volunteers") if k not in data]
    if missing:
        return [Violation("json_format", "-", [], f"missing keys: {', '.join(missing)}")]
    try:
        info = _verify_states(data["states"], add)
        vols = {str(c): v for c, v in dict(data["volunteers"]).items()}
        _verify_rules(data, info, vols, add, log)
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        add("json_format", "-", [], f"malformed draw: {exc!r}")
        return out
    _verify_redraw(data, info, vols, add, log)
    return out


def _verify_states(raw: list, add) -> dict[str, dict]:
    info: dict[str, dict] = {}
    for s in raw:
        code = s["code"]
        if code in info:
            add("json_format", "-", [code], f"State {code} is listed twice in states")
            continue
        inst = list(s["instruments"])
        if inst != [i for i in INSTRUMENTS if i in inst]:
            add("json_format", "-", [code], f"instruments of {code} are not in the canonical order")
        info[code] = {
            "region": s["region"],
            "legal_system": s["legal_system"],
            "instruments": set(inst),
            "required": set(inst) | {"UNTOC"},
            "reviewer": "UNTOC" in inst,
            "uncac_party": s["uncac_party"],
        }
    codes = [s["code"] for s in raw]
    if codes != sorted(codes):
        add("json_format", "-", [], "states are not sorted by code")
    return info


def _verify_rules(data: dict, info: dict, vols: dict, add, log) -> None:
    # volunteers (P 29)
    caps = {}
    for c, v in vols.items():
        if c not in info or not info[c]["reviewer"]:
            add("volunteers", "P 29", [c], f"volunteer {c} is not a State party under review")
        elif isinstance(v, bool) or not isinstance(v, int) or v < MAX_REVIEWS:
            add("volunteers", "P 29", [c], f"volunteer {c}: maximum {v!r} is below {MAX_REVIEWS}")
        else:
            caps[c] = v
    # selection (P 16)
    groups = data["year_groups"]
    if sorted(groups) != ["1", "2", "3"]:
        add("selection_all_placed", "P 16", [], "year_groups must have exactly the keys 1, 2, 3")
    where: dict[str, list[str]] = {}
    for y, members in groups.items():
        if list(members) != sorted(members):
            add("json_format", "-", [], f"year group {y} is not sorted by code")
        for c in members:
            where.setdefault(c, []).append(str(y))
    for c, ys in sorted(where.items()):
        if c not in info:
            add("selection_all_placed", "P 16", [c], f"{c} is placed but is not a State under review")
        elif len(ys) > 1:
            add("selection_all_placed", "P 16", [c], f"{c} is placed in year groups {', '.join(ys)}")
    for c in info:
        if c not in where:
            add("selection_all_placed", "P 16", [c], f"{c} is not placed in any year group")
    sizes = {y: len(groups.get(y, [])) for y in ("1", "2", "3")}
    if max(sizes.values()) - min(sizes.values()) > 1:
        add(
            "selection_group_sizes",
            "P 16",
            [],
            f"year group sizes differ by more than one: {sizes}",
        )
    for region in sorted({v["region"] for v in info.values()}):
        counts = {
            y: sum(1 for c in groups.get(y, []) if info.get(c, {}).get("region") == region) for y in ("1", "2", "3")
        }
        if max(counts.values()) - min(counts.values()) > 1:
            add(
                "selection_regional_balance",
                "P 16",
                [region],
                f"region {region}: per-year counts differ by more than one: {counts}",
            )
    year_of = {c: int(ys[0]) for c, ys in where.items() if len(ys) == 1}
    # assignments (P 28)
    seen: dict[str, dict] = {}
    for a in data["assignments"]:
        r = a["under_review"]
        if r in seen:
            add("assignment_per_state", "P 28", [r], f"{r} has more than one assignment")
            continue
        seen[r] = a
    listed = [a["under_review"] for a in data["assignments"]]
    if listed != sorted(listed):
        add("json_format", "-", [], "assignments are not sorted by under_review")
    for c in info:
        if c not in seen:
            add("assignment_per_state", "P 28", [c], f"{c} has no reviewers (no assignment)")
    loads: Counter = Counter()
    edges: set[tuple[str, str]] = set()
    chains: dict[tuple[str, int], list[dict]] = {}
    for r, a in sorted(seen.items()):
        if r not in info:
            add("assignment_per_state", "P 28", [r], f"{r} is not a State under review")
            continue
        if r in year_of and a.get("year") != year_of[r]:
            add("assignment_per_state", "P 16", [r], f"{r}: year {a.get('year')} is not its year group {year_of[r]}")
        region = info[r]["region"]
        req = info[r]["required"]
        names: list[str] = []
        kinds: dict[int, list[dict]] = {0: [], 1: []}
        for rv in a["reviewers"]:
            x = rv["state"]
            names.append(x)
            if x not in info:
                add("assignment_per_state", "P 28", [r, x], f"reviewer {x} of {r} is not a State under review")
                continue
            if x == r:
                add("no_self_review", "P 28", [r], f"{r} reviews itself")
            if not info[x]["reviewer"]:
                add(
                    "reviewer_is_party",
                    "P 28, P 51",
                    [x, r],
                    f"{x} reviews {r} but is not a State party (a signatory never reviews)",
                )
            role = rv["role"]
            k = 0 if info[x]["region"] == region else 1
            if role == "same_region" and k != 0:
                add("same_region_reviewer", "P 28", [r, x], f"same-region reviewer {x} of {r} is not from {region}")
            if role == "other_region" and k != 1:
                add("other_region_reviewer", "P 28", [r, x], f"other-region reviewer {x} of {r} is from {region}")
            if role not in ROLES:
                add("json_format", "-", [r, x], f"unknown role {role!r}")
            kinds[k].append(rv)
            loads[x] += 1
            edges.add((x, r))
        dup = [x for x, n in Counter(names).items() if n > 1]
        if dup:
            add(
                "duplicate_reviewer",
                "P 28",
                [r, *dup],
                f"{', '.join(dup)} appear(s) more than once among the reviewers of {r}",
            )
        for k, kind in enumerate(KINDS):
            prim = [rv for rv in a["reviewers"] if rv["role"] == kind]
            if len(prim) != 1:
                add(f"{kind}_reviewer", "P 28", [r], f"{r} has {len(prim)} {kind} reviewers (needs exactly one)")
            lst = kinds[k]
            chains[(r, k)] = lst
            if lst and lst[0]["role"] != kind:
                add(
                    "additional_only_when_needed",
                    "P 28",
                    [r, lst[0]["state"]],
                    f"the first {kind} reviewer of {r} is not its {kind} reviewer",
                )
            cover: Counter = Counter()
            remaining = set(req)
            for rv in lst:
                x = rv["state"]
                got = list(rv["instruments"])
                if got != [i for i in INSTRUMENTS if i in got]:
                    add("json_format", "-", [r, x], "reviewer instruments are not in the canonical order")
                got_s = set(got)
                cover.update(got_s)
                if x not in info:
                    continue
                if not got_s:
                    add("instrument_coverage", "P 28", [r, x], f"{x} reviews {r} ({kind}) for no instrument")
                if got_s - info[x]["instruments"]:
                    add(
                        "instrument_coverage",
                        "P 28",
                        [r, x],
                        f"{x} covers {sorted(got_s - info[x]['instruments'])} for {r} but is not party to it",
                    )
                if got_s - req:
                    add(
                        "instrument_coverage",
                        "P 28",
                        [r, x],
                        f"{x} covers {sorted(got_s - req)} for {r}, which {r} is not reviewed on",
                    )
                expected = info[x]["instruments"] & remaining
                if rv["role"] == "additional" and not remaining:
                    add(
                        "additional_only_when_needed",
                        "P 28",
                        [r, x],
                        f"additional reviewer {x} of {r} ({kind}) although every instrument was already covered",
                    )
                elif got_s != expected and not (got_s - info[x]["instruments"]):
                    add(
                        "additional_only_when_needed",
                        "P 28",
                        [r, x],
                        f"{x} covers {sorted(got_s)} for {r} ({kind}) but is party to {sorted(expected)} still uncovered",
                    )
                remaining -= info[x]["instruments"]
            for inst in INSTRUMENTS:
                if inst in req and cover[inst] != 1:
                    add(
                        "instrument_coverage",
                        "P 28",
                        [r],
                        f"{inst} of {r} is covered {cover[inst]} times by {kind} reviewers (needs exactly once)",
                    )
    # no mutual reviews (P 28)
    for x, r in sorted(edges):
        if x < r and (r, x) in edges:
            add("no_mutual_reviews", "P 28", [x, r], f"{x} and {r} review each other")
    # capacities (P 29)
    for c, v in info.items():
        if not v["reviewer"]:
            continue
        cap = caps.get(c, MAX_REVIEWS)
        if not MIN_REVIEWS <= loads[c] <= cap:
            add("review_capacity", "P 29", [c], f"{c} performs {loads[c]} reviews (must be {MIN_REVIEWS} to {cap})")
    # full parties preferred (P 28), decidable form
    redrawn = bool(log) and any(e.get("action") == "redraw" and e.get("outcome") == "replaced" for e in log)
    if redrawn:
        return
    for (r, k), lst in sorted(chains.items()):
        if len(lst) < 2 or r not in info:
            continue
        region = info[r]["region"]
        remaining = set(info[r]["required"])
        before: list[str] = []
        for i, rv in enumerate(lst[:-1]):
            x = rv["state"]
            if x not in info:
                break
            need = set(remaining)
            tail = [t["state"] for t in lst[i:]]
            for y, vy in sorted(info.items()):
                if not vy["reviewer"] or y == r or y in before:
                    continue
                if (vy["region"] == region) != (k == 0):
                    continue
                if not need <= vy["instruments"] or (r, y) in edges:
                    continue
                extra = 0 if y in tail else 1
                if loads[y] + extra > caps.get(y, MAX_REVIEWS):
                    continue
                if any(loads[t] - 1 < MIN_REVIEWS for t in tail if t != y and t in info):
                    continue
                add(
                    "full_party_reviewer_preferred",
                    "P 28",
                    [r, x, y],
                    f"{x} ({KINDS[k]} of {r}) is not party to all of {sorted(need)}, but {y}, party "
                    "to all of them, could have been drawn instead",
                )
                break
            remaining -= info[x]["instruments"]
            before.append(x)


def _verify_redraw(data: dict, info: dict, vols: dict, add, log) -> None:
    """Compare with a re-draw from the seed (or a replay of ``log``)."""
    try:
        states = [
            StateInput(
                code=c,
                region=v["region"],
                legal_system=v["legal_system"],
                instruments=frozenset(v["instruments"]),
                uncac_party=bool(v["uncac_party"]),
                can_review=v["reviewer"],
            )
            for c, v in info.items()
        ]
        if log:
            res = LiveDraw.replay(states, data["seed"], vols, log).result()
        else:
            res = draw(states, data["seed"], vols)
        expected = json.loads(result_to_json(res, states))
    except DrawError as exc:
        add("reproducible_draw", "P 16, P 28", exc.states, f"the inputs are refused by the engine: {exc}")
        return
    except ReplayMismatch as exc:
        add("reproducible_draw", "P 16, P 28", [], f"the log does not replay: {exc}")
        return
    except RuntimeError as exc:
        add("reproducible_draw", "P 16, P 28", [], f"the re-draw did not complete: {exc}")
        return
    if expected["year_groups"] != {str(k): list(v) for k, v in data["year_groups"].items()}:
        add("reproducible_draw", "P 16", [], "the year groups differ from the draw made with this seed")
    exp = {a["under_review"]: a for a in expected["assignments"]}
    got = {a["under_review"]: a for a in data["assignments"]}
    diff = sorted(c for c in set(exp) | set(got) if exp.get(c) != got.get(c))
    if diff:
        add(
            "reproducible_draw",
            "P 28",
            diff,
            f"the reviewers of {', '.join(diff[:10])}{'...' if len(diff) > 10 else ''} differ from the "
            "draw made with this seed",
        )
