"""The portal's notices (P 17, P 32): recorded once per event and recipient, e-mailed once, on their
own or in a daily digest; the choice of delivery; the list of one's notices; the home page count."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sherloc.notifications import services, tasks
from sherloc.notifications.enums import Delivery, NoticeKind
from sherloc.notifications.models import Notice, NoticePreference
from sherloc.notifications.refs import parse_review_ref, review_ref
from tests.conftest import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    return UserFactory(username="ann")


@pytest.fixture
def dan(db):
    """Chose the daily digest, and reads French."""
    user = UserFactory(username="dan", preferred_language="fr")
    services.set_delivery(user=user, delivery=Delivery.DAILY_DIGEST)
    return user


def tell(users, *, event, language="en", kind=NoticeKind.STAGE_CHANGED, state="Austria", stage="completed"):
    return services.notify(
        recipients=users,
        kind=kind,
        event=event,
        ref=review_ref(1, 1),
        language=language,
        link=("reviews:detail", [7]),
        params={"state": state, "phase": "First review phase", "stage": stage},
    )


def test_a_notice_is_recorded_and_emailed_once_per_event_and_recipient_P17(ann, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = tell([ann], event="transition:1")
        again = tell([ann], event="transition:1")  # the domain's task run twice
    assert first == again and Notice.objects.count() == 1
    [email] = mail.outbox
    assert email.to == [ann.email]
    assert email.subject == "The review of Austria, First review phase moved to the stage: completed"
    assert "http://127.0.0.1:8000/en/reviews/7/" in email.body
    assert "http://127.0.0.1:8000/en/notifications/settings/" in email.body
    tasks.send_notices.delay(first)  # the delivery task run again
    assert len(mail.outbox) == 1
    notice = Notice.objects.get()
    assert notice.sent_at is not None and notice.emailed_to == ann.email and notice.digested_at is None


def test_the_daily_digest_sends_one_email_per_user_with_every_pending_notice_P32(
    ann, dan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([ann, dan], event="transition:1", state="Austria")
        tell([dan], event="message:5", kind=NoticeKind.MESSAGE_POSTED, state="France", language="fr")
    assert [m.to for m in mail.outbox] == [[ann.email]]  # dan waits for the digest
    mail.outbox.clear()
    assert tasks.send_daily_digests.delay().get() == 1
    [digest] = mail.outbox
    assert digest.to == [dan.email]  # ann, immediate, gets nothing in the digest
    assert digest.subject == "Module d'examen SHERLOC : 2 avis du jour"
    # the frame in dan's language, each notice in its own review's language
    assert "The review of Austria, First review phase moved to the stage: completed" in digest.body
    assert "Nouveau message dans le dialogue constructif — examen : France, First review phase" in digest.body
    assert "http://127.0.0.1:8000/fr/reviews/7/" in digest.body
    assert set(Notice.objects.filter(recipient=dan).values_list("digested_at", flat=True)) != {None}
    assert Notice.objects.filter(recipient=dan, sent_at__isnull=False).count() == 0
    assert tasks.send_daily_digests.delay().get() == 0  # run twice: nothing more
    assert len(mail.outbox) == 1


def test_a_notice_left_unsent_is_sent_by_the_next_pending_run_P17(ann):
    # outside the on_commit capture the delivery task never runs: as if the broker had lost it
    [notice_id] = tell([ann], event="transition:1")
    assert mail.outbox == []
    Notice.objects.filter(pk=notice_id).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert tasks.send_pending_notices.delay().get() == 1
    assert tasks.send_pending_notices.delay().get() == 0
    assert [m.to for m in mail.outbox] == [[ann.email]]


def test_a_refused_email_is_tried_again_later_P17(ann, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    def refuse(self, *args, **kwargs):
        raise OSError("mail server refused")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        [notice_id] = tell([ann], event="transition:1")
    assert Notice.objects.get(pk=notice_id).sent_at is None
    monkeypatch.undo()
    assert services.send_pending(older_than=dt.timedelta(0)) == 1
    assert len(mail.outbox) == 1


def test_inactive_users_are_not_told_P17(ann):
    ann.is_active = False
    ann.save()
    assert tell([ann], event="transition:1") == []


def test_the_preference_page_sets_the_daily_digest_P17(client, ann, django_capture_on_commit_callbacks):
    c = verified_client(client, ann)
    page = c.get(reverse("notifications:preferences"))
    assert page.context["form"].initial == {"delivery": Delivery.IMMEDIATE}
    response = c.post(reverse("notifications:preferences"), {"delivery": Delivery.DAILY_DIGEST})
    assert response.url == reverse("notifications:preferences")
    assert NoticePreference.objects.get(user=ann).delivery == Delivery.DAILY_DIGEST
    with django_capture_on_commit_callbacks(execute=True):
        tell([ann], event="transition:1")
    assert mail.outbox == []
    assert c.post(reverse("notifications:preferences"), {"delivery": "hourly"}).status_code == 200
    assert NoticePreference.objects.get(user=ann).delivery == Delivery.DAILY_DIGEST


def test_the_preference_page_is_reached_from_the_navigation_and_the_profile_P17(client, ann):
    c = verified_client(client, ann)
    assert reverse("notifications:list") in c.get(reverse("portal:home")).text
    assert reverse("notifications:preferences") in c.get(reverse("accounts:profile")).text
    assert reverse("notifications:preferences") in c.get(reverse("notifications:list")).text


def test_the_list_shows_ones_own_notices_and_marks_them_read_P17(client, ann, dan):
    tell([ann], event="transition:1", state="Austria")
    tell([dan], event="transition:2", state="Brazil")
    c = verified_client(client, ann)
    page = c.get(reverse("notifications:list"))
    assert "Austria" in page.text and "Brazil" not in page.text
    assert 'class="tag unread"' in page.text and 'href="/en/reviews/7/"' in page.text
    assert Notice.objects.get(recipient=ann).read_at is not None
    assert Notice.objects.get(recipient=dan).read_at is None
    assert 'class="tag unread"' not in c.get(reverse("notifications:list")).text


def test_the_home_page_shows_the_unread_count_P17(client, ann):
    tell([ann], event="transition:1")
    tell([ann], event="transition:2")
    c = verified_client(client, ann)
    assert "2 unread notices" in c.get(reverse("portal:home")).text
    c.get(reverse("notifications:list"))
    assert "0 unread notices" in c.get(reverse("portal:home")).text


def test_notice_pages_need_sign_in_P17(client):
    for name in ("notifications:list", "notifications:preferences"):
        assert client.get(reverse(name)).url.startswith(reverse("accounts:login"))
    assert client.post(reverse("notifications:follow")).status_code == 302


def test_review_references_read_back_P32():
    assert parse_review_ref(review_ref(12, 3)) == (12, 3)
    assert parse_review_ref("review:12") is None and parse_review_ref("message:1") is None


def test_the_notifications_core_imports_no_domain_app_P17():
    """Dependencies point one way (README): the domain apps call the core, never the reverse."""
    import ast
    from pathlib import Path

    from django.conf import settings

    domain = {"lots", "questionnaires", "responses", "reviews", "stakeholders"}
    found = []
    for path in (Path(settings.BASE_DIR) / "sherloc" / "notifications").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            found += [(path.name, n) for n in names if n.split(".")[0] in domain]
    assert found == []
