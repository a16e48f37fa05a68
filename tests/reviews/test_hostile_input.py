"""Issue 10, hole 5: hostile input to the country review pages is a 400 with a message, and nothing is stored.

On PostgreSQL (DATABASE_URL), as CI runs: NUL is refused by the database itself, which was a 500.
"""

import uuid

import pytest
from django.urls import reverse

from reviews import selectors, services
from reviews.enums import ReviewStatus
from reviews.models import DialogueThread, Feedback, FeedbackQuestion, Message
from tests.conftest import verified_client as sign_in
from tests.reviews.conftest import advance

NOT_IDS = ["abc", "9" * 23, "-1", "1.5", "١"]  # a word, 23 digits, negative, decimal, an Arabic-Indic digit
NUL_REFUSED = "The request contained a NUL character (U+0000), which the portal cannot store. Nothing was saved."


@pytest.fixture
def in_feedback(review, people):
    return advance(review, people, ReviewStatus.FEEDBACK_DUE)


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize("action", ["write", "ask", "answer"])
def test_feedback_with_an_article_or_question_that_is_not_an_id_is_a_400(client, in_feedback, people, action, value):
    """Hole 5: `article` and `question` posted to the feedback page were passed to the database unchecked (500)."""
    sign_in(client, people["bob"])
    reply = client.post(
        reverse("reviews:feedback", args=[in_feedback.pk]),
        {"action": action, "article": value, "question": value, "measures": "m", "kind": "clarification", "text": "t"},
    )
    assert reply.status_code == 400
    name = "question" if action == "answer" else "article"
    assert f"“{name}” must be the number of an item of the portal." in reply.content.decode()
    assert not Feedback.objects.filter(review=in_feedback).exists()
    assert not FeedbackQuestion.objects.exists()


@pytest.mark.parametrize("value", NOT_IDS)
def test_opening_an_article_thread_with_an_article_that_is_not_an_id_is_a_400(client, in_feedback, people, value):
    """Hole 5: the article of a new article thread."""
    before = DialogueThread.objects.count()
    reply = sign_in(client, people["bob"]).post(
        reverse("reviews:article_thread", args=[in_feedback.pk]), {"article": value}
    )
    assert reply.status_code == 400
    assert "“article” must be the number of an item of the portal." in reply.content.decode()
    assert DialogueThread.objects.count() == before


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_thread_page_before_a_message_that_is_not_an_id_is_a_400(client, in_feedback, people, value):
    """Hole 5: `?before=` of the thread pages (23 digits overflowed SQLite's integers)."""
    thread = services.general_thread(in_feedback)
    reply = sign_in(client, people["bob"]).get(reverse("reviews:thread", args=[thread.pk]), {"before": value})
    assert reply.status_code == 400
    assert "“before” must be the number of an item of the portal." in reply.content.decode()


@pytest.mark.parametrize("value", ["9" * 23, "0"])
def test_a_correction_of_a_message_that_cannot_exist_posts_nothing(client, in_feedback, people, value):
    """Hole 5: a 23-digit `corrects` was taken as "no correction" and the message stored as a new one."""
    thread = services.general_thread(in_feedback)
    data = {"kind": "message", "body": "Corrected text", "corrects": value, "idempotency_key": str(uuid.uuid4())}
    reply = sign_in(client, people["bob"]).post(reverse("reviews:thread", args=[thread.pk]), data)
    assert reply.status_code == 400
    assert not Message.objects.filter(body="Corrected text").exists()


def test_a_correction_of_a_message_of_another_thread_posts_nothing(client, in_feedback, people):
    """Hole 5: a `corrects` that names no message of this thread is refused, not dropped."""
    thread = services.general_thread(in_feedback)
    data = {"kind": "message", "body": "Corrected text", "corrects": "123456", "idempotency_key": str(uuid.uuid4())}
    reply = sign_in(client, people["bob"]).post(reverse("reviews:thread", args=[thread.pk]), data)
    assert reply.status_code == 400
    assert "The message to correct is not in this thread. Nothing was posted." in reply.content.decode()
    assert not Message.objects.filter(body="Corrected text").exists()


@pytest.mark.parametrize("field", ["phase", "year_group", "region", "instrument", "status"])
@pytest.mark.parametrize("value", ["abc", "9" * 23])
def test_an_overview_filter_that_is_not_a_choice_is_a_400_listing_nothing(client, review, people, field, value):
    """Hole 5: a filter value outside its choices listed every review as if it had matched."""
    reply = sign_in(client, people["sam"]).get(reverse("reviews:overview"), {field: value})
    html = reply.content.decode()
    assert reply.status_code == 400
    assert "Select a valid choice." in html
    assert "Austria" not in html


def test_the_overview_with_a_valid_filter_still_lists(client, review, people):
    reply = sign_in(client, people["sam"]).get(reverse("reviews:overview"), {"year_group": "1"})
    assert reply.status_code == 200 and "Austria" in reply.content.decode()


@pytest.mark.parametrize("field", ["measures", "successes", "challenges"])
def test_feedback_text_with_a_nul_byte_is_a_400_and_nothing_is_stored(client, in_feedback, people, field):
    """Hole 5: NUL in feedback text reached PostgreSQL, which refuses it (500)."""
    article = selectors.articles_in_scope(in_feedback)[0]
    data = {"action": "write", "article": article.pk, "measures": "Measures", field: "Penal\x00Code"}
    reply = sign_in(client, people["bob"]).post(reverse("reviews:feedback", args=[in_feedback.pk]), data)
    assert reply.status_code == 400
    assert NUL_REFUSED in reply.content.decode()
    assert not Feedback.objects.filter(review=in_feedback).exists()


def test_a_dialogue_message_with_a_nul_byte_is_a_400_and_nothing_is_stored(client, in_feedback, people):
    """Hole 5: the same guard covers every form, the dialogue too."""
    thread = services.general_thread(in_feedback)
    data = {"kind": "message", "body": "Hello\x00", "idempotency_key": str(uuid.uuid4())}
    reply = sign_in(client, people["bob"]).post(reverse("reviews:thread", args=[thread.pk]), data)
    assert reply.status_code == 400
    assert NUL_REFUSED in reply.content.decode()
    assert not Message.objects.filter(thread=thread).exists()
