"""Truth tables of the outcome policies (P 37–39), as tests/reviews/test_permissions.py does: every
persona against every stage of a review (lists) or of a report, answers written out, not recomputed.

Personas and reviews are those of tests/reviews/test_permissions.py: State 1 under review; States 2
and 3 full reviewers; State 4 an additional reviewer drawn for the Trafficking in Persons Protocol only.
"""

from types import SimpleNamespace

import pytest

from observations import permissions
from reviews.enums import ReviewStatus as S
from tests.reviews.test_permissions import PARTIES, PERSONAS, REVIEWERS, STAGES, review_at

DRAFT = SimpleNamespace(is_final=False)
FINAL = SimpleNamespace(is_final=True)
UNDER_REVIEW = {"fp_under_review", "expert_under_review"}
FOCAL_POINTS = {"fp_under_review", "fp_reviewer"}


def table(personas, stages):
    return {(p, s) for p in personas for s in stages}


LIST_POLICIES = {
    # the parties of the review and the secretariat, at every stage; no one else (404)
    "view": (lambda p, r: permissions.may_view_list(p, r), table({"secretariat"} | PARTIES, STAGES)),
    # P 37: the reviewing States' experts with the secretariat, at "list of observations", not final
    "edit_no_list_yet": (
        lambda p, r: permissions.may_edit_list(p, r, None),
        table({"secretariat"} | REVIEWERS, [S.OBSERVATIONS]),
    ),
    "edit_draft": (
        lambda p, r: permissions.may_edit_list(p, r, DRAFT),
        table({"secretariat"} | REVIEWERS, [S.OBSERVATIONS]),
    ),
    "edit_final": (lambda p, r: permissions.may_edit_list(p, r, FINAL), set()),
    # P 37: the State under review comments on a draft
    "comment_draft": (lambda p, r: permissions.may_comment_list(p, r, DRAFT), table(UNDER_REVIEW, [S.OBSERVATIONS])),
    "comment_no_list_yet": (lambda p, r: permissions.may_comment_list(p, r, None), set()),
    "comment_final": (lambda p, r: permissions.may_comment_list(p, r, FINAL), set()),
    # P 39: the parties agree through their focal points; the secretariat does not agree for them
    "agree_draft": (
        lambda p, r: permissions.list_agreeable_by(p, r, DRAFT),
        table(FOCAL_POINTS, [S.OBSERVATIONS]),
    ),
    "agree_final": (lambda p, r: permissions.list_agreeable_by(p, r, FINAL), set()),
}


def check(policy, expected):
    wrong = [
        (name, stage.value)
        for name, p in PERSONAS.items()
        for stage in STAGES
        if bool(policy(p, review_at(stage))) != ((name, stage) in expected)
    ]
    assert wrong == []


@pytest.mark.parametrize("name", list(LIST_POLICIES))
def test_list_policy_truth_table_P37_P39(name):
    policy, expected = LIST_POLICIES[name]
    check(policy, expected)


def test_a_focal_point_agrees_for_its_own_state_only_P39():
    review = review_at(S.OBSERVATIONS)
    assert permissions.list_agreeable_by(PERSONAS["fp_under_review"], review, DRAFT) == {1}
    assert permissions.list_agreeable_by(PERSONAS["fp_reviewer"], review, DRAFT) == {2}


# The final desk review report, at each of its stages (P 38, P 39) --------------------------------

REPORT_STAGES = {
    "draft": SimpleNamespace(is_final=False, is_shared=False, requested_at=None, state_id=1),
    "requested": SimpleNamespace(is_final=False, is_shared=False, requested_at="asked", state_id=1),
    "shared": SimpleNamespace(is_final=False, is_shared=True, requested_at="asked", state_id=1),
    "final": SimpleNamespace(is_final=True, is_shared=True, requested_at="asked", state_id=1),
}
ALL_REPORT = list(REPORT_STAGES)

REPORT_POLICIES = {
    # P 38: before the draft goes to the reviewing States only the secretariat and the State under review read it
    "view": (
        permissions.may_view_report,
        table({"secretariat"} | UNDER_REVIEW, ALL_REPORT) | table(REVIEWERS, ["shared", "final"]),
    ),
    "see_that_it_exists": (permissions.may_see_report_exists, table({"secretariat"} | PARTIES, ALL_REPORT)),
    "edit": (
        permissions.may_edit_report,
        table({"secretariat"}, ["draft", "requested", "shared"]) | table(REVIEWERS, ["shared"]),
    ),
    # P 38: on request of the State under review or of the reviewing States, through a focal point, once
    "request_draft": (permissions.may_request_draft, table(FOCAL_POINTS, ["draft"])),
    "share_draft": (permissions.may_share_draft, table({"secretariat"}, ["requested"])),
    # P 39: every party's focal point, once the reviewing States have the draft
    "agree": (permissions.report_agreeable_by, table(FOCAL_POINTS, ["shared"])),
}


@pytest.mark.parametrize("name", list(REPORT_POLICIES))
def test_report_policy_truth_table_P38_P39(name, monkeypatch):
    monkeypatch.setattr(permissions, "report_parties", lambda state_id: frozenset({1, 2, 3, 4}))
    policy, expected = REPORT_POLICIES[name]
    wrong = [
        (persona, stage)
        for persona, p in PERSONAS.items()
        for stage, report in REPORT_STAGES.items()
        if bool(policy(p, report)) != ((persona, stage) in expected)
    ]
    assert wrong == []
