"""The drawing of lots as a pure procedure: every rule of P 16, P 28 and P 29, on generated worlds.

Each rule has its own check below, written from the text of the rule and not from the
engine; the hypothesis test runs all of them on many small worlds and seeds.
"""

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lots import engine
from lots.engine import DrawError, LiveDraw, RedrawRefused, ReplayMismatch, StateInput

PROTOCOLS = ("TIP", "SOM", "FIREARMS")


def world(spec: dict[str, list[tuple[str, str]]], legal: str = "civil") -> list[StateInput]:
    """{region: [(code, "UNTOC TIP …"), …]} → inputs."""
    return [
        StateInput(code, region, legal, frozenset(instruments.split()), uncac_party=True)
        for region, members in spec.items()
        for code, instruments in members
    ]


def every_region(n: int, instruments: str = "UNTOC TIP SOM FIREARMS") -> list[StateInput]:
    spec = {region: [(f"{region[:2]}{i}", instruments) for i in range(n)] for region in engine.REGIONS}
    return world(spec)


@st.composite
def worlds(draw):
    states = []
    for region in engine.REGIONS:
        for i in range(draw(st.integers(3, 7))):
            protocols = draw(st.sets(st.sampled_from(PROTOCOLS)))
            states.append(
                StateInput(
                    code=f"{region[:3]}{i}",
                    region=region,
                    legal_system=draw(st.sampled_from(["civil", "common", "mixed", "islamic", ""])),
                    instruments=frozenset({"UNTOC", *protocols}),
                    uncac_party=draw(st.booleans()),
                )
            )
    return states


def by_code(states):
    return {s.code: s for s in states}


# -- the rules, each checked from its text --------------------------------------------------


def check_year_groups_P16(result, states):
    groups = result.year_groups
    placed = Counter(c for codes in groups.values() for c in codes)
    assert set(placed) == {s.code for s in states} and set(placed.values()) == {1}, "each State in one group"
    sizes = [len(groups[y]) for y in (1, 2, 3)]
    assert max(sizes) - min(sizes) <= 1, sizes
    region = {s.code: s.region for s in states}
    for r in engine.REGIONS:
        counts = [sum(region[c] == r for c in groups[y]) for y in (1, 2, 3)]
        assert max(counts) - min(counts) <= 1, (r, counts)


def check_pairing_P28(result, states):
    info = by_code(states)
    reviews = {(r.state, a.under_review) for a in result.assignments for r in a.reviewers}
    for a in result.assignments:
        u = info[a.under_review]
        roles = Counter(r.role for r in a.reviewers)
        assert roles["same_region"] == 1 and roles["other_region"] == 1, a
        assert len({r.state for r in a.reviewers}) == len(a.reviewers), "a State reviews another once"
        for kind, same in (("same_region", True), ("other_region", False)):
            team = [r for r in a.reviewers if r.kind == kind]
            assert all((info[r.state].region == u.region) is same for r in team), (kind, a)
            covered = Counter(i for r in team for i in r.instruments)
            assert covered == Counter(u.instruments), f"each instrument once per kind: {a}"
            for r in team:
                assert r.state != u.code, "never itself"
                assert set(r.instruments) <= info[r.state].instruments, "party to what it reviews"
    for x, u in reviews:
        assert (u, x) not in reviews, f"mutual reviews {x} <-> {u}"


def check_partial_parties_only_when_needed_P28(draw: LiveDraw):
    """A partial party was drawn only when every full party had been tried and excluded."""
    for entry in draw.log:
        if entry.get("action") == "pick" and entry["tier"].startswith("partial_party"):
            info = draw.w
            u = info.index[entry["under_review"]]
            k = engine.KINDS.index(entry["kind"])
            need = engine._mask(entry["required"])
            full = {info.codes[x] for x in info.pool[u][k] if not need & ~info.inst[x]}
            eligible_full = full - set(entry["excluded"])
            # every full party either could not review at that point or was tried and excluded
            assert (
                all(not draw.board.eligible(info.index[c], u, need) or c in entry["excluded"] for c in eligible_full)
                or not eligible_full
            )


def check_reviews_per_state_P29(result, states, volunteers=None):
    volunteers = volunteers or {}
    load = Counter(r.state for a in result.assignments for r in a.reviewers)
    for s in states:
        if s.can_review:
            most = volunteers.get(s.code, 3)
            assert 1 <= load[s.code] <= most, (s.code, load[s.code])
        else:
            assert load[s.code] == 0, f"{s.code} is a signatory and does not review (P 51)"


def check_all(draw: LiveDraw, states, volunteers=None):
    result = draw.result()
    check_year_groups_P16(result, states)
    check_pairing_P28(result, states)
    check_partial_parties_only_when_needed_P28(draw)
    check_reviews_per_state_P29(result, states, volunteers)
    return result


# -- generated worlds ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=worlds(), seed=st.binary(min_size=1, max_size=8).map(bytes.hex))
def test_every_draw_meets_every_rule_or_is_refused_up_front_P16_P28_P29(states, seed):
    try:
        draw = LiveDraw(states, seed)
    except DrawError as refusal:
        # a refusal names the rule that cannot be met
        assert refusal.rule in {"same_region", "other_region", "same_instruments", "reviews_per_state", "search"}
        assert refusal.paragraph
        return
    draw.run_selection()
    while draw.next_slot() is not None:
        draw.pick_next()  # never a dead end: a pick always succeeds
    result = check_all(draw, states)
    data = json.loads(engine.result_to_json(result, states))
    assert engine.verify(data) == []


def test_volunteers_may_do_more_than_three_reviews_P29():
    states = every_region(3)
    draw = LiveDraw(states, "5eed", {"AF0": 5})
    draw.run_all()
    check_all(draw, states, {"AF0": 5})
    with pytest.raises(DrawError, match="at least 3"):
        LiveDraw(states, "5eed", {"AF0": 2})


def test_a_volunteering_signatory_is_reviewed_and_never_reviews_P51():
    states = [*every_region(3), StateInput("SIG", "WEOG", "civil", frozenset({"TIP"}), False, can_review=False)]
    draw = LiveDraw(states, "0a")
    result = draw.run_all()
    check_all(draw, states)
    assert "SIG" in {a.under_review for a in result.assignments if a.reviewers}


def test_partial_party_gets_an_additional_reviewer_for_what_it_lacks_P28():
    # in AFRICAN no State but A is party to all three of A's instruments
    states = world(
        {
            "AFRICAN": [
                ("A", "UNTOC TIP SOM"),
                ("E", "UNTOC TIP"),
                ("F", "UNTOC SOM"),
                ("G", "UNTOC TIP"),
                ("H", "UNTOC SOM"),
            ],
            "APSG": [(f"P{i}", "UNTOC TIP SOM") for i in range(4)],
            "EEG": [(f"E{i}", "UNTOC TIP SOM") for i in range(4)],
            "GRULAC": [(f"G{i}", "UNTOC TIP SOM") for i in range(4)],
            "WEOG": [(f"W{i}", "UNTOC TIP SOM") for i in range(4)],
        }
    )
    draw = LiveDraw(states, "c0ffee")
    result = draw.run_all()
    check_all(draw, states)
    same = [
        r for r in next(a for a in result.assignments if a.under_review == "A").reviewers if r.kind == "same_region"
    ]
    assert len(same) >= 2 and same[0].role == "same_region" and {r.role for r in same[1:]} == {"additional"}
    assert sorted(i for r in same for i in r.instruments) == ["SOM", "TIP", "UNTOC"]
    # elsewhere full parties exist, so nobody else gets an additional reviewer
    others = [a for a in result.assignments if a.under_review != "A"]
    assert all(r.role != "additional" for a in others for r in a.reviewers if r.kind == "other_region")


@pytest.mark.parametrize(
    ("states", "rule"),
    [
        (world({"AFRICAN": [("A", "UNTOC")], "APSG": [("B", "UNTOC"), ("C", "UNTOC")]}), "same_region"),
        (world({"AFRICAN": [("A", "UNTOC"), ("B", "UNTOC")]}), "other_region"),
        (
            world({"AFRICAN": [("A", "UNTOC FIREARMS"), ("B", "UNTOC"), ("C", "UNTOC")], "APSG": [("D", "UNTOC")] * 1}),
            "same_instruments",
        ),
    ],
)
def test_a_world_without_solution_is_refused_up_front_naming_the_rule_P28(states, rule):
    with pytest.raises(DrawError) as refusal:
        LiveDraw(states, "01")
    assert refusal.value.rule == rule
    assert refusal.value.states  # and the States involved


def test_mutual_reviews_make_a_two_state_region_impossible_P28():
    # two States per region: each must review the other for the same-region pair
    with pytest.raises(DrawError) as refusal:
        LiveDraw(every_region(2), "01")
    assert "mutual" in str(refusal.value)


@pytest.mark.parametrize("seed", ["", "xyz", "0x12", " 12", "12g"])
def test_a_seed_that_is_not_hex_is_refused(seed):
    with pytest.raises(DrawError, match="hexadecimal"):
        LiveDraw(every_region(3), seed)


def test_same_seed_same_bytes_other_seed_other_draw():
    states = every_region(4)
    one = engine.result_to_json(engine.draw(states, "00ff"), states)
    assert one == engine.result_to_json(engine.draw(states, "00FF"), states)
    assert one != engine.result_to_json(engine.draw(states, "00fe"), states)


def test_the_log_replays_and_a_changed_log_is_caught():
    states = every_region(4)
    draw = LiveDraw(states, "abcd")
    draw.run_selection()
    for _ in range(6):
        draw.pick_next()
    first = draw.log[-6]
    draw.redraw(under_review=first["under_review"], reviewer=first["reviewer"], requested_by=first["under_review"])
    again = LiveDraw.replay(states, "abcd", None, draw.log)
    assert again.log == draw.log
    forged = [dict(e) for e in draw.log]
    forged[-1]["new_reviewer"] = "ZZZ"
    with pytest.raises(ReplayMismatch):
        LiveDraw.replay(states, "abcd", None, forged)


def test_redraws_two_per_state_then_only_by_exceptional_decision_P28():
    states = every_region(5)
    draw = LiveDraw(states, "beef")
    draw.run_selection()
    picks = [draw.pick_next() for _ in range(10)]
    mine = [p for p in picks if p.role == "same_region"][:3]
    u = mine[0].under_review
    current = mine[0].reviewer
    for _ in range(2):
        new = draw.redraw(under_review=u, reviewer=current, requested_by=u)
        assert new.reviewer != current and new.replaced == current
        current = new.reviewer
    with pytest.raises(RedrawRefused, match="exceptional decision"):
        draw.redraw(under_review=u, reviewer=current, requested_by=u)
    assert draw.log[-1]["outcome"] == "refused"  # the refusal is kept too
    new = draw.redraw(under_review=u, reviewer=current, requested_by=u, exceptional_reason="Conflict of interest")
    assert draw.log[-1]["exceptional_reason"] == "Conflict of interest" and new.reviewer != current
    with pytest.raises(RedrawRefused, match="Only the State under review or the reviewing State"):
        draw.redraw(under_review=u, reviewer=new.reviewer, requested_by="GR0" if u != "GR0" else "GR1")
    while draw.next_slot() is not None:
        draw.pick_next()
    check_all(draw, states)


def test_a_deferred_redraw_is_recorded_and_changes_nothing_P28():
    states = every_region(4)
    draw = LiveDraw(states, "d00d")
    draw.run_selection()
    pick = draw.pick_next()
    before = draw.result()
    assert (
        draw.redraw(under_review=pick.under_review, reviewer=pick.reviewer, requested_by=pick.reviewer, defer=True)
        is None
    )
    assert draw.log[-1]["outcome"] == "deferred"
    assert draw.result().assignments == before.assignments


def test_one_reviewer_shares_the_legal_family_where_possible_P28():
    states = [
        StateInput(s.code, s.region, "common" if s.code.endswith(("0", "1")) else "civil", s.instruments, True)
        for s in every_region(5)
    ]
    draw = LiveDraw(states, "1e6a")
    result = draw.run_all()
    family = {s.code: s.legal_system for s in states}
    preferred = [e for e in draw.log if e.get("action") == "pick" and e["tier"].endswith("+legal")]
    assert preferred and all(e["legal_match"] for e in preferred)
    matched = sum(any(family[r.state] == family[a.under_review] for r in a.reviewers) for a in result.assignments)
    assert matched >= len(states) * 0.8


def test_verify_names_each_broken_rule_and_the_states():
    states = every_region(4)
    data = json.loads(engine.result_to_json(engine.draw(states, "aa"), states))
    assert engine.verify(data) == []
    a = data["assignments"][0]
    a["reviewers"][0]["state"] = a["under_review"]
    rules = {(v.rule, v.paragraph) for v in engine.verify(data)}
    assert ("not_itself", "P 28") in rules and ("reproducible", "P 28") in rules
    data["year_groups"]["1"].append(data["year_groups"]["2"].pop())
    data["year_groups"]["1"].append(data["year_groups"]["2"].pop())
    assert "year_groups" in {v.rule for v in engine.verify(data)}
