"""The archived constructive dialogue (P 34, P 35) and deadline reminders (P 17, P 33, P 34)."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from responses.models import Response
from reviews import services, tasks
from reviews.enums import MessageKind, ReviewStatus
from reviews.models import Attachment, Message, ReminderSent
from reviews.services import ReviewRefused, reminders
from sherloc.accounts.enums import DutyStation
from sherloc.accounts.models import Membership, PermanentRepresentative
from tests.reviews.conftest import advance


@pytest.fixture
def thread(review, people):
    review = advance(review, people, ReviewStatus.DIALOGUE)
    return services.general_thread(review)


def test_a_double_click_posts_once(thread, people):
    key = uuid.uuid4()
    first, created = services.post_message(thread, by=people["bob"], body="Our feedback is sent.", idempotency_key=key)
    again, created_again = services.post_message(
        thread, by=people["bob"], body="Our feedback is sent.", idempotency_key=key
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Message.objects.filter(thread=thread).count() == 1


def test_a_used_key_is_not_taken_by_someone_else(thread, people):
    key = uuid.uuid4()
    services.post_message(thread, by=people["bob"], body="Hello", idempotency_key=key)
    with pytest.raises(ReviewRefused, match="already used"):
        services.post_message(thread, by=people["alice"], body="Hi", idempotency_key=key)


def test_a_correction_is_a_new_message_pointing_to_the_old_P34(thread, people):
    old, _ = services.post_message(thread, by=people["alice"], body="Law of 2009", idempotency_key=uuid.uuid4())
    new, _ = services.post_message(
        thread, by=people["alice"], body="Law of 2010, not 2009", idempotency_key=uuid.uuid4(), corrects=old
    )
    old.refresh_from_db()
    assert (new.corrects, old.body) == (old, "Law of 2009")
    with pytest.raises(ReviewRefused, match="only your own messages"):
        services.post_message(thread, by=people["bob"], body="x", idempotency_key=uuid.uuid4(), corrects=old)


def test_records_of_calls_need_their_date_P35(thread, people):
    with pytest.raises(ReviewRefused, match="took place \\(P 35\\)"):
        services.post_message(
            thread, by=people["bob"], body="Call", kind=MessageKind.CALL_RECORD, idempotency_key=uuid.uuid4()
        )
    record, _ = services.post_message(
        thread,
        by=people["bob"],
        body="We spoke on the phone.",
        kind=MessageKind.VIDEOCONFERENCE_RECORD,
        held_on=dt.date(2026, 5, 4),
        idempotency_key=uuid.uuid4(),
    )
    assert (record.kind, record.held_on, record.on_behalf_of) == ("videoconference", dt.date(2026, 5, 4), people["fra"])


def test_outsiders_and_contributors_cannot_post_and_the_secretariat_can_P32(thread, people):
    for name in ("charlie", "carl"):
        with pytest.raises(ReviewRefused, match="Only the parties"):
            services.post_message(thread, by=people[name], body="x", idempotency_key=uuid.uuid4())
    message, _ = services.post_message(thread, by=people["sam"], body="Assistance", idempotency_key=uuid.uuid4())
    assert message.on_behalf_of is None


@override_settings(UPLOAD_MAX_BYTES=10)
def test_an_attachment_over_the_limit_is_refused(thread, people):
    big = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    with pytest.raises(ReviewRefused, match="big.pdf is larger than the limit of 10 B per file"):
        services.post_message(thread, by=people["bob"], body="File", idempotency_key=uuid.uuid4(), files=[big])
    assert not Message.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reviews_message SET body = 'rewritten' WHERE id = %s",
        "DELETE FROM reviews_message WHERE id = %s",
        "UPDATE reviews_attachment SET name = 'x' WHERE message_id = %s",
        "DELETE FROM reviews_attachment WHERE message_id = %s",
    ],
)
def test_the_database_refuses_to_rewrite_the_archive_P34(thread, people, sql):
    from django.db import IntegrityError

    f = SimpleUploadedFile("record.txt", b"minutes", content_type="text/plain")
    message, _ = services.post_message(
        thread, by=people["bob"], body="Minutes", idempotency_key=uuid.uuid4(), files=[f]
    )
    with (
        pytest.raises(IntegrityError, match="constructive dialogue is archived"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [message.pk])
    assert Message.objects.get(pk=message.pk).body == "Minutes"
    assert Attachment.objects.filter(message=message).count() == 1


def test_read_markers_only_move_forward(thread, people):
    m1, _ = services.post_message(thread, by=people["bob"], body="1", idempotency_key=uuid.uuid4())
    m2, _ = services.post_message(thread, by=people["bob"], body="2", idempotency_key=uuid.uuid4())
    from reviews import selectors

    assert selectors.threads_of(thread.review, people["alice"])[0].unread == 2
    services.mark_read(thread, user=people["alice"], up_to=m2.pk)
    services.mark_read(thread, user=people["alice"], up_to=m1.pk)
    assert selectors.threads_of(thread.review, people["alice"])[0].unread == 0
    assert selectors.threads_of(thread.review, people["bob"])[0].unread == 0  # own messages are read


# Reminders -----------------------------------------------------------------------------------


@pytest.fixture
def responses_deadline(review, people):
    """Austria's response, which owns the date for the responses (P 33), while its review waits for it."""
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=review.state, phase=review.phase)
    response.review = review
    return response


def _due_in(response, days):
    Response.objects.filter(pk=response.pk).update(deadline=timezone.localdate() + dt.timedelta(days=days))
    response.refresh_from_db()


def test_reminder_goes_to_the_focal_point_with_the_secretariat_in_copy_in_the_working_language_P17(
    responses_deadline, people
):
    _due_in(responses_deadline, 7)
    assert tasks.send_deadline_reminders() == 1
    [email] = mail.outbox
    assert email.to == [people["alice"].email] and email.cc == [people["sam"].email]
    assert "7" in email.body and "Autriche" in email.body  # the State named in the working language, French
    assert ReminderSent.objects.get(response=responses_deadline).step == "7"


def test_running_the_task_twice_sends_once(responses_deadline):
    _due_in(responses_deadline, 30)
    assert tasks.send_deadline_reminders() == 1
    assert tasks.send_deadline_reminders() == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("days", "step"), [(45, None), (30, "30"), (20, "30"), (7, "7"), (3, "7"), (1, "1"), (0, "1"), (-1, "passed")]
)
def test_the_step_due_is_the_nearest_reached_P33(days, step):
    today = dt.date(2026, 1, 10)
    assert services.due_step(today + dt.timedelta(days=days), today, [30, 7, 1]) == step


def test_each_step_once_then_the_notice_when_passed(responses_deadline):
    today = timezone.localdate()
    due = responses_deadline.deadline
    for day in (
        due - dt.timedelta(days=30),
        due - dt.timedelta(days=29),
        due - dt.timedelta(days=7),
        due - dt.timedelta(days=1),
        due + dt.timedelta(days=1),
        due + dt.timedelta(days=5),
    ):
        services.send_due_reminders(today=day)
    assert today  # the dates above are relative to the agreed deadline
    assert list(ReminderSent.objects.order_by("claimed_at").values_list("step", flat=True)) == [
        "30",
        "7",
        "1",
        "passed",
    ]
    assert len(mail.outbox) == 4
    assert "Date limite dépassée" in mail.outbox[-1].subject  # the review agreed French


def test_a_met_deadline_sends_nothing(responses_deadline, people):
    advance(responses_deadline.review, people, ReviewStatus.RESPONSES_RECEIVED)
    _due_in(responses_deadline, 1)
    services.send_due_reminders()
    assert not ReminderSent.objects.filter(response=responses_deadline).exists()


def test_a_failed_send_leaves_no_claim_and_the_next_run_sends_it(responses_deadline, monkeypatch):
    _due_in(responses_deadline, 7)
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    monkeypatch.setattr(EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(ConnectionError("down")))
    assert services.send_due_reminders() == 0
    assert not ReminderSent.objects.exists()
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert services.send_due_reminders() == 1


def test_without_focal_point_the_temporary_focal_point_receives_it_P17(responses_deadline, state, people):
    Membership.objects.filter(state=state, role="focal_point").update(active=False)
    PermanentRepresentative.objects.create(
        state=state, duty_station=DutyStation.GENEVA, name="Mission of Austria", email="mission@aut.example"
    )
    _due_in(responses_deadline, 1)
    services.send_due_reminders()
    [email] = mail.outbox
    assert email.to == ["mission@aut.example"]
    assert "point de contact temporaire" in email.body  # the review agreed French


def test_the_reminder_is_rendered_in_the_review_language(responses_deadline, review):
    # French is the review's working language (advance() agrees on it); the mail is rendered under it
    from django.utils import translation

    _due_in(responses_deadline, 7)
    seen = []
    real = reminders.render_to_string

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return real(*args, **kwargs)

    reminders.render_to_string = spy
    try:
        services.send_due_reminders()
    finally:
        reminders.render_to_string = real
    assert seen == ["fr"]
    assert translation.get_language() == "en"
