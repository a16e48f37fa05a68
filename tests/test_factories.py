"""The factories of tests/factories.py build through the real services what the tests then rely on."""

from responses.enums import ResponseStatus
from reviews.enums import ReviewStatus
from tests import factories
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import people  # noqa: F401


def test_a_response_is_opened_drafted_or_submitted_through_the_service_P19(people, questionnaires):  # noqa: F811
    draft = factories.response(state="FRA", by=people["bob"])
    assert draft.status == ResponseStatus.DRAFTING and not draft.answers.exists()
    submitted = factories.response(state="AUT", by=people["alice"], submitted=True)
    assert submitted.status == ResponseStatus.SUBMITTED
    assert submitted.snapshots.get().number == 1 and submitted.answers.exists()


def test_a_review_is_walked_to_its_dialogue_with_feedback_on_every_article_and_threads_of_messages_P34(
    people,  # noqa: F811
    questionnaires,  # noqa: F811
):
    review = factories.country_review(people, status=ReviewStatus.DIALOGUE)
    assert review.status == ReviewStatus.DIALOGUE and review.state.code == "AUT"
    assert review.feedback.exclude(measures="").count() == review.feedback.count() > 0
    thread = factories.dialogue_thread(review, by=people["bob"], messages=3, files_per_message=2)
    again = factories.dialogue_thread(review, by=people["alice"], messages=1)
    assert again == thread
    assert [m.body for m in thread.messages.order_by("pk")] == ["Message 1", "Message 2", "Message 3", "Message 4"]
    assert sum(m.attachments.count() for m in thread.messages.all()) == 6
