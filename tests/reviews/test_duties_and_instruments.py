"""Whose duty a deadline is (P 17, P 34) and what an additional reviewer covers (P 26, P 28)."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from responses.models import Response
from reviews import selectors, services
from reviews.enums import DeadlineKind, ReviewStatus
from reviews.models import CountryReview, Deadline, ReminderSent
from reviews.services import ReviewRefused
from sherloc.accounts import services as account_services
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.registry.models import Instrument, MechanismSettings, State
from tests.conftest import verified_client as sign_in
from tests.factories import UserFactory, confirmed_drawing, member
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import advance


def _feedback_due_in(review, days):
    Deadline.objects.filter(review=review, kind=DeadlineKind.FEEDBACK).update(
        due=timezone.localdate() + dt.timedelta(days=days)
    )


def test_feedback_reminders_go_to_both_reviewing_states_not_the_state_under_review_P17_P34(review, people):
    """Defect 1: the written feedback is the reviewing States' duty."""
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    _feedback_due_in(review, 7)
    mail.outbox.clear()
    assert services.send_due_reminders() == 1
    [email] = mail.outbox
    assert sorted(email.to) == sorted([people["bob"].email, people["bruno"].email])
    assert people["alice"].email not in email.to + email.cc
    assert email.cc == [people["sam"].email]
    # the owing States are named in the review's working language (French here: docs/languages.md)
    assert review.language == "fr"
    assert "Brésil" in email.body and "France" in email.body
    claim = ReminderSent.objects.get(deadline__kind=DeadlineKind.FEEDBACK)
    assert claim.step == "7"


def test_responses_reminders_go_to_the_state_under_review_P17_P33(review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    Response.objects.filter(state=review.state).update(deadline=timezone.localdate() + dt.timedelta(days=1))
    mail.outbox.clear()
    services.send_due_reminders()
    [email] = mail.outbox
    assert email.to == [people["alice"].email] and email.cc == [people["sam"].email]


def test_dry_run_prints_one_json_line_per_reminder_and_sends_nothing_P17(review, people):
    """The contract of `manage.py reminders --dry-run [--on YYYY-MM-DD]`."""
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    _feedback_due_in(review, 10)
    on = timezone.localdate() + dt.timedelta(days=3)
    out = io.StringIO()
    call_command("reminders", "--dry-run", "--on", on.isoformat(), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == [
        {
            "deadline": "feedback",
            "review": review.pk,
            "state_under_review": "AUT",
            "owed_by": ["BRA", "FRA"],
            "to": sorted([people["bob"].email, people["bruno"].email]),
            "cc": [people["sam"].email],
            "days_before": 7,
        }
    ]
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    # once the deadline passed, days_before is negative
    out = io.StringIO()
    call_command("reminders", "--dry-run", "--on", (on + dt.timedelta(days=9)).isoformat(), stdout=out)
    assert json.loads(out.getvalue())["days_before"] == -2


def test_dry_run_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reminders", "--dry-run", "--on", "31/12/2026", stdout=io.StringIO())


def test_appointment_deadlines_are_met_when_appointed_P17(review, people):
    """With the settings as shipped: the focal point in 14 days, the experts in 28."""
    deadlines = {d.kind: d for d in Deadline.objects.filter(review=review)}
    opened = timezone.localdate(review.scheduled_at)
    assert deadlines[DeadlineKind.FOCAL_POINT].due == opened + dt.timedelta(days=14)
    assert deadlines[DeadlineKind.EXPERTS].due == opened + dt.timedelta(days=28)
    # Austria already has its focal point (alice) and an expert (erin)
    assert deadlines[DeadlineKind.FOCAL_POINT].met_at is not None
    assert deadlines[DeadlineKind.EXPERTS].met_at is not None


@pytest.fixture
def additional(review, people):
    """Germany drawn as additional reviewer of Austria for the Trafficking in Persons Protocol only (P 28),
    with its expert dora."""
    deu = State.objects.get(code="DEU")
    confirmed_drawing(under_review=review.state.code, reviewers=[("DEU", "additional", ["TIP"])], year=None)
    dora = member(
        UserFactory(username="dora"), Role.GOVERNMENTAL_EXPERT, state=deu, instrument=Instrument.objects.get(code="TIP")
    )
    account_services.appoint_focal_point(state=deu, user=UserFactory(username="dieter"))
    review._covers = None
    return {"deu": deu, "dora": dora}


def _articles(review, code):
    return [a for a in selectors.articles_in_scope(review) if a.instrument.code == code]


def test_an_additional_reviewer_takes_only_articles_of_its_instruments_P28(review, people, additional):
    """Defect 3."""
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    untoc, tip = _articles(review, "UNTOC")[0], _articles(review, "TIP")[0]
    with pytest.raises(ReviewRefused, match="drawn to review other instruments.*P 28"):
        services.allocate_articles(review, by=additional["dora"], allocations={untoc.pk: (additional["deu"], None)})
    services.allocate_articles(review, by=additional["dora"], allocations={tip.pk: (additional["deu"], None)})
    assert review.allocations.get(article=tip).reviewer == additional["deu"]
    assert not review.allocations.filter(article=untoc).exists()


def test_an_additional_reviewer_reads_only_threads_and_feedback_of_its_instruments_P28(
    client, review, people, additional
):
    review = advance(review, people, ReviewStatus.DIALOGUE)
    untoc, tip = _articles(review, "UNTOC")[0], _articles(review, "TIP")[0]
    untoc_thread = services.open_article_thread(review, article=untoc, by=people["bob"])
    tip_thread = services.open_article_thread(review, article=tip, by=people["bob"])
    sign_in(client, additional["dora"])
    assert client.get(reverse("reviews:thread", args=[untoc_thread.pk])).status_code == 404
    assert client.get(reverse("reviews:thread", args=[tip_thread.pk])).status_code == 200
    with pytest.raises(ReviewRefused):
        services.open_article_thread(review, article=untoc, by=additional["dora"])
    html = client.get(reverse("reviews:feedback", args=[review.pk])).content.decode()
    assert f'id="a{tip.pk}"' in html and f'id="a{untoc.pk}"' not in html
    # a full reviewer reads both
    sign_in(client, people["bea"])
    assert client.get(reverse("reviews:thread", args=[untoc_thread.pk])).status_code == 200


def test_an_additional_reviewer_reads_only_the_sections_of_its_instruments_in_the_submission_P28(
    client, review, people, additional
):
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    response = Response.objects.get(state=review.state, phase=review.phase)
    snapshot = response.snapshots.get()
    url = reverse("responses:snapshot", args=[response.pk, snapshot.number])
    instruments = {s["instrument"] for s in snapshot.content["sections"]}
    assert {"UNTOC", "TIP"} <= instruments
    page = sign_in(client, additional["dora"]).get(url)
    assert page.status_code == 200
    shown = [s["instrument"] for s in page.context["toc"]]
    assert shown == ["TIP"] and [s["instrument"] for s in page.context["sections"]] == ["TIP"]
    assert client.get(reverse("responses:snapshot_pdf", args=[response.pk, snapshot.number])).status_code == 404
    page = sign_in(client, people["bob"]).get(url)
    assert {s["instrument"] for s in page.context["toc"]} == instruments


def test_appointment_deadlines_follow_the_days_the_secretariat_edits_P17(people, state, phase1, questionnaires):  # noqa: F811
    """Defect 6: the appointment days kept in the Mechanism's settings are the ones each review reads,
    not figures of the code; a State without a focal point has its deadline open (P 17)."""
    MechanismSettings.objects.filter(pk=MechanismSettings.current().pk).update(
        focal_point_appointment_days=10, experts_appointment_days=21
    )
    account_services.end_membership(membership=Membership.objects.active().get(state=state, role=Role.FOCAL_POINT))
    confirmed_drawing(under_review="AUT", reviewers=["FRA", "BRA"], opened_by=people["sam"])
    services.open_phase(phase=phase1, year_group=1, by=people["sam"])
    review = CountryReview.objects.get(state=state, phase=phase1)
    deadlines = {d.kind: d for d in Deadline.objects.filter(review=review)}
    opened = timezone.localdate(review.scheduled_at)
    assert deadlines[DeadlineKind.FOCAL_POINT].due == opened + dt.timedelta(days=10)
    assert deadlines[DeadlineKind.EXPERTS].due == opened + dt.timedelta(days=21)
    assert deadlines[DeadlineKind.FOCAL_POINT].met_at is None
