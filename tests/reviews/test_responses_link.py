"""The country review and the State's response move together (P 19, P 30, P 33, P 34)."""

import datetime as dt

from django.utils import timezone

from responses import services as responses
from responses.models import Response
from reviews import selectors
from reviews.enums import DeadlineKind, ReviewStatus
from tests import factories
from tests.responses.conftest import answer_everything, questionnaires  # noqa: F401
from tests.reviews.conftest import advance


def test_submitting_the_response_moves_the_review_to_responses_received_P19_P34(review, people, phase1, questionnaires):  # noqa: F811
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=review.state, phase=phase1)
    answer_everything(response, people["alice"])
    snapshot = responses.submit(response=response, by=people["alice"])
    review.refresh_from_db()
    assert review.status == ReviewStatus.RESPONSES_RECEIVED
    assert review.responses_received_at == snapshot.submitted_at
    [due] = [d for d in selectors.deadlines_of(review) if d.kind == DeadlineKind.RESPONSES]
    assert due.met_at == snapshot.submitted_at
    assert review.transitions.last().by == people["alice"]


def test_the_date_agreed_in_consultations_becomes_the_response_deadline_P30_P33(review, people, phase1, questionnaires):  # noqa: F811
    opened = factories.response(
        state=review.state,
        phase=phase1,
        language="fr",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        by=people["alice"],
    )
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    opened.refresh_from_db()
    assert opened.deadline == review.proposals.get(agreed_at__isnull=False).responses_due
    [due] = [d for d in selectors.deadlines_of(review) if d.kind == DeadlineKind.RESPONSES]
    assert due.due == opened.deadline


def test_agreeing_time_frames_opens_the_questionnaire_in_the_agreed_language_and_phase_versions_P18_P49(
    questionnaires,  # noqa: F811 - adopted before the phase opens
    review,
    people,
    phase1,
):
    from questionnaires import services as questionnaire_services
    from questionnaires.definitions import to_data
    from responses.models import Response

    # a version adopted after the phase opened is not the one this review uses (P 18)
    data = to_data(questionnaires["UNTOC"])
    data["version"] = "adopted-mid-phase"
    newer, _ = questionnaire_services.import_definition(data)
    questionnaire_services.adopt(newer, decision_reference="later")
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)  # agreed in French
    response = Response.objects.get(state=review.state, phase=phase1)
    assert response.language == "fr"
    assert response.deadline == review.proposals.get(agreed_at__isnull=False).responses_due
    assert response.sections.get(questionnaire__instrument__code="UNTOC").questionnaire == questionnaires["UNTOC"]
