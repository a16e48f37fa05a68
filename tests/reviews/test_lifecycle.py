"""The life of a country review (P 25–36): every move, by whom, and what must hold."""

import datetime as dt

import pytest
from django.utils import timezone

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
    (ReviewStatus.RESPONSES_DUE, ReviewStatus.RESPONSES_RECEIVED, ["erin", "alice", "sam"], ["bob", "bea", "charlie"]),
    (ReviewStatus.RESPONSES_RECEIVED, ReviewStatus.FEEDBACK_DUE, ["bob", "bea", "sam"], ["alice", "erin", "charlie"]),
    (ReviewStatus.FEEDBACK_DUE, ReviewStatus.DIALOGUE, ["bob", "bea"], ["alice", "sam", "charlie", "carl"]),
    (ReviewStatus.DIALOGUE, ReviewStatus.OBSERVATIONS, ["alice", "sam"], ["erin", "bob", "charlie"]),
    (ReviewStatus.OBSERVATIONS, ReviewStatus.CLOSED, ["sam"], ["alice", "bob", "charlie"]),
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
        "done" if to != ReviewStatus.RESPONSES_RECEIVED else "",
    )


@pytest.mark.parametrize("to", [ReviewStatus.FEEDBACK_DUE, ReviewStatus.DIALOGUE, ReviewStatus.CLOSED])
def test_a_move_out_of_order_is_refused_with_the_current_stage(review, people, to):
    with pytest.raises(ReviewRefused, match="at the stage “scheduled”: it cannot move"):
        services.move(review, to=to, by=people["sam"])


def test_responses_due_needs_the_consultations_form(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="own form"):
        services.move(review, to=ReviewStatus.RESPONSES_DUE, by=people["alice"])


def test_consultations_fix_language_and_deadlines_P30_P33(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    due = timezone.localdate() + dt.timedelta(days=100)
    review = services.agree_time_frames(review, by=people["alice"], language="es", responses_due=due, feedback_months=4)
    assert review.status == ReviewStatus.RESPONSES_DUE and review.language == "es"
    deadlines = {d.kind: d.due for d in Deadline.objects.filter(review=review)}
    assert deadlines == {DeadlineKind.RESPONSES: due, DeadlineKind.FEEDBACK: add_months(due, 4)}


def test_responses_later_than_six_months_are_refused_P33(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    late = add_months(timezone.localdate(), 6) + dt.timedelta(days=1)
    with pytest.raises(ReviewRefused, match="within 6 months at most \\(P 33\\)"):
        services.agree_time_frames(review, by=people["alice"], language="en", responses_due=late)


def test_feedback_beyond_six_months_is_refused_P34(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="P 34"):
        services.agree_time_frames(
            review,
            by=people["alice"],
            language="en",
            responses_due=timezone.localdate() + dt.timedelta(days=30),
            feedback_months=7,
        )


def test_second_language_only_with_a_recorded_reason_P49(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    due = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ReviewRefused, match="recorded reason.*P 49"):
        services.agree_time_frames(review, by=people["alice"], language="en", second_language="fr", responses_due=due)
    with pytest.raises(ReviewRefused, match="another of the six"):
        services.agree_time_frames(
            review,
            by=people["alice"],
            language="en",
            second_language="en",
            second_language_reason="x",
            responses_due=due,
        )
    review = services.agree_time_frames(
        review,
        by=people["alice"],
        language="en",
        second_language="fr",
        second_language_reason="No agreement on one language",
        responses_due=due,
    )
    assert (review.language, review.second_language) == ("en", "fr")


def test_unknown_language_is_refused_P48(review, people):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with pytest.raises(ReviewRefused, match="six working languages"):
        services.agree_time_frames(review, by=people["alice"], language="de", responses_due=timezone.localdate())


def test_record_responses_received_sets_feedback_deadline_from_receipt_P34(review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    at = timezone.now() + dt.timedelta(days=10)
    review = services.record_responses_received(review, by=people["erin"], at=at)
    assert review.responses_received_at == at
    responses = Deadline.objects.get(review=review, kind=DeadlineKind.RESPONSES)
    feedback = Deadline.objects.get(review=review, kind=DeadlineKind.FEEDBACK)
    assert responses.met_at == at
    assert feedback.due <= add_months(timezone.localdate(at), 6)


def test_record_responses_received_twice_is_refused(review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    with pytest.raises(ReviewRefused, match="cannot move"):
        services.record_responses_received(review, by=people["erin"])


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
    from lots.models import YearGroupPlacement
    from sherloc.registry.models import State

    ken = State.objects.get(code="KEN")
    YearGroupPlacement.objects.create(session=YearGroupPlacement.objects.first().session, state=ken, year=1)
    late = services.schedule_review(state=ken, phase=phase1, by=people["sam"])
    assert late.foreseen is False
    assert selectors.advancement_of(phase=phase1, year_group=1)["foreseen"] == 1
