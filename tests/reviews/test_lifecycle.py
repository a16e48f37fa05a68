"""The life of a country review (P 25–36): every move, by whom, and what must hold."""

import datetime as dt

import pytest
from django.utils import timezone

from responses.models import Response
from reviews import selectors, services
from reviews.enums import AdvancementBasis, DeadlineKind, ReviewStatus
from reviews.models import ArticleAllocation, CountryReview, Deadline, Transition
from reviews.services import ReviewRefused
from sherloc.registry.dates import add_months
from sherloc.registry.models import MechanismSettings, WorkplanPhase
from tests.reviews.conftest import advance

# (from, to, who may, who may not)
MOVES = [
    (ReviewStatus.SCHEDULED, ReviewStatus.CONSULTATIONS, ["alice", "sam"], ["bob", "erin", "charlie", "carl"]),
    (ReviewStatus.RESPONSES_RECEIVED, ReviewStatus.FEEDBACK_DUE, ["bob", "bea", "sam"], ["alice", "erin", "charlie"]),
    (ReviewStatus.FEEDBACK_DUE, ReviewStatus.DIALOGUE, ["bob", "bea"], ["alice", "sam", "charlie", "carl"]),
    (ReviewStatus.DIALOGUE, ReviewStatus.OBSERVATIONS, ["alice", "sam"], ["erin", "bob", "charlie"]),
]


def _prepared(review, people, status):
    review = advance(review, people, status)
    if status == ReviewStatus.RESPONSES_RECEIVED:
        articles = selectors.articles_in_scope(review)
        services.allocate_articles(
            review, by=people["bob"], allocations={a.pk: (people["fra"], None) for a in articles}
        )
    if status == ReviewStatus.FEEDBACK_DUE:
        for article in selectors.articles_in_scope(review):
            f = ArticleAllocation.objects.get(review=review, article=article)
            author = people["bob"] if f.reviewer == people["fra"] else people["bea"]
            services.write_feedback(review, article=article, by=author, measures="Measures")
    return review


@pytest.mark.parametrize(("start", "to", "allowed", "refused"), MOVES, ids=[m[1] for m in MOVES])
def test_each_move_is_made_by_who_may_and_recorded_P30_P34(review, people, start, to, allowed, refused):
    review = _prepared(review, people, start)
    for name in refused:
        with pytest.raises(ReviewRefused, match="may not|Only"):
            services.move(review, to=to, by=people[name])
    assert CountryReview.objects.get(pk=review.pk).status == start
    moved = services.move(review, to=to, by=people[allowed[0]], note="done")
    assert moved.status == to
    last = Transition.objects.filter(review=review).last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        start,
        to,
        people[allowed[0]],
        "done",
    )


@pytest.mark.parametrize("to", [ReviewStatus.FEEDBACK_DUE, ReviewStatus.DIALOGUE])
def test_a_move_out_of_order_is_refused_with_the_current_stage(review, people, to):
    with pytest.raises(ReviewRefused, match="at the stage “scheduled”: it cannot move"):
        services.move(review, to=to, by=people["sam"])


def test_no_button_completes_a_review_only_the_agreement_on_the_list_does_P9_P39(review, people):
    """The final list of observations is what completes a phase (P 9, P 39): no one, not even the
    secretariat, moves the review to "completed" by a button or by calling close_review without it."""
    review = advance(review, people, ReviewStatus.OBSERVATIONS)
    for name in ("alice", "bob", "sam"):
        with pytest.raises(ReviewRefused, match="own form"):
            services.move(review, to=ReviewStatus.CLOSED, by=people[name])
        with pytest.raises(ReviewRefused, match="same version of its list of observations"):
            services.close_review(review, by=people[name], final_list=None)
    assert CountryReview.objects.get(pk=review.pk).status == ReviewStatus.OBSERVATIONS


@pytest.mark.parametrize("to", [ReviewStatus.RESPONSES_DUE, ReviewStatus.RESPONSES_RECEIVED])
def test_no_button_for_the_agreement_or_the_receipt_P19_P30(review, people, to):
    """Defect 7: "responses due" needs every party's confirmation, "responses received" the State's
    submission: neither is a step anyone can take by a button."""
    review = advance(
        review, people, ReviewStatus.CONSULTATIONS if to == ReviewStatus.RESPONSES_DUE else ReviewStatus.RESPONSES_DUE
    )
    assert services.NEXT[review.status] == to
    for name in ("alice", "sam"):
        with pytest.raises(ReviewRefused, match="own form"):
            services.move(review, to=to, by=people[name])


def test_responses_received_without_a_submission_is_refused_P19(review, people):
    """Defect 7: the review cannot reach "responses received" while nothing was submitted."""
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    for name in ("alice", "sam"):
        with pytest.raises(ReviewRefused, match="submits them through the module"):
            services.record_responses_received(review, by=people[name])
    assert CountryReview.objects.get(pk=review.pk).status == ReviewStatus.RESPONSES_DUE


def _propose(review, people, who="alice", **frames):
    frames.setdefault("language", "en")
    frames.setdefault("responses_due", timezone.localdate() + dt.timedelta(days=30))
    return services.propose_time_frames(review, by=people[who], **frames)


def test_consultations_fix_language_and_deadlines_once_all_confirmed_P30_P33(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    due = timezone.localdate() + dt.timedelta(days=100)
    proposal = _propose(review, people, language="es", responses_due=due, feedback_months=4)
    services.confirm_time_frames(proposal, by=people["bob"])
    assert CountryReview.objects.get(pk=review.pk).status == ReviewStatus.CONSULTATIONS
    services.confirm_time_frames(proposal, by=people["bruno"])
    review.refresh_from_db()
    assert review.status == ReviewStatus.RESPONSES_DUE and review.language == "es"
    deadlines = {d.kind: d.due for d in selectors.deadlines_of(review) if d.met_at is None}
    assert deadlines == {DeadlineKind.RESPONSES: due, DeadlineKind.FEEDBACK: add_months(due, 4)}
    # the date for the responses is stored once, on the response (P 33)
    assert not Deadline.objects.filter(review=review, kind=DeadlineKind.RESPONSES).exists()
    assert Response.objects.get(state=review.state, phase=review.phase).deadline == due


@pytest.mark.parametrize("who", ["alice", "sam", "bob"])
def test_no_party_alone_fixes_the_time_frames_P30(review, people, who):
    """Defect 5: a proposal by any one party, or by the secretariat, does not hold until every party confirmed."""
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    proposal = _propose(review, people, who=who)
    assert CountryReview.objects.get(pk=review.pk).status == ReviewStatus.CONSULTATIONS
    expected = {"alice": ["AUT"], "sam": [], "bob": ["FRA"]}[who]
    assert list(proposal.confirmations.values_list("state__code", flat=True)) == expected


@pytest.mark.parametrize("who", ["erin", "bea", "carl", "charlie", "sam"])
def test_only_a_partys_focal_point_confirms_P30(review, people, who):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    proposal = _propose(review, people)
    with pytest.raises(ReviewRefused, match="Only the focal point"):
        services.confirm_time_frames(proposal, by=people[who])


def test_a_confirmation_is_given_once_and_only_to_the_latest_proposal_P30(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    first = _propose(review, people)
    services.confirm_time_frames(first, by=people["bob"])
    with pytest.raises(ReviewRefused, match="Only the focal point"):
        services.confirm_time_frames(first, by=people["bob"])
    second = _propose(review, people, who="bruno", responses_due=timezone.localdate() + dt.timedelta(days=40))
    with pytest.raises(ReviewRefused, match="Another proposal"):
        services.confirm_time_frames(first, by=people["alice"])
    services.confirm_time_frames(second, by=people["alice"])
    services.confirm_time_frames(second, by=people["bob"])
    review.refresh_from_db()
    assert review.status == ReviewStatus.RESPONSES_DUE
    history = [
        (p.proposed_by, p.agreed_at is not None, sorted(c.state.code for c in p.confirmations.all()))
        for p in selectors.proposals_of(review)
    ]
    assert history == [(people["alice"], False, ["AUT", "FRA"]), (people["bruno"], True, ["AUT", "BRA", "FRA"])]


def test_responses_later_than_six_months_are_refused_P33(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    late = add_months(timezone.localdate(), 6) + dt.timedelta(days=1)
    with pytest.raises(ReviewRefused, match="within 6 months at most \\(P 33\\)"):
        _propose(review, people, responses_due=late)


def test_the_agreed_date_cannot_stretch_an_open_questionnaire_beyond_six_months_P33(review, people, phase1):
    """Defect 2: a questionnaire opened earlier keeps its six months, counted from its opening; the
    agreement in consultations no longer overwrites its date without the check."""
    from tests import factories

    opened = factories.response(
        state=review.state, phase=phase1, deadline=timezone.localdate() + dt.timedelta(days=30), by=people["alice"]
    )
    Response.objects.filter(pk=opened.pk).update(opened_at=timezone.now() - dt.timedelta(days=120))
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="P 33"):
        _propose(review, people, responses_due=timezone.localdate() + dt.timedelta(days=90))
    opened.refresh_from_db()
    assert opened.deadline == timezone.localdate() + dt.timedelta(days=30)


def test_the_secretariat_moving_the_date_moves_the_one_deadline_P33(review, people):
    """Defect 2: the review page, the response page and the reminders read the same date."""
    from responses import services as responses

    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=review.state, phase=review.phase)
    new = timezone.localdate() + dt.timedelta(days=45)
    responses.change_deadline(response=response, deadline=new, by=people["sam"])
    [shown] = [d for d in selectors.deadlines_of(review) if d.kind == DeadlineKind.RESPONSES]
    assert shown.due == new
    lines = [
        r.as_json(today=new - dt.timedelta(days=7), cc=[])
        for r in services.due_reminders(today=new - dt.timedelta(days=7))
    ]
    assert [(line["deadline"], line["days_before"]) for line in lines] == [("responses", 7)]


def test_feedback_beyond_six_months_is_refused_P34(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="P 34"):
        _propose(review, people, feedback_months=7)


def test_second_language_only_with_a_recorded_reason_P49(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="recorded reason.*P 49"):
        _propose(review, people, second_language="fr")
    with pytest.raises(ReviewRefused, match="another of the six"):
        _propose(review, people, second_language="en", second_language_reason="x")
    proposal = _propose(review, people, second_language="fr", second_language_reason="No agreement on one language")
    services.confirm_time_frames(proposal, by=people["bob"])
    services.confirm_time_frames(proposal, by=people["bruno"])
    review.refresh_from_db()
    assert (review.language, review.second_language) == ("en", "fr")


def test_unknown_language_is_refused_P48(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="six working languages"):
        _propose(review, people, language="de")


def test_the_submission_sets_the_feedback_deadline_from_receipt_and_the_review_begins_P25_P34(review, people):
    """Defect 9: the phase opened for the group when the review was scheduled; the State's review
    begins on submission, and both dates are kept."""
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    assert review.began_at is None and review.scheduled_at is not None
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    assert review.began_at is not None and review.began_at >= review.scheduled_at
    feedback = Deadline.objects.get(review=review, kind=DeadlineKind.FEEDBACK)
    assert feedback.due == add_months(timezone.localdate(review.began_at), 6)
    [responses] = [d for d in selectors.deadlines_of(review) if d.kind == DeadlineKind.RESPONSES]
    assert responses.met_at == review.began_at


def test_reopening_the_submission_takes_the_review_back_and_it_begins_once_P19(review, people):
    """Defect 7: reopening reaches the review through the same path as the submission."""
    from responses import services as responses
    from tests.reviews.conftest import submit_responses

    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    began = review.began_at
    response = Response.objects.get(state=review.state, phase=review.phase)
    responses.reopen(response=response, by=people["sam"], request_reference="Note verbale of 2 March")
    review.refresh_from_db()
    assert review.status == ReviewStatus.RESPONSES_DUE
    last = review.transitions.last()
    assert (last.from_status, last.to_status, last.by) == (
        ReviewStatus.RESPONSES_RECEIVED,
        ReviewStatus.RESPONSES_DUE,
        people["sam"],
    )
    assert "Note verbale of 2 March" in last.note
    review = submit_responses(review, people)
    assert review.status == ReviewStatus.RESPONSES_RECEIVED and review.began_at == began


def test_reopening_is_refused_once_the_feedback_reached_the_state_P19_P34(review, people):
    from responses import services as responses

    review = advance(review, people, ReviewStatus.DIALOGUE)
    response = Response.objects.get(state=review.state, phase=review.phase)
    with pytest.raises(responses.ResponseRefused, match="can no longer be reopened"):
        responses.reopen(response=response, by=people["sam"], request_reference="Note verbale")
    response.refresh_from_db()
    assert response.status == "submitted"


def test_the_submission_reaches_the_review_once(review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    with pytest.raises(ReviewRefused, match="cannot move"):
        services.record_responses_received(review, by=people["alice"])


def test_feedback_cannot_start_before_every_article_is_divided_P31(review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    with pytest.raises(ReviewRefused, match="Divide every article.*P 31"):
        services.start_feedback(review, by=people["bob"])


def test_feedback_cannot_be_sent_with_an_article_missing_P34(review, people):
    review = _prepared(review, people, ReviewStatus.RESPONSES_RECEIVED)
    review = services.start_feedback(review, by=people["bob"])
    with pytest.raises(ReviewRefused, match="feedback on every article"):
        services.send_feedback(review, by=people["bob"])


def test_only_the_allocated_reviewing_state_writes_an_articles_feedback_P31(review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    articles = selectors.articles_in_scope(review)
    with pytest.raises(ReviewRefused, match="Only France"):
        services.write_feedback(review, article=articles[0], by=people["bea"], measures="x")
    with pytest.raises(ReviewRefused, match="Only France"):
        services.write_feedback(review, article=articles[0], by=people["alice"], measures="x")


def test_allocation_to_a_state_not_reviewing_is_refused_P31(review, people, other_state):
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    article = selectors.articles_in_scope(review)[0]
    with pytest.raises(ReviewRefused, match="not a reviewing State"):
        services.allocate_articles(review, by=people["bob"], allocations={article.pk: (other_state, None)})
    with pytest.raises(ReviewRefused, match="not a governmental expert of France"):
        services.allocate_articles(review, by=people["bob"], allocations={article.pk: (people["fra"], people["bea"])})
    with pytest.raises(ReviewRefused, match="Only the reviewing States"):
        services.allocate_articles(review, by=people["alice"], allocations={article.pk: (people["fra"], None)})


def test_questions_are_answered_in_place_by_the_state_under_review_P34(review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    article = selectors.articles_in_scope(review)[0]
    feedback = services.write_feedback(review, article=article, by=people["bob"], measures="Good law")
    question = services.ask_question(feedback, by=people["bob"], kind="clarification", text="Which statute?")
    with pytest.raises(ReviewRefused, match="once the feedback is sent"):
        services.answer_question(question, by=people["alice"], answer="Penal Code")
    review = advance(review, people, ReviewStatus.DIALOGUE)
    question.refresh_from_db()
    with pytest.raises(ReviewRefused, match="Only the State under review"):
        services.answer_question(question, by=people["bob"], answer="x")
    services.answer_question(question, by=people["erin"], answer="Penal Code, § 278a")
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("Penal Code, § 278a", people["erin"])


def test_advancement_opens_next_phase_at_the_threshold_P9(review, people, phase1):
    phase2 = WorkplanPhase.objects.get(number=2)
    with pytest.raises(ReviewRefused, match="completed 0% .* 70% or by a decision of the Conference \\(P 9\\)"):
        services.open_phase(phase=phase2, year_group=1, by=people["sam"])
    advance(review, people, ReviewStatus.CLOSED)
    status = selectors.advancement_of(phase=phase1, year_group=1)
    assert (status["foreseen"], status["completed"], status["percent"], status["reached"]) == (1, 1, 100, True)
    opening = services.open_phase(phase=phase2, year_group=1, by=people["sam"])
    assert opening.basis == AdvancementBasis.THRESHOLD and opening.completed_percent == 100
    assert CountryReview.objects.filter(phase=phase2, state=review.state).exists()


def test_the_threshold_is_a_setting_P9(review, people, phase1):
    settings_row = MechanismSettings.current()
    settings_row.advancement_threshold_percent = 0
    settings_row.save()
    assert selectors.advancement_of(phase=phase1, year_group=1)["reached"] is True  # 0 of 1 completed, 0 % asked
    settings_row.advancement_threshold_percent = 100
    settings_row.save()
    assert selectors.advancement_of(phase=phase1, year_group=1)["reached"] is False
    advance(review, people, ReviewStatus.CLOSED)
    assert selectors.advancement_of(phase=phase1, year_group=1)["reached"] is True


def test_a_conference_decision_overrides_the_threshold_and_is_recorded_P9(review, people):
    phase2 = WorkplanPhase.objects.get(number=2)
    opening = services.open_phase(
        phase=phase2, year_group=1, by=people["sam"], decision_reference="Decision 12/3", decision_note="Advance."
    )
    assert (opening.basis, opening.decision_reference, opening.completed_percent) == (
        AdvancementBasis.CONFERENCE_DECISION,
        "Decision 12/3",
        0,
    )


def test_only_the_secretariat_opens_phases_and_a_phase_opens_once(review, people, phase1):
    with pytest.raises(ReviewRefused, match="Only the secretariat"):
        services.open_phase(phase=WorkplanPhase.objects.get(number=2), year_group=1, by=people["alice"])
    with pytest.raises(ReviewRefused, match="already open"):
        services.open_phase(phase=phase1, year_group=1, by=people["sam"])
    with pytest.raises(ReviewRefused, match="Open “First review phase” for group 2 first"):
        services.open_phase(phase=WorkplanPhase.objects.get(number=2), year_group=2, by=people["sam"])


def test_a_review_added_later_is_not_foreseen_and_does_not_count_P9(review, people, phase1):
    from sherloc.registry.models import State
    from tests.factories import confirmed_drawing

    ken = State.objects.get(code="KEN")
    confirmed_drawing(groups={"KEN": 1})
    late = services.schedule_review(state=ken, phase=phase1, by=people["sam"])
    assert late.foreseen is False
    assert selectors.advancement_of(phase=phase1, year_group=1)["foreseen"] == 1
