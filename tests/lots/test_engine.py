"""The drawing of lots as a pure procedure: every rule of P 16, P 28 and P 29, on generated worlds.

Each rule has its own check below, written from the text of the rule and not from the
engine; the hypothesis test runs all of them on many small worlds and seeds.
"""

import contextlib
import dataclasses
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


# -- P 51: a volunteering signatory -------------------------------------------------------------


def signatory(signed: str, region: str = "WEOG") -> StateInput:
    return StateInput("SIG", region, "civil", frozenset(signed.split()), False, can_review=False)


def test_a_volunteering_signatory_is_reviewed_for_what_it_signed_by_parties_to_it_P51():
    states = [*world({r: [(f"{r[:2]}{i}", "UNTOC TIP" if i else "UNTOC") for i in range(4)] for r in engine.REGIONS})]
    states.append(signatory("UNTOC TIP"))
    draw = LiveDraw(states, "51")
    result = draw.run_all()
    check_all(draw, states)
    info = by_code(states)
    sig = next(a for a in result.assignments if a.under_review == "SIG")
    for kind in engine.KINDS:
        team = [r for r in sig.reviewers if r.kind == kind]
        assert sorted(i for r in team for i in r.instruments) == ["TIP", "UNTOC"]
        assert all(set(r.instruments) <= info[r.state].instruments for r in team)
    # its costs are paid from voluntary contributions: in the log and in the JSON
    assert draw.log[0]["voluntary_contributions"] == ["SIG"]
    data = json.loads(engine.result_to_json(result, states))
    entry = next(s for s in data["states"] if s["code"] == "SIG")
    assert entry["signatory"] is True and entry["costs_from_voluntary_contributions"] is True
    assert not any(s.get("costs_from_voluntary_contributions") for s in data["states"] if s["code"] != "SIG")
    assert engine.verify(data) == []


def test_a_volunteering_signatory_that_signed_nothing_is_refused_naming_P51():
    with pytest.raises(DrawError) as refusal:
        LiveDraw([*every_region(3), signatory("")], "51")
    assert refusal.value.rule == "signatory_instruments" and refusal.value.paragraph == "P 51"
    assert refusal.value.states == ["SIG"]


def test_a_signatory_whose_instrument_no_possible_reviewer_is_party_to_is_refused_P51():
    # nobody in WEOG is party to FIREARMS, which the signatory signed
    states = [*world({r: [(f"{r[:2]}{i}", "UNTOC TIP") for i in range(4)] for r in engine.REGIONS})]
    with pytest.raises(DrawError) as refusal:
        LiveDraw([*states, signatory("UNTOC FIREARMS")], "51")
    assert refusal.value.rule == "same_instruments" and "P 51" in refusal.value.paragraph
    assert refusal.value.states == ["SIG"] and "signatory" in str(refusal.value)


def test_verify_names_a_signatory_under_review_for_nothing_P51():
    states = [*every_region(3), signatory("TIP")]
    data = json.loads(engine.result_to_json(engine.draw(states, "51"), states))
    assert engine.verify(data) == []
    sig = next(s for s in data["states"] if s["code"] == "SIG")
    sig["instruments"] = []
    next(a for a in data["assignments"] if a["under_review"] == "SIG")["reviewers"] = []
    assert ("signatory_instruments", "P 51") in {(v.rule, v.paragraph) for v in engine.verify(data)}


# -- the figures the Conference can change are inputs (P 28, P 29) -------------------------------


def test_the_figures_are_inputs_recorded_in_the_log_and_the_json_P29():
    states = every_region(4)
    rules = engine.Rules(min_reviews=2, max_reviews=3, redraws_per_state=1)
    draw = LiveDraw(states, "29", None, rules)
    result = draw.run_all()
    assert draw.log[0]["rules"] == {"min_reviews": 2, "max_reviews": 3, "redraws_per_state": 1}
    load = Counter(r.state for a in result.assignments for r in a.reviewers)
    assert min(load[s.code] for s in states) >= 2  # P 29 with the Conference's minimum
    data = json.loads(engine.result_to_json(result, states))
    assert data["rules"] == {"min_reviews": 2, "max_reviews": 3, "redraws_per_state": 1}
    assert engine.verify(data) == []
    assert LiveDraw.replay(states, "29", None, draw.log).rules == rules
    # the same JSON read with the old figures does not follow from its seed
    del data["rules"]
    assert "reproducible" in {v.rule for v in engine.verify(data)}


def test_the_maximum_of_reviews_decides_whether_a_world_can_be_drawn_P29():
    # 15 States review, 16 are reviewed: 32 reviews do not fit in 15 × 2
    states = [*every_region(3), signatory("UNTOC")]
    LiveDraw(states, "29")  # three each: possible
    with pytest.raises(DrawError) as refusal:
        LiveDraw(states, "29", None, engine.Rules(max_reviews=2))
    assert refusal.value.rule == "reviews_per_state" and refusal.value.paragraph == "P 29"
    load = Counter(
        r.state
        for a in engine.draw(every_region(4), "29", None, engine.Rules(max_reviews=2)).assignments
        for r in a.reviewers
    )
    assert max(load.values()) <= 2


def test_the_redraws_per_state_decide_when_an_exceptional_decision_is_needed_P28():
    states = every_region(5)
    for allowed in (1, 3):
        draw = LiveDraw(states, "beef", None, engine.Rules(redraws_per_state=allowed))
        draw.run_selection()
        pick = draw.pick_next()
        current = pick.reviewer
        for _ in range(allowed):
            current = draw.redraw(
                under_review=pick.under_review, reviewer=current, requested_by=pick.under_review
            ).reviewer
        with pytest.raises(RedrawRefused, match=f"already requested {allowed} redraws.*exceptional decision"):
            draw.redraw(under_review=pick.under_review, reviewer=current, requested_by=pick.under_review)


def test_rules_that_cannot_hold_are_refused_P29():
    with pytest.raises(DrawError) as refusal:
        engine.Rules(min_reviews=4, max_reviews=3)
    assert refusal.value.rule == "rules"
    with pytest.raises(DrawError, match="at least 4"):
        LiveDraw(every_region(3), "01", {"AF0": 3}, engine.Rules(max_reviews=4))  # not a volunteer any more


def test_a_log_and_a_json_written_before_the_figures_were_inputs_still_verify_with_1_3_2():
    states = every_region(4)
    draw = LiveDraw(states, "abcd")
    draw.run_selection()
    for _ in range(5):
        draw.pick_next()
    first = draw.log[-5]
    draw.redraw(under_review=first["under_review"], reviewer=first["reviewer"], requested_by=first["under_review"])
    while draw.next_slot() is not None:
        draw.pick_next()
    old_log = [dict(e) for e in draw.log]
    del old_log[0]["rules"], old_log[0]["voluntary_contributions"]  # the start as the previous version wrote it
    again = LiveDraw.replay(states, "abcd", None, old_log)
    assert again.rules == engine.LEGACY_RULES == engine.Rules(1, 3, 2)
    assert again.log == old_log and again.result().assignments == draw.result().assignments
    data = json.loads(engine.result_to_json(engine.draw(states, "abcd"), states))
    del data["rules"]
    assert engine.verify(data) == []
    with pytest.raises(ReplayMismatch):
        LiveDraw.replay(states, "abcd", None, old_log, engine.Rules(redraws_per_state=5))


# -- P 28: deferred redraws carried out at a later meeting ----------------------------------------


def drawn_with_a_deferred_request(states, seed="d00d"):
    draw = LiveDraw(states, seed)
    draw.run_selection()
    pick = draw.pick_next()
    draw.redraw(under_review=pick.under_review, reviewer=pick.reviewer, requested_by=pick.reviewer, defer=True)
    step = draw.log[-1]["step"]
    draw.run_all()
    return draw, pick, step


def test_a_deferred_redraw_is_carried_out_at_a_later_meeting_in_the_same_log_P28():
    states = every_region(4)
    draw, pick, step = drawn_with_a_deferred_request(states)
    with pytest.raises(RedrawRefused, match="later intersessional meeting"):
        draw.carry_out(step)  # not at the meeting that deferred it
    draw.confirm()
    before = draw.result()
    draw.resume(meeting="Second intersessional meeting", date="2027-06-01")
    assert [e["step"] for e in draw.deferred_requests()] == [step]
    new = draw.carry_out(step)
    assert new.replaced == pick.reviewer and new.reviewer != pick.reviewer
    entry = draw.log[-1]
    assert entry["carries_out"] == step and entry["outcome"] == "redrawn" and entry["requested_by"] == pick.reviewer
    assert draw.deferred_requests() == []
    with pytest.raises(RedrawRefused, match="not a deferred redraw request"):
        draw.carry_out(step)  # once only
    while draw.next_slot() is not None:
        draw.pick_next()
    draw.confirm()
    after = draw.result()
    mine = {a.under_review: a for a in after.assignments}[pick.under_review]
    assert pick.reviewer not in {r.state for r in mine.reviewers}
    assert [a for a in after.assignments if a.under_review != pick.under_review] != [] and after != before
    check_all(draw, states)
    # the whole log, first meeting and later one, replays from the seed to the same assignments
    again = LiveDraw.replay(states, "d00d", None, draw.log)
    assert again.log == draw.log and again.result().assignments == after.assignments
    data = {"seed": "d00d", "states": [dataclasses.asdict(s) | {"instruments": sorted(s.instruments)} for s in states]}
    data |= {"volunteers": {}, "log": draw.log}
    assert engine.verify(data) == []
    data["assignments"] = json.loads(engine.result_to_json(before, states))["assignments"]
    assert "reproducible" in {v.rule for v in engine.verify(data)}  # the first meeting's result no longer holds


def test_a_forged_later_meeting_is_caught_on_replay_P28():
    states = every_region(4)
    draw, pick, step = drawn_with_a_deferred_request(states)
    draw.confirm()
    draw.resume(meeting="Later")
    draw.carry_out(step)
    forged = [dict(e) for e in draw.log]
    forged[-1]["new_reviewer"] = pick.reviewer
    with pytest.raises(ReplayMismatch):
        LiveDraw.replay(states, "d00d", None, forged)
    with pytest.raises(ReplayMismatch, match="step"):
        LiveDraw.replay(states, "d00d", None, [*draw.log[:-2], draw.log[-1]])  # carried out with no later meeting


def test_the_redraw_counts_run_on_across_meetings_P28():
    states = every_region(6)
    draw = LiveDraw(states, "beef")
    result = draw.run_all()
    load = Counter(r.state for a in result.assignments for r in a.reviewers)
    # a State whose two reviewers each keep a review when withdrawn (P 29: at least one each)
    a = next(a for a in result.assignments if all(load[r.state] >= 2 for r in a.reviewers))
    u = a.under_review
    for r in a.reviewers[:2]:  # two requests, both deferred: both count
        draw.redraw(under_review=u, reviewer=r.state, requested_by=u, defer=True)
    draw.confirm()
    draw.resume(meeting="Later")
    for request in draw.deferred_requests():  # carried out without counting again
        draw.carry_out(request["step"])
    assert draw.deferred_requests() == []
    while draw.next_slot() is not None:
        draw.pick_next()
    reviewer = next(a for a in draw.result().assignments if a.under_review == u).reviewers[0].state
    with pytest.raises(RedrawRefused, match="already requested 2 redraws"):
        draw.redraw(under_review=u, reviewer=reviewer, requested_by=u)
    with contextlib.suppress(RedrawRefused):  # granted, or refused where nobody else can take the place
        draw.redraw(under_review=u, reviewer=reviewer, requested_by=u, exceptional_reason="Decision 2027/3")
    assert draw.log[-1]["exceptional_reason"] == "Decision 2027/3" and "already requested" not in draw.log[-1].get(
        "reason", ""
    )
    while draw.next_slot() is not None:
        draw.pick_next()
    draw.confirm()
    check_all(draw, states)
    assert LiveDraw.replay(states, "beef", None, draw.log).log == draw.log
