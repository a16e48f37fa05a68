"""The demo world holds a review in constructive dialogue and one with a deadline that has passed."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from reviews import selectors, services
from reviews.enums import ReviewStatus
from reviews.models import Attachment, CountryReview, Deadline, Feedback, FeedbackQuestion, Message, ReminderSent
from sherloc.notifications.models import Follow
from sherloc.notifications.refs import review_ref


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_seed_demo_has_a_review_in_dialogue_and_one_overdue():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    dialogue = CountryReview.objects.get(status=ReviewStatus.DIALOGUE)
    assert dialogue.state.code == "AUT"
    # the secretariat follows it (P 32): its notices reach them
    assert Follow.objects.filter(user__username="secretariat-1", ref=review_ref(dialogue.state_id, dialogue.phase_id))
    assert Feedback.objects.filter(review=dialogue, sent_at__isnull=False).count() == len(
        selectors.articles_in_scope(dialogue)
    )
    assert FeedbackQuestion.objects.filter(feedback__review=dialogue).exclude(answer="").count() == 1
    assert Message.objects.filter(thread__review=dialogue).count() == 4
    assert Message.objects.filter(thread__review=dialogue, corrects__isnull=False).count() == 1
    assert Attachment.objects.filter(message__thread__review=dialogue).count() == 1
    overdue = Deadline.objects.get(review__status=ReviewStatus.RESPONSES_DUE, kind="responses")
    assert overdue.review.state.code == "MEX" and overdue.met_at is None
    services.send_due_reminders()
    assert ReminderSent.objects.get(deadline=overdue).step == ReminderSent.PASSED
    # Mexico's review works in Spanish: so does its notice
    assert any(m.to == ["fp-mex@demo.sherloc.example"] and "Plazo vencido" in m.subject for m in mail.outbox)
