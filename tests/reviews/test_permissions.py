"""Truth tables of the country-review policies (STYLE.md: who and when in one answer).

Each policy is checked against every persona and every stage of a review. The expected answers are
written out as tables, not recomputed from the rule, so a drifting rule fails here loudly.

Personas (one review: State 1 under review; State 2 and 3 full reviewers; State 4 an additional
reviewer drawn only for the Trafficking in Persons Protocol, P 28; and two readers who are no party,
to whom State 1 disclosed part of its dialogue, P 41, P 42):
"""

from types import SimpleNamespace

import pytest

from reviews import permissions
from reviews.enums import ReviewStatus as S
from reviews.permissions import Participation
from reviews.services import NEXT

ALL = frozenset({"UNTOC", "TIP", "SOM", "FIREARMS"})
PERSONAS = {
    "secretariat": Participation(secretariat=True, _state_id=1),
    "fp_under_review": Participation(under_review=True, coordinator=True, _state_id=1),
    "expert_under_review": Participation(under_review=True, _state_id=1),
    "fp_reviewer": Participation(
        reviewing=frozenset({2}), reviewing_coordinator=frozenset({2}), instruments=ALL, _state_id=1
    ),
    "expert_reviewer": Participation(reviewing=frozenset({2}), instruments=ALL, _state_id=1),
    "expert_additional": Participation(reviewing=frozenset({4}), instruments=frozenset({"TIP"}), _state_id=1),
    "contributor": Participation(_state_id=1),  # a national contributor is no party to the desk review
    "outsider": Participation(_state_id=1),
    # not parties: the State under review shared thread 7 with this reader's State (P 41) ...
    "shared_reader": Participation(_state_id=1, shared_dialogue=frozenset({"7"})),
    # ... or made its whole dialogue and the files of it public (P 42)
    "public_reader": Participation(_state_id=1, shared_dialogue=frozenset({""}), shared_documentation=frozenset({""})),
}
STAGES = list(S)
PARTIES = {"fp_under_review", "expert_under_review", "fp_reviewer", "expert_reviewer", "expert_additional"}
REVIEWERS = {"fp_reviewer", "expert_reviewer", "expert_additional"}


def review_at(status):
    return SimpleNamespace(status=status, state_id=1, _covers={2: ALL, 3: ALL, 4: frozenset({"TIP"})}, pk=1, state=None)


def article(code):
    return SimpleNamespace(instrument=SimpleNamespace(code=code))


def table(personas, stages):
    return {(p, s) for p in personas for s in stages}


def check(policy, expected: set[tuple[str, str]]):
    wrong = [
        (name, stage.value, policy(p, review_at(stage)), (name, stage) in expected)
        for name, p in PERSONAS.items()
        for stage in STAGES
        if bool(policy(p, review_at(stage))) != ((name, stage) in expected)
    ]
    assert wrong == []


OPEN = [s for s in STAGES if s != S.CLOSED]

POLICIES = {
    # P 30: proposals during consultations by the parties' focal points and the secretariat
    "propose_time_frames": (
        permissions.may_propose_time_frames,
        table({"secretariat", "fp_under_review", "fp_reviewer"}, [S.CONSULTATIONS]),
    ),
    # P 31: the reviewing States divide the articles, from the agreement to the feedback
    "allocate_articles": (
        permissions.may_allocate_articles,
        table({"secretariat"} | REVIEWERS, [S.RESPONSES_DUE, S.RESPONSES_RECEIVED, S.FEEDBACK_DUE]),
    ),
    # P 34: the feedback of reviewing State 2, while due
    "write_feedback_of_state_2": (
        lambda p, r: permissions.may_write_feedback(p, r, 2),
        table({"fp_reviewer", "expert_reviewer"}, [S.FEEDBACK_DUE]),
    ),
    # P 34: questions in State 2's feedback, with the feedback or in the dialogue
    "ask_question_on_state_2_feedback": (
        lambda p, r: permissions.may_ask_question(p, r, SimpleNamespace(reviewer_id=2)),
        table({"fp_reviewer", "expert_reviewer"}, [S.FEEDBACK_DUE, S.DIALOGUE]),
    ),
    # P 34: the State under review answers once the feedback reached it, in the dialogue
    "answer_sent_feedback": (
        lambda p, r: permissions.may_answer_questions(p, r, SimpleNamespace(sent_at="sent")),
        table({"fp_under_review", "expert_under_review"}, [S.DIALOGUE]),
    ),
    "answer_unsent_feedback": (
        lambda p, r: permissions.may_answer_questions(p, r, SimpleNamespace(sent_at=None)),
        set(),
    ),
    # P 32, P 34: the general thread, until the review is complete
    "post_general_thread": (
        lambda p, r: permissions.may_post(p, r, SimpleNamespace(article=None)),
        table({"secretariat"} | PARTIES, OPEN),
    ),
    # P 28: an article of the Convention: not the reviewer drawn for the Protocol only
    "post_untoc_thread": (
        lambda p, r: permissions.may_post(p, r, SimpleNamespace(article=article("UNTOC"))),
        table({"secretariat"} | PARTIES - {"expert_additional"}, OPEN),
    ),
    "post_tip_thread": (
        lambda p, r: permissions.may_post(p, r, SimpleNamespace(article=article("TIP"), pk=7)),
        table({"secretariat"} | PARTIES, OPEN),
    ),
    "read_untoc_thread": (
        lambda p, r: permissions.may_view_thread(p, r, SimpleNamespace(article=article("UNTOC"), pk=8)),
        table({"secretariat", "public_reader"} | PARTIES - {"expert_additional"}, STAGES),
    ),
    "read_tip_thread": (
        lambda p, r: permissions.may_view_thread(p, r, SimpleNamespace(article=article("TIP"), pk=8)),
        table({"secretariat", "public_reader"} | PARTIES, STAGES),
    ),
    # P 41: the thread shared on request is read (never written) by the State that asked
    "read_shared_untoc_thread": (
        lambda p, r: permissions.may_view_thread(p, r, SimpleNamespace(article=article("UNTOC"), pk=7)),
        table({"secretariat", "shared_reader", "public_reader"} | PARTIES - {"expert_additional"}, STAGES),
    ),
    # the files: a party who sees the thread; another reader only where the documentation was disclosed too
    "download_shared_untoc_file": (
        lambda p, r: permissions.may_download_attachment(
            p, r, SimpleNamespace(article=article("UNTOC"), pk=7), SimpleNamespace(pk=3)
        ),
        table({"secretariat", "public_reader"} | PARTIES - {"expert_additional"}, STAGES),
    ),
    "read_what_was_shared": (permissions.may_read_shared, table({"shared_reader", "public_reader"}, STAGES)),
    # P 42: the State under review decides, through its focal point
    "disclose_the_dialogue": (permissions.may_disclose, table({"fp_under_review"}, STAGES)),
    # P 34: feedback is read by the reviewing States as written, by the State under review once sent
    "read_unsent_untoc_feedback": (
        lambda p, r: permissions.may_read_feedback(
            p, r, SimpleNamespace(article=article("UNTOC"), sent_at=None, reviewer_id=2)
        ),
        table({"secretariat", "fp_reviewer", "expert_reviewer"}, STAGES),
    ),
    "read_sent_untoc_feedback": (
        lambda p, r: permissions.may_read_feedback(
            p, r, SimpleNamespace(article=article("UNTOC"), sent_at="sent", reviewer_id=2)
        ),
        table({"secretariat"} | PARTIES - {"expert_additional"}, STAGES),
    ),
    # P 34: a reviewing State reads the feedback of the instruments it covers, the additional reviewer's too
    "read_sent_tip_feedback": (
        lambda p, r: permissions.may_read_feedback(
            p, r, SimpleNamespace(article=article("TIP"), sent_at="sent", reviewer_id=4)
        ),
        table({"secretariat"} | PARTIES, STAGES),
    ),
    "read_unsent_tip_feedback": (
        lambda p, r: permissions.may_read_feedback(
            p, r, SimpleNamespace(article=article("TIP"), sent_at=None, reviewer_id=4)
        ),
        table({"secretariat"} | REVIEWERS, STAGES),
    ),
    # P 28: the pages of the articles (division, feedback) list those of the instruments a reviewer covers
    "see_untoc_article": (
        lambda p, r: permissions.may_see_article(p, r, article("UNTOC")),
        table({"secretariat"} | PARTIES - {"expert_additional"}, STAGES),
    ),
    "see_tip_article": (
        lambda p, r: permissions.may_see_article(p, r, article("TIP")),
        table({"secretariat"} | PARTIES, STAGES),
    ),
    "see_no_article": (lambda p, r: permissions.may_see_article(p, r, None), table({"secretariat"} | PARTIES, STAGES)),
    # P 32, P 28: a thread is opened on an article its opener sees, until the review is complete
    "open_untoc_article_thread": (
        lambda p, r: permissions.may_open_article_thread(p, r, article("UNTOC")),
        table({"secretariat"} | PARTIES - {"expert_additional"}, OPEN),
    ),
    "open_tip_article_thread": (
        lambda p, r: permissions.may_open_article_thread(p, r, article("TIP")),
        table({"secretariat"} | PARTIES, OPEN),
    ),
    "download_tip_file": (
        lambda p, r: permissions.may_download_attachment(
            p, r, SimpleNamespace(article=article("TIP"), pk=8), SimpleNamespace(pk=3)
        ),
        table({"secretariat", "public_reader"} | PARTIES, STAGES),
    ),
    "see_the_review": (lambda p, r: p.may_view, table({"secretariat"} | PARTIES, STAGES)),
    "see_the_consultations": (permissions.may_see_consultations, table({"secretariat"} | PARTIES, [S.CONSULTATIONS])),
}


@pytest.mark.parametrize("name", list(POLICIES))
def test_policy_truth_table(name):
    policy, expected = POLICIES[name]
    check(policy, expected)


# Every transition: which button the review page offers to whom, at each stage (P 19, P 30–34, P 39).
BUTTONS = {
    S.SCHEDULED: (S.CONSULTATIONS, {"secretariat", "fp_under_review"}),
    S.CONSULTATIONS: (None, set()),  # P 30: only the confirmation of every party
    S.RESPONSES_DUE: (None, set()),  # P 19: only the State's submission
    S.RESPONSES_RECEIVED: (S.FEEDBACK_DUE, {"secretariat"} | REVIEWERS),
    S.FEEDBACK_DUE: (S.DIALOGUE, REVIEWERS),
    S.DIALOGUE: (S.OBSERVATIONS, {"secretariat", "fp_under_review"}),
    S.OBSERVATIONS: (None, set()),  # P 39, P 9: only the agreement of every party on the list
    S.CLOSED: (None, set()),
}


@pytest.mark.parametrize("stage", STAGES)
def test_transition_buttons_truth_table_P30_P34(stage):
    target, who = BUTTONS[stage]
    offered = {name: permissions.button_for(p, review_at(stage)) for name, p in PERSONAS.items()}
    assert offered == {name: (target if name in who else None) for name in PERSONAS}


# Who may take the review to its next stage, whether by a button or by its own form or event (P 19, P 30–34, P 39).
MOVES = {
    S.SCHEDULED: {"secretariat", "fp_under_review"},
    S.CONSULTATIONS: {"secretariat", "fp_under_review", "fp_reviewer"},  # by confirming (P 30)
    S.RESPONSES_DUE: {"secretariat", "fp_under_review", "expert_under_review"},  # by the submission (P 19)
    S.RESPONSES_RECEIVED: {"secretariat"} | REVIEWERS,
    S.FEEDBACK_DUE: REVIEWERS,
    S.DIALOGUE: {"secretariat", "fp_under_review"},
    S.OBSERVATIONS: {"fp_under_review", "fp_reviewer"},  # by agreeing to the list (P 39)
    S.CLOSED: set(),
}


@pytest.mark.parametrize("stage", STAGES)
def test_moves_truth_table_P30_P34_P39(stage):
    got = {
        (name, target)
        for name, p in PERSONAS.items()
        for target in STAGES
        if permissions.may_move_to(p, review_at(stage), target)
    }
    assert got == {(name, NEXT[stage]) for name in MOVES[stage]}


@pytest.mark.parametrize("stage", STAGES)
def test_no_one_moves_a_review_anywhere_but_to_its_next_stage(stage):
    moves = {
        (name, target)
        for name, p in PERSONAS.items()
        for target in STAGES
        if permissions.may_move_to(p, review_at(stage), target)
    }
    assert {target for _name, target in moves} <= ({NEXT[stage]} if stage in NEXT else set())
    assert {name for name, _t in moves} <= {"secretariat"} | PARTIES


def test_confirmations_truth_table_P30():
    proposal = SimpleNamespace(agreed_at=None)
    expected = {"fp_under_review": {1}, "fp_reviewer": {2}}
    for stage in STAGES:
        for name, p in PERSONAS.items():
            got = permissions.confirmable_by(p, review_at(stage), proposal, set())
            want = expected.get(name, set()) if stage == S.CONSULTATIONS else set()
            assert set(got) == want, (name, stage)
    # a State confirms once; an agreed proposal takes no more confirmations
    assert permissions.confirmable_by(PERSONAS["fp_reviewer"], review_at(S.CONSULTATIONS), proposal, {2}) == set()
    agreed = SimpleNamespace(agreed_at="now")
    assert permissions.confirmable_by(PERSONAS["fp_under_review"], review_at(S.CONSULTATIONS), agreed, set()) == set()


@pytest.mark.parametrize(("reviewer", "code", "covered"), [(2, "UNTOC", True), (4, "TIP", True), (4, "UNTOC", False)])
def test_a_reviewing_state_covers_only_the_instruments_it_was_drawn_for_P28(reviewer, code, covered):
    assert permissions.reviewer_covers(review_at(S.RESPONSES_RECEIVED), reviewer, article(code)) is covered


@pytest.mark.django_db
def test_secretariat_pages_truth_table_P32(people, stakeholder):
    """The overview of every review, the opening of phases and following a review: the secretariat's."""
    users = {**{name: people[name] for name in ("alice", "erin", "bob", "bea", "bruno", "sam", "charlie", "carl")}}
    users["stakeholder"] = stakeholder
    for policy in (permissions.may_see_overview, permissions.may_open_phases, permissions.may_follow):
        assert {name for name, user in users.items() if policy(user)} == {"sam"}, policy.__name__
