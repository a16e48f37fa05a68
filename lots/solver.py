"""The exact answer to "can the rest of the draw be completed?" (procedure /3, docs/drawing-of-lots.md).

The engine's depth-first search (``engine._complete``) finds a completion quickly when
there is slack, but it may give up, and giving up is no proof. This module decides the
question: it returns a completion when one exists and ``None`` only when none does, so a
candidate is excluded only when no draw meeting every rule could follow from it.

Three steps, the cheapest first, each exact in what it answers:

0. **The witness mended** (:func:`repair`): the last completion with the new pick in its place
   and, where a State would end above its maximum or below the minimum, one place moved; kept
   only when :func:`is_completion` finds every rule met. It only ever answers "yes".
1. **A flow** (:func:`flow`): every open pair sends one reviewer, or up to one per
   instrument it still needs when a chain of partial parties is possible, to the States that
   may review it, each taking from the reviews it still owes (P 29) to the most it may still
   perform. Every completion is such a flow, so when no flow exists (a State owing reviews
   with too few places open to it, more reviews owed than places left, ...) no completion
   exists. The cheapest flow, kept close to the previous completion, is most often itself a
   completion (checked: valid chains, no mutual reviews), which proves the contrary.
2. **CP-SAT** (OR-Tools), the constraint model of every rule of P 28 and P 29 on the
   places still open: every instrument of every open pair covered by exactly one reviewer
   of the pair's kind (through the chains of reviewers that can cover it, a partial party
   followed by the additional reviewers that the live draw would add), no mutual reviews,
   nobody reviewing a State twice, and from ``min_reviews`` to the maximum reviews each.
   It runs with one worker and a fixed seed, and it is complete: "infeasible" is a proof.

Whichever completion is found, only the yes or no is recorded in the log, and that answer
is a fact about the rules, not about the search: a replay on another machine makes the
same decisions.
"""

from __future__ import annotations

from itertools import permutations

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model


def _open_pairs(board, pairs):
    """(pair, instruments still to cover, the States that may take its next place) of the open pairs."""
    w, b = board.w, board
    out = []
    for u, k in pairs:
        need, _ = b.remaining(u, k)
        if need:
            out.append(((u, k), need, [x for x in w.pool[u][k] if b.eligible(x, u, need)]))
    return out


_PARTIAL = 1_000  # the cost of a place taken by a partial party: only where the flow needs it
NO, YES, UNKNOWN = "no", "yes", "unknown"


def flow(board, pairs: list[tuple[int, int]], hint) -> tuple[str, dict | None]:
    """Step 1: ("no", None) when no flow of reviews can complete ``pairs``, so no completion exists;
    ("yes", completion) when the cheapest flow, kept as close to the ``hint`` as it can, is itself a
    completion meeting every rule; else ("unknown", None).

    Where the cheapest flow has two States review each other, it is computed again without one of
    the two reviews, a few times; a flow so narrowed proves nothing when there is none."""
    forbidden: set[tuple[int, int]] = set()
    for _ in range(4):
        answer, found, conflict = _flow(board, pairs, hint, forbidden)
        if answer == NO and forbidden:
            return UNKNOWN, None
        if conflict is None:
            return answer, found
        forbidden.add(conflict)
    return UNKNOWN, None


class _Arrays:
    """The world as numpy arrays, built once per world: the flow is built from them without a loop over
    the candidates of every pair."""

    def __init__(self, w):
        n = w.n
        self.n = n
        self.width = (n + 7) // 8
        self.inst = np.array(w.inst, dtype=np.int64)
        self.cap = np.array(w.cap, dtype=np.int64)
        self.reviewer = np.array(w.reviewer, dtype=bool)
        self.pool = np.zeros((n, 2, n), dtype=bool)
        for u in range(n):
            for k in (0, 1):
                self.pool[u, k, w.pool[u][k]] = True

    def bits(self, masks) -> np.ndarray:
        """A list of n bit masks (ints) as an n x n matrix of booleans: row i, column j is bit j of masks[i]."""
        raw = b"".join(m.to_bytes(self.width, "little") for m in masks)
        rows = np.frombuffer(raw, dtype=np.uint8).reshape(len(masks), self.width)
        return np.unpackbits(rows, axis=1, bitorder="little")[:, : self.n].astype(bool)


def _arrays(w) -> _Arrays:
    found = getattr(w, "_arrays", None)
    if found is None:
        found = w._arrays = _Arrays(w)
    return found


def _popcount(values: np.ndarray) -> np.ndarray:
    count = np.zeros_like(values)
    for i in range(8):
        count += (values >> i) & 1
    return count


def _flow(board, pairs, hint, forbidden):
    w, b = board.w, board
    a = _arrays(w)
    n = w.n
    us, ks, needs, positions = [], [], [], []
    for u, k in pairs:
        need, pos = b.remaining(u, k)
        if need:
            us.append(u)
            ks.append(k)
            needs.append(need)
            positions.append(pos)
    count = len(us)
    under = np.array(us, dtype=np.int64)
    kind = np.array(ks, dtype=np.int64)
    need_of = np.array(needs, dtype=np.int64)
    load = np.array(b.load, dtype=np.int64)
    reviews = a.bits(b.reviews)  # [x, u]: x reviews u
    # who may take the next place of each open pair: the same test as _Board.eligible, for all at once
    may = (
        a.pool[under, kind]
        & (load < a.cap)[None, :]
        & ~reviews[:, under].T  # reviews u once only
        & ~reviews[under]  # no mutual reviews
        & ~a.bits([b.banned[u] for u in us])
        & ((a.inst[None, :] & need_of[:, None]) != 0)
    )
    for u, x in forbidden:
        may[under == u, x] = False
    covered = np.bitwise_or.reduce(np.where(may, a.inst[None, :], 0), axis=1) if n else np.zeros(count, np.int64)
    if (need_of & ~covered).any():
        return NO, None, None  # an instrument nobody left may cover (or a pair with no candidate at all)
    full = may & ((need_of[:, None] & ~a.inst[None, :]) == 0)
    part = may & ~full
    # more than one reviewer only in a chain of partial parties: at most one per instrument
    more = np.where(part.any(axis=1), _popcount(need_of) - 1, 0)
    if (~full.any(axis=1) & (more == 0)).any():
        return NO, None, None
    owed = np.where(a.reviewer, np.maximum(0, w.least - load), 0)
    extra = int(more.sum())
    if count + extra < int(owed.sum()):
        return NO, None, None
    room = a.cap - load - owed
    if (room < 0).any():
        return NO, None, None
    hinted = np.zeros((count, n), dtype=bool)
    for j, (u, k, pos) in enumerate(zip(us, ks, positions, strict=True)):
        for r, _ in hint.get((u, k), ())[pos:]:
            hinted[j, r] = True

    graph = min_cost_flow.SimpleMinCostFlow()
    source, sink, first_pair = 0, 1, 2
    first_state = first_pair + count
    next_node = first_state + n
    tails, heads, caps, costs = [], [], [], []

    def arcs(t, h, c, cost):
        tails.append(np.asarray(t, dtype=np.int64))
        heads.append(np.asarray(h, dtype=np.int64))
        size = len(tails[-1])
        caps.append(np.broadcast_to(np.asarray(c, dtype=np.int64), (size,)))
        costs.append(np.broadcast_to(np.asarray(cost, dtype=np.int64), (size,)))

    # a full party takes the place alone
    fj, fx = np.nonzero(full)
    arcs(first_pair + fj, first_state + fx, 1, (~hinted[fj, fx]).astype(np.int64))
    # the further places of a chain
    chained = np.nonzero(more)[0]
    chain_node = np.full(count, -1, dtype=np.int64)
    chain_node[chained] = next_node + np.arange(len(chained))
    next_node += len(chained)
    arcs(np.full(len(chained), source), chain_node[chained], more[chained], 0)
    # partial parties through a node per set of instruments, one State each (a second would cover nothing
    # new), from the pair and from the further places of a chain
    pj, px = np.nonzero(part)
    keys = pj * 64 + (a.inst[px] & need_of[pj])
    groups, member_group = np.unique(keys, return_inverse=True)
    gj = groups // 64
    into = next_node + 2 * np.arange(len(groups))
    next_node += 2 * len(groups)
    arcs(into, into + 1, 1, 0)
    arcs(first_pair + gj, into, 1, _PARTIAL)
    from_chain = chain_node[gj] >= 0
    arcs(chain_node[gj][from_chain], into[from_chain], 1, _PARTIAL)
    arcs(into[member_group] + 1, first_state + px, 1, (~hinted[pj, px]).astype(np.int64))
    has_room = np.nonzero(room > 0)[0]
    arcs(first_state + has_room, np.full(len(has_room), sink), room[has_room], 0)
    # the further places need not be taken: they may flow straight to the sink
    arcs([source], [sink], extra, 0)
    graph.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails), np.concatenate(heads), np.concatenate(caps), np.concatenate(costs)
    )
    supply = np.zeros(next_node, dtype=np.int64)
    supply[first_pair:first_state] = 1
    supply[first_state : first_state + n] = -owed
    supply[source] = extra
    supply[sink] = -(count + extra - int(owed.sum()))
    graph.set_nodes_supplies(np.arange(next_node), supply)
    if graph.solve() != graph.OPTIMAL:
        return NO, None, None

    # is the cheapest flow a completion? each pair a valid chain, no mutual reviews
    full_arcs = len(fj)
    member_arcs = full_arcs + len(chained) + 2 * len(groups) + int(from_chain.sum())
    taken_full = graph.flows(np.arange(full_arcs)) > 0
    taken_part = graph.flows(np.arange(member_arcs, member_arcs + len(pj))) > 0
    members: dict[int, list[int]] = {}
    for j, x in zip(fj[taken_full].tolist(), fx[taken_full].tolist(), strict=True):
        members.setdefault(j, []).append(x)
    for j, x in zip(pj[taken_part].tolist(), px[taken_part].tolist(), strict=True):
        members.setdefault(j, []).append(x)
    added: set[tuple[int, int]] = set()

    def reviewing(x: int, u: int) -> bool:
        return bool(b.reviews[x] >> u & 1) or (x, u) in added

    taken = [0] * n
    for xs in members.values():
        for x in xs:
            taken[x] += 1
    out = {pair: list(b.chains.get(pair, ())) for pair in pairs}
    for j, (u, k) in enumerate(zip(us, ks, strict=True)):
        need = needs[j]
        chain = _valid_order(need, members.get(j, []), w.inst)
        if chain is None:
            # a partial party left alone by the flow: an additional reviewer with room for what it lacks
            xs = members.get(j, [])
            for y in np.nonzero(may[j])[0].tolist():
                if y not in xs and b.load[y] + taken[y] < w.cap[y] and not reviewing(u, y):
                    chain = _valid_order(need, [*xs, y], w.inst)
                    if chain is not None:
                        taken[y] += 1
                        break
        if chain is None:
            return UNKNOWN, None, None
        for x, _ in chain:
            if reviewing(u, x):  # u reviews x, and the flow has x review u
                return UNKNOWN, None, (u, x)
            added.add((x, u))
        out[(u, k)] += chain
    return YES, out, None


def repair(board, pairs, hint):
    """The ``hint`` (the last completion) mended to the picks on ``board``, or None: where a pick differs
    from it, the pair keeps those of the hint's later reviewers that still cover what is missing; a State
    left with more than its maximum hands one of its later places to another State that covers the same
    instruments there, a State left below the minimum takes one from a State with more. The answer is a
    completion only when :func:`is_completion` says so: a quick "yes", never a "no"."""
    w, b = board.w, board
    out, load, reviews = {}, b.load[:], b.reviews[:]
    for pair in pairs:
        before = b.chains.get(pair, [])
        chain = hint.get(pair)
        if chain is None:
            return None
        if chain[: len(before)] != before:
            need, _ = b.remaining(*pair)
            drawn = {x for x, _ in before}
            rest = [r for r, _ in chain[len(before) - 1 :] if r not in drawn]
            found = [] if not need else _valid_order(need, rest, w.inst) if rest else None
            if found is None:
                return None
            chain = before + found
        out[pair] = chain
        for x, _ in chain[len(before) :]:
            load[x] += 1
            reviews[x] |= 1 << pair[0]
    places = [(pair, i) for pair in pairs for i in range(len(b.chains.get(pair, [])), len(out[pair]))]

    def covered_before(pair, i) -> int:
        done = 0
        for _, c in out[pair][:i]:
            done |= c
        return done

    def may_take(y: int, pair, i) -> bool:
        """Whether y may take place i of pair instead of its reviewer, covering the same."""
        u, k = pair
        x, c = out[pair][i]
        return (
            y != x
            and w.pool_mask[u][k] >> y & 1
            and not b.banned[u] >> y & 1
            and not reviews[y] >> u & 1
            and not reviews[u] >> y & 1
            and w.inst[y] & w.inst[u] & ~covered_before(pair, i) == c
        )

    def move(pair, i, y: int) -> None:
        u = pair[0]
        x, c = out[pair][i]
        out[pair] = [*out[pair][:i], (y, c), *out[pair][i + 1 :]]
        load[x] -= 1
        load[y] += 1
        reviews[x] &= ~(1 << u)
        reviews[y] |= 1 << u

    for x in range(w.n):
        while load[x] > w.cap[x]:
            moved = next(
                (
                    (pair, i, y)
                    for pair, i in places
                    if out[pair][i][0] == x
                    for y in w.pool[pair[0]][pair[1]]
                    if load[y] < w.cap[y] and load[y] >= w.least and may_take(y, pair, i)
                ),
                None,
            )
            if moved is None:
                return None
            move(*moved)
    for y in range(w.n):
        if w.reviewer[y] and load[y] < w.least:
            moved = next(
                ((pair, i, y) for pair, i in places if load[out[pair][i][0]] > w.least and may_take(y, pair, i)),
                None,
            )
            if moved is None:
                return None
            move(*moved)
    return out if is_completion(board, pairs, out) else None


def is_completion(board, pairs, completion) -> bool:
    """Whether ``completion`` ({pair: chain}) completes ``pairs`` on ``board`` meeting every rule of P 28
    and P 29: each chain continues the pair's picks with reviewers of the pair's kind, not withdrawn by a
    redraw, each covering instruments of the State under review that none before it covers, together all
    of them; nobody reviews a State twice or a State that reviews it; every reviewing State ends with
    ``min_reviews`` to its maximum of reviews. Every pair not in ``pairs`` must be complete already."""
    w, b = board.w, board
    load = b.load[:]
    reviews = b.reviews[:]
    open_pairs = set(pairs)
    for u in range(w.n):
        for k in (0, 1):
            if (u, k) not in open_pairs and b.remaining(u, k)[0]:
                return False
    for u, k in pairs:
        chain = completion.get((u, k))
        before = b.chains.get((u, k), [])
        if chain is None or chain[: len(before)] != before:
            return False
        covered = 0
        for _, c in before:
            covered |= c
        for x, c in chain[len(before) :]:
            if (
                not w.pool_mask[u][k] >> x & 1
                or b.banned[u] >> x & 1
                or reviews[x] >> u & 1
                or not c
                or c != w.inst[x] & w.inst[u] & ~covered
            ):
                return False
            reviews[x] |= 1 << u
            load[x] += 1
            covered |= c
        if covered != w.inst[u]:
            return False
    for x in range(w.n):
        if load[x] > w.cap[x] or (w.reviewer[x] and load[x] < w.least):
            return False
        them = reviews[x]
        while them:
            u = (them & -them).bit_length() - 1
            them &= them - 1
            if reviews[u] >> x & 1:
                return False
    return True


def _valid_order(need: int, xs: list[int], inst) -> list[tuple[int, int]] | None:
    """The States ``xs`` in an order in which each covers something of ``need`` not covered before,
    all of it together, with what each covers; None if there is none."""
    if len(xs) == 1:
        return [(xs[0], need)] if not need & ~inst[xs[0]] else None
    for order in permutations(xs):
        covered, out = 0, []
        for x in order:
            if not inst[x] & need & ~covered:
                break
            out.append((x, inst[x] & need & ~covered))
            covered |= inst[x] & need
        else:
            if covered == need:
                return out
    return None


def _chain_types(need: int, masks: set[int]) -> list[tuple[int, ...]]:
    """The orders of distinct reviewer masks (each restricted to ``need``) in which every reviewer
    covers something the earlier ones did not, and which cover ``need`` together; one order per set.

    This is how the live draw builds a pair: the first reviewer covers what it is party to, each
    additional one what is still missing (P 28)."""
    masks = sorted(m for m in masks if m)
    found: dict[frozenset, tuple[int, ...]] = {}

    def extend(chain: tuple[int, ...], covered: int) -> None:
        if covered == need:
            found.setdefault(frozenset(chain), chain)
            return
        for m in masks:
            if m not in chain and m & ~covered:
                extend((*chain, m), covered | m)

    extend((), 0)
    return list(found.values())


def _ordered(chain_masks: tuple[int, ...], members: dict[int, int], need: int) -> list[tuple[int, int]]:
    """The members of a chain in a valid order, each with what it covers."""
    for order in permutations(chain_masks):
        covered, out = 0, []
        for m in order:
            if not m & ~covered:
                break
            out.append((members[m], m & ~covered))
            covered |= m
        else:
            if covered == need:
                return out
    raise AssertionError("a chain type always has a valid order")


def complete(board, pairs: list[tuple[int, int]], hint, *, time_limit: float = 600.0):
    """A completion of ``pairs`` on ``board`` meeting every rule (same form as ``engine._complete``:
    {pair: chain}), or None when no completion exists."""
    w, b = board.w, board
    least = w.least
    open_pairs = _open_pairs(board, pairs)
    for x in range(w.n):
        if w.reviewer[x] and b.load[x] < least and not any(x in cands for _, _, cands in open_pairs):
            return None  # owes a review and has no place left to take it (P 29): the flow has seen it too

    # 2. the model
    model = cp_model.CpModel()
    take: dict[tuple[tuple[int, int], int], cp_model.IntVar] = {}
    types: list[tuple[tuple[int, int], int, dict, list]] = []
    for pair, need, cands in open_pairs:
        by_mask: dict[int, list[int]] = {}
        for x in cands:
            by_mask.setdefault(w.inst[x] & need, []).append(x)
        chains = _chain_types(need, set(by_mask))
        if not chains:
            return None
        chosen = [model.new_bool_var("") for _ in chains]
        model.add_exactly_one(chosen)
        for x in cands:
            take[pair, x] = model.new_bool_var("")
        for m, xs in by_mask.items():
            # as many reviewers of mask m as the chosen chain has places for it (0 or 1)
            model.add(sum(take[pair, x] for x in xs) == sum(v for v, c in zip(chosen, chains, strict=True) if m in c))
        types.append((pair, need, by_mask, list(zip(chosen, chains, strict=True))))
    by_reviewer: dict[int, list] = {}
    for (_pair, x), var in take.items():
        by_reviewer.setdefault(x, []).append(var)
    for x, vars_ in by_reviewer.items():
        model.add(sum(vars_) <= w.cap[x] - b.load[x])
        if least - b.load[x] > 0:
            model.add(sum(vars_) >= least - b.load[x])
    # no mutual reviews (P 28): x reviewing u and u reviewing x, among the open places
    reviewing: dict[tuple[int, int], list] = {}
    for ((u, _k), x), var in take.items():
        reviewing.setdefault((x, u), []).append(var)
    for (x, u), vars_ in reviewing.items():
        if x < u and (u, x) in reviewing:
            model.add(sum(vars_) + sum(reviewing[u, x]) <= 1)
    # the witness as a hint: most of it usually still holds
    for (pair, x), var in take.items():
        chain = hint.get(pair, ())
        model.add_hint(var, any(r == x for r, _ in chain[len(b.chains.get(pair, ())) :]))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("the completion model was not decided in time")  # never within the draw's sizes

    out = {pair: list(b.chains.get(pair, ())) for pair in pairs}
    for pair, need, by_mask, options in types:
        chain = next(c for v, c in options if solver.value(v))
        members = {m: next(x for x in by_mask[m] if solver.value(take[pair, x])) for m in chain}
        out[pair] += _ordered(chain, members, need)
    return out
