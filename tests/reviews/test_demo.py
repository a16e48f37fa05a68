"""The demo world holds Austria's review with a full constructive dialogue (now complete: its list of
observations was agreed, portal/demo/observations.py), another review in dialogue, and one with a deadline
that has passed."""

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from responses.models import Response
from reviews import permissions, selectors, services
from reviews.enums import ReviewStatus
from reviews.models import Attachment, CountryReview, Deadline, Feedback, FeedbackQuestion, Message, ReminderSent
from sherloc.notifications.models import Follow
from sherloc.notifications.refs import review_ref
from sherloc.registry.models import State


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_seed_demo_has_a_review_in_dialogue_and_one_overdue():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    # Austria's dialogue, archived now that its list of observations is agreed (P 39)
    dialogue = CountryReview.objects.get(state__code="AUT", phase__number=1)
    assert dialogue.status == ReviewStatus.CLOSED
    # the role of the review in dialogue is another demo State's
    assert CountryReview.objects.get(status=ReviewStatus.DIALOGUE).state.code != "AUT"
    # the secretariat follows it (P 32): its notices reach them
    assert Follow.objects.filter(user__username="secretariat-1", ref=review_ref(dialogue.state_id, dialogue.phase_id))
    assert Feedback.objects.filter(review=dialogue, sent_at__isnull=False).count() == len(
        selectors.articles_in_scope(dialogue)
    )
    assert FeedbackQuestion.objects.filter(feedback__review=dialogue).exclude(answer="").count() == 1
    assert Message.objects.filter(thread__review=dialogue).count() == 4
    assert Message.objects.filter(thread__review=dialogue, corrects__isnull=False).count() == 1
    assert Attachment.objects.filter(message__thread__review=dialogue).count() == 1
    overdue = CountryReview.objects.get(status=ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=overdue.state, phase=overdue.phase)
    assert overdue.state.code == "MEX" and response.overdue
    services.send_due_reminders()
    assert ReminderSent.objects.get(response=response).step == ReminderSent.PASSED
    # Mexico's review works in Spanish: so does its notice
    assert any(m.to == ["fp-mex@demo.sherloc.example"] and "Plazo vencido" in m.subject for m in mail.outbox)


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_seed_demo_has_feedback_due_in_seven_days_and_the_dry_run_shows_both_reviewing_states_P17_P34():
    """The demo world's review in "written feedback due": `reminders --dry-run` on the day the demo
    is built lists the reminder to both reviewing States, the secretariat in copy, and sends nothing."""
    call_command("seed_demo", stdout=io.StringIO())
    review = CountryReview.objects.get(status=ReviewStatus.FEEDBACK_DUE)
    feedback = Deadline.objects.get(review=review, kind="feedback")
    assert (feedback.due - timezone.localdate()).days == 7
    mail.outbox.clear()
    out = io.StringIO()
    call_command("reminders", "--dry-run", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    mine = [line for line in lines if line["review"] == review.pk]
    reviewers = sorted(State.objects.filter(pk__in=permissions.reviewer_ids(review)), key=lambda s: s.name)
    assert mine == [
        {
            "deadline": "feedback",
            "review": review.pk,
            "state_under_review": review.state.code,
            "owed_by": [s.code for s in reviewers],
            "to": sorted(f"fp-{s.code.lower()}@demo.sherloc.example" for s in reviewers),
            "cc": ["secretariat-1@demo.sherloc.example"],
            "days_before": 7,
        }
    ]
    assert mail.outbox == [] and not ReminderSent.objects.exists()
