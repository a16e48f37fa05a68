"""Notices of a State's response (P 17, P 22, P 19, P 32): a section given to a drafter, a
submission made or reopened — who is told, who is not, in which language, once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from responses import notices, services, tasks
from sherloc.accounts import services as account_services
from sherloc.notifications.enums import NoticeKind
from sherloc.notifications.models import Notice
from sherloc.notifications.refs import review_ref
from sherloc.notifications.services import follow
from sherloc.registry.models import State
from tests.factories import UserFactory
from tests.responses.conftest import answer_everything, section_of

pytestmark = pytest.mark.django_db


def told(kind) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def reviewing_focal_point(reviewing_expert):
    """Mexico's focal point: Mexico reviews Austria (P 28)."""
    user = UserFactory(username="maria")
    account_services.appoint_focal_point(state=State.objects.get(code="MEX"), user=user)
    return user


def test_a_section_given_tells_the_new_drafters_once_P22_P17(
    response, focal_point, contributor, expert, outsider, django_capture_on_commit_callbacks
):
    untoc = section_of(response, "UNTOC")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_section(section=untoc, users=[contributor], by=focal_point)
    assert told(NoticeKind.SECTION_ASSIGNED) == {"carol"}
    [email] = mail.outbox
    assert email.to == [contributor.email]
    assert email.subject.startswith("A section is yours to draft: ")
    assert f"/en/responses/{response.pk}/sections/{untoc.pk}/" in email.body
    with django_capture_on_commit_callbacks(execute=True):
        # carol keeps it (not told again), erin is added (told)
        services.assign_section(section=untoc, users=[contributor, expert], by=focal_point)
    assert told(NoticeKind.SECTION_ASSIGNED) == {"carol", "erin"}
    assert [m.to for m in mail.outbox] == [[contributor.email], [expert.email]]
    tasks.tell.delay(notices.SECTION_ASSIGNED, untoc.pk, focal_point.pk, [contributor.pk, expert.pk])
    assert len(mail.outbox) == 2 and Notice.objects.count() == 2  # the task run again: told once


def test_a_section_is_told_in_the_responses_language_P17(
    focal_point, state, questionnaires, phase, contributor, django_capture_on_commit_callbacks
):
    response = services.open_response(
        state=state, phase=phase, language="es", deadline=timezone.localdate() + dt.timedelta(days=60), by=focal_point
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_section(section=section_of(response, "UNTOC"), users=[contributor], by=focal_point)
    [email] = mail.outbox
    assert email.subject.startswith("Una sección le corresponde: ")
    assert f"/es/responses/{response.pk}/" in email.body


def test_a_submission_tells_the_reviewing_focal_points_and_followers_P19_P17_P32(
    response,
    focal_point,
    contributor,
    reviewing_focal_point,
    reviewing_expert,
    secretariat,
    outsider,
    django_capture_on_commit_callbacks,
):
    follow(user=secretariat, ref=review_ref(response.state_id, response.phase_id))
    answer_everything(response, focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.submit(response=response, by=focal_point)
    # not alice (she submitted), not Mexico's expert (the focal points are told), not the unrelated State
    assert told(NoticeKind.RESPONSE_SUBMITTED) == {"maria", "sam"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reviewing_focal_point.email, secretariat.email])
    email = mail.outbox[0]
    assert email.subject == f"Responses to the questionnaire submitted — Austria, {response.phase}"
    assert "Criminal Code" not in email.body  # nothing of the answers
    tasks.tell.delay(notices.SUBMITTED, snapshot.pk)
    assert len(mail.outbox) == 2


def test_a_reopened_submission_tells_the_state_and_its_reviewers_P19_P17(
    response, focal_point, reviewing_focal_point, secretariat, outsider, django_capture_on_commit_callbacks
):
    answer_everything(response, focal_point)
    services.submit(response=response, by=focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen(response=response, by=secretariat, request_reference="Note verbale 12/2026")
    assert told(NoticeKind.RESPONSE_REOPENED) == {"alice", "maria"}  # not sam: he reopened it
    assert sorted(m.to[0] for m in mail.outbox) == sorted([focal_point.email, reviewing_focal_point.email])
    assert "12/2026" not in mail.outbox[0].body
    assert mail.outbox[0].subject == f"Submitted responses reopened for changes — Austria, {response.phase}"
    tasks.tell.delay(notices.REOPENED, response.snapshots.get().pk)  # the task run again
    assert len(mail.outbox) == 2
