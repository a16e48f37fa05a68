"""The exact answer to "can the rest of the draw be completed?" (procedure /3, docs/drawing-of-lots.md).

The engine's depth-first search (``engine._complete``) finds a completion quickly when
there is slack, but it may give up, and giving up is no proof. This module decides the
question: it returns a completion when one exists and ``None`` only when none does, so a
candidate is excluded only when no draw meeting every rule could follow from it.

Two steps, the cheaper first, each exact in what it answers:

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


def _flow(board, pairs, hint, forbidden):
    w, b = board.w, board
    open_pairs = _open_pairs(board, pairs)
    if forbidden:
        open_pairs = [
            (pair, need, [x for x in cands if (pair[0], x) not in forbidden]) for pair, need, cands in open_pairs
        ]
    graph = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    first_pair = 2
    first_state = first_pair + len(open_pairs)
    next_node = first_state + w.n
    owed = [max(0, w.least - b.load[x]) if w.reviewer[x] else 0 for x in range(w.n)]
    extra = 0
    arcs: list[tuple[int, int, int]] = []  # (pair index, State, arc)
    for j, ((u, k), need, cands) in enumerate(open_pairs):
        if not cands:
            return NO, None, None
        covered = 0
        for x in cands:
            covered |= w.inst[x]
        if need & ~covered:
            return NO, None, None  # an instrument nobody left may cover
        pos = len(b.chains.get((u, k), ()))
        hinted = {r for r, _ in hint.get((u, k), ())[pos:]}
        partial = [x for x in cands if need & ~w.inst[x]]
        # more than one reviewer only in a chain of partial parties: at most one per instrument
        more = bin(need).count("1") - 1 if partial else 0
        if len(partial) == len(cands) and more == 0:
            return NO, None, None
        # a full party takes the place alone; partial parties through a node per set of instruments, one
        # State each (a second would cover nothing new), from the pair and from the further places of a chain
        for x in cands:
            if not need & ~w.inst[x]:
                arc = graph.add_arc_with_capacity_and_unit_cost(
                    first_pair + j, first_state + x, 1, int(x not in hinted)
                )
                arcs.append((j, x, arc))
        if more:
            chain_node = next_node
            next_node += 1
            graph.add_arc_with_capacity_and_unit_cost(source, chain_node, more, 0)
            extra += more
        by_mask: dict[int, list[int]] = {}
        for x in partial:
            by_mask.setdefault(w.inst[x] & need, []).append(x)
        for xs in by_mask.values():
            into, out = next_node, next_node + 1
            next_node += 2
            graph.add_arc_with_capacity_and_unit_cost(into, out, 1, 0)
            graph.add_arc_with_capacity_and_unit_cost(first_pair + j, into, 1, _PARTIAL)
            if more:
                graph.add_arc_with_capacity_and_unit_cost(chain_node, into, 1, _PARTIAL)
            for x in xs:
                arcs.append(
                    (j, x, graph.add_arc_with_capacity_and_unit_cost(out, first_state + x, 1, int(x not in hinted)))
                )
        graph.set_node_supply(first_pair + j, 1)
    if len(open_pairs) + extra < sum(owed):
        return NO, None, None
    for x in range(w.n):
        room = w.cap[x] - b.load[x] - owed[x]
        if room < 0:
            return NO, None, None
        if room:
            graph.add_arc_with_capacity_and_unit_cost(first_state + x, sink, room, 0)
        graph.set_node_supply(first_state + x, -owed[x])
    # the further places need not be taken: they may flow straight to the sink
    graph.add_arc_with_capacity_and_unit_cost(source, sink, extra, 0)
    graph.set_node_supply(source, extra)
    graph.set_node_supply(sink, -(len(open_pairs) + extra - sum(owed)))
    if graph.solve() != graph.OPTIMAL:
        return NO, None, None

    # is the cheapest flow a completion? each pair a valid chain, no mutual reviews
    members: dict[int, list[int]] = {}
    for j, x, arc in arcs:
        if graph.flow(arc):
            members.setdefault(j, []).append(x)
    reviews = {(x, u) for u in range(w.n) for x in range(w.n) if b.reviews[x] >> u & 1}
    taken = [0] * w.n
    for xs in members.values():
        for x in xs:
            taken[x] += 1
    out = {pair: list(b.chains.get(pair, ())) for pair in pairs}
    for j, ((u, k), need, cands) in enumerate(open_pairs):
        chain = _valid_order(need, members.get(j, []), w.inst)
        if chain is None:
            # a partial party left alone by the flow: an additional reviewer with room for what it lacks
            xs = members.get(j, [])
            for y in cands:
                if y not in xs and b.load[y] + taken[y] < w.cap[y] and (u, y) not in reviews:
                    chain = _valid_order(need, [*xs, y], w.inst)
                    if chain is not None:
                        taken[y] += 1
                        break
        if chain is None:
            return UNKNOWN, None, None
        for x, _ in chain:
            if (u, x) in reviews:  # u reviews x, and the flow has x review u
                return UNKNOWN, None, (u, x)
            reviews.add((x, u))
        out[(u, k)] += chain
    return YES, out, None


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
