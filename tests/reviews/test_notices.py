"""Notices of a country review (P 17 "all communications", P 32 "kept abreast"): who is told of
each event, who is not, in which language, once; the secretariat's Follow button."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from reviews import notices, selectors, services, tasks
from reviews.enums import QuestionKind, ReviewStatus
from reviews.models import Feedback, Transition
from sherloc.accounts.enums import Role
from sherloc.notifications.enums import NoticeKind
from sherloc.notifications.models import Follow, Notice
from sherloc.notifications.refs import review_ref
from sherloc.notifications.services import follow
from tests.conftest import verified_client
from tests.factories import UserFactory, member
from tests.reviews.conftest import advance

pytestmark = pytest.mark.django_db


def told(kind, event=None) -> dict[str, str]:
    """username -> subject of the notices of this kind (and event)."""
    notices_ = Notice.objects.filter(kind=kind).select_related("recipient")
    if event:
        notices_ = notices_.filter(event=event)
    return {n.recipient.username: n.subject for n in notices_}


def mailed_to() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


@pytest.fixture
def thread(review, people):
    return services.general_thread(advance(review, people, ReviewStatus.DIALOGUE))


@pytest.fixture
def follower(review, people):
    """The secretariat member who follows Austria's review; sam does not."""
    sue = member(UserFactory(username="sue"), Role.SECRETARIAT)
    follow(user=sue, ref=review_ref(review.state_id, review.phase_id))
    return sue


def test_a_message_tells_the_parties_and_the_followers_never_its_author_P17_P32(
    thread, people, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = services.post_message(
            thread, by=people["bob"], body="Our confidential question on article 5.", idempotency_key=uuid.uuid4()
        )
    # the parties' focal points and experts, and the follower; not bob (the author), not sam (does not
    # follow, has not posted), not the national contributor, not the unrelated State's focal point
    assert set(told(NoticeKind.MESSAGE_POSTED)) == {"alice", "erin", "bea", "bruno", "sue"}
    assert sorted(mailed_to()) == sorted(
        [*(people[n].email for n in ("alice", "erin", "bea", "bruno")), follower.email]
    )
    # the review agreed French: so does the e-mail, which says what happened and where, and links
    email = next(m for m in mail.outbox if m.to == [people["alice"].email])
    # the State and the phase are named in French too (docs/languages.md)
    assert email.subject == "Nouveau message dans le dialogue constructif — examen : Autriche, Première phase d'examen"
    assert f"http://127.0.0.1:8000/fr/reviews/threads/{thread.pk}/" in email.body
    for m in mail.outbox:
        assert "confidential question" not in m.body and "confidential question" not in m.subject


def test_whoever_posted_in_a_thread_is_told_of_the_next_message_P32(thread, people, django_capture_on_commit_callbacks):
    services.post_message(thread, by=people["sam"], body="Assistance offered.", idempotency_key=uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(thread, by=people["alice"], body="Thank you.", idempotency_key=uuid.uuid4())
    assert set(told(NoticeKind.MESSAGE_POSTED)) == {"erin", "bob", "bea", "bruno", "sam"}


def test_a_message_is_told_once_even_if_the_task_runs_twice_P17(thread, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message, _ = services.post_message(thread, by=people["bob"], body="Hello", idempotency_key=uuid.uuid4())
    before = (Notice.objects.count(), len(mail.outbox))
    tasks.tell.delay(notices.MESSAGE_POSTED, message.pk)
    tasks.tell.delay(notices.MESSAGE_POSTED, message.pk)
    assert (Notice.objects.count(), len(mail.outbox)) == before == (4, 4)  # alice, erin, bea, bruno


def test_a_rolled_back_post_tells_nobody_P17(thread, people, django_capture_on_commit_callbacks):
    key = uuid.uuid4()
    services.post_message(thread, by=people["bob"], body="Hello", idempotency_key=key)
    with django_capture_on_commit_callbacks(execute=True):
        _again, created = services.post_message(thread, by=people["bob"], body="Hello", idempotency_key=key)
    assert created is False
    assert not Notice.objects.exists() and mail.outbox == []


def test_the_sent_feedback_tells_the_state_under_review_only_P34_P17(
    review, people, django_capture_on_commit_callbacks
):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    with django_capture_on_commit_callbacks(execute=True):
        review = advance(review, people, ReviewStatus.DIALOGUE)
    assert set(told(NoticeKind.FEEDBACK_SENT)) == {"alice", "erin"}
    [subject] = set(told(NoticeKind.FEEDBACK_SENT).values())
    assert subject.startswith("Commentaires écrits envoyés à votre État")
    email = next(m for m in mail.outbox if m.subject == subject and m.to == [people["erin"].email])
    assert f"/fr/reviews/{review.pk}/feedback/" in email.body
    feedback_texts = Feedback.objects.filter(review=review).values_list("measures", flat=True)
    for m in mail.outbox:
        assert not any(text in m.body for text in feedback_texts)
    sent = len(mail.outbox)
    tasks.tell.delay(notices.FEEDBACK_SENT, review.pk, people["bob"].pk)  # the task run again
    assert len(mail.outbox) == sent and Notice.objects.filter(kind=NoticeKind.FEEDBACK_SENT).count() == 2


def test_a_question_in_the_dialogue_tells_the_state_under_review_P34_P17(
    thread, people, django_capture_on_commit_callbacks
):
    feedback = Feedback.objects.filter(review=thread.review, reviewer=people["bra"]).first()
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask_question(
            feedback, by=people["bea"], kind=QuestionKind.SUPPLEMENTARY, text="How many convictions in 2024?"
        )
    assert set(told(NoticeKind.QUESTION_ASKED, f"question:{question.pk}")) == {"alice", "erin"}
    assert mailed_to() == sorted([people["alice"].email, people["erin"].email])
    assert all("convictions" not in m.body for m in mail.outbox)
    assert mail.outbox[0].subject == (
        "Une question à votre État dans les commentaires écrits — examen : Autriche, Première phase d'examen"
    )
    tasks.tell.delay(notices.QUESTION_ASKED, question.pk)  # the task run again
    assert len(mail.outbox) == 2 and Notice.objects.filter(kind=NoticeKind.QUESTION_ASKED).count() == 2


def test_a_question_with_feedback_not_yet_sent_tells_nobody_yet_P34_P17(
    review, people, django_capture_on_commit_callbacks
):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    article = selectors.articles_in_scope(review)[-1]
    feedback = services.write_feedback(review, article=article, by=people["bea"], measures="Draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_question(feedback, by=people["bea"], kind=QuestionKind.CLARIFICATION, text="Which law?")
    # the State under review does not see unsent feedback (P 34): the notice of the sent feedback covers it
    assert not Notice.objects.filter(kind=NoticeKind.QUESTION_ASKED).exists()
    assert mail.outbox == []


def test_a_change_of_stage_tells_the_parties_focal_points_and_followers_P17_P32(
    review, people, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_consultations(review, by=people["alice"])
    step = Transition.objects.get(review=review, to_status=ReviewStatus.CONSULTATIONS)
    # the reviewing States' focal points and the follower; not alice, who moved it
    assert told(NoticeKind.STAGE_CHANGED, f"transition:{step.pk}") == {
        "bob": "The review of Austria, " + str(review.phase) + " moved to the stage: consultations on time frames "
        "and language",
        "bruno": "The review of Austria, " + str(review.phase) + " moved to the stage: consultations on time frames "
        "and language",
        "sue": "The review of Austria, " + str(review.phase) + " moved to the stage: consultations on time frames "
        "and language",
    }
    assert sorted(mailed_to()) == sorted([people["bob"].email, people["bruno"].email, follower.email])
    assert f"http://127.0.0.1:8000/en/reviews/{review.pk}/" in mail.outbox[0].body
    tasks.tell.delay(notices.STAGE_CHANGED, step.pk)  # the task run again
    assert len(mail.outbox) == 3 and Notice.objects.count() == 3


def test_the_stage_agreed_with_the_language_is_told_in_that_language_P17(
    review, people, django_capture_on_commit_callbacks
):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    with django_capture_on_commit_callbacks(execute=True):
        advance(review, people, ReviewStatus.RESPONSES_DUE)  # agrees French
    # the last party to confirm (France) moved it: Austria's and Brazil's focal points are told, in French
    told_ = Notice.objects.filter(kind=NoticeKind.STAGE_CHANGED).order_by("recipient__username")
    assert [(n.recipient.username, n.language) for n in told_] == [("alice", "fr"), ("bruno", "fr")]
    assert {n.subject for n in told_} == {
        "L'examen (Autriche, Première phase d'examen) passe à l'étape : réponses au questionnaire attendues"
    }


def test_an_unrelated_states_focal_point_and_the_contributor_receive_nothing_P17(
    review, people, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review = advance(review, people, ReviewStatus.DIALOGUE)
        thread = services.general_thread(review)
        services.post_message(thread, by=people["sam"], body="Welcome", idempotency_key=uuid.uuid4())
        services.post_message(thread, by=people["alice"], body="Thanks", idempotency_key=uuid.uuid4())
        advance(review, people, ReviewStatus.CLOSED)
    assert Notice.objects.exists()
    for name in ("charlie", "carl"):
        assert not Notice.objects.filter(recipient=people[name]).exists()
        assert people[name].email not in mailed_to()


# The secretariat's Follow button -----------------------------------------------------------------


def test_the_secretariat_follows_and_unfollows_a_review_from_its_page_P32(client, review, people):
    c = verified_client(client, people["sam"])
    page = c.get(reverse("reviews:detail", args=[review.pk]))
    assert 'value="follow"' in page.text and "Follow" in page.text
    url = reverse("reviews:detail", args=[review.pk])
    response = c.post(
        reverse("notifications:follow"),
        {"state": review.state_id, "phase": review.phase_id, "action": "follow", "next": url},
    )
    assert response.url == url
    assert list(Follow.objects.values_list("user__username", "ref")) == [
        ("sam", review_ref(review.state_id, review.phase_id))
    ]
    assert 'value="unfollow"' in c.get(url).text
    c.post(reverse("notifications:follow"), {"state": review.state_id, "phase": review.phase_id, "action": "unfollow"})
    assert not Follow.objects.exists()


@pytest.mark.parametrize("name", ["alice", "bob", "charlie"])
def test_only_the_secretariat_has_the_follow_button_P32(client, review, people, name):
    c = verified_client(client, people[name])
    if name != "charlie":
        assert 'value="follow"' not in c.get(reverse("reviews:detail", args=[review.pk])).text
    response = c.post(
        reverse("notifications:follow"), {"state": review.state_id, "phase": review.phase_id, "action": "follow"}
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_a_follower_who_left_the_secretariat_is_told_nothing_P32(
    review, people, follower, django_capture_on_commit_callbacks
):
    from sherloc.accounts import services as account_services

    account_services.end_membership(membership=follower.memberships.get())
    with django_capture_on_commit_callbacks(execute=True):
        services.open_consultations(review, by=people["alice"])
    assert set(told(NoticeKind.STAGE_CHANGED)) == {"bob", "bruno"}


def test_the_home_page_counts_unread_dialogue_messages_P32(client, thread, people):
    services.post_message(thread, by=people["bob"], body="1", idempotency_key=uuid.uuid4())
    services.post_message(thread, by=people["bob"], body="2", idempotency_key=uuid.uuid4())
    home = verified_client(client, people["alice"]).get(reverse("portal:home"))
    assert "2 unread messages in the constructive dialogue" in home.text
    assert "unread message" not in verified_client(client, people["charlie"]).get(reverse("portal:home")).text
