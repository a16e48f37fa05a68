"""Issue 10, hole 3: nothing shown to a signed-in user is kept by a browser or proxy cache."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import services
from reviews.enums import ReviewStatus
from tests.conftest import verified_client as sign_in
from tests.reviews.conftest import advance


@pytest.fixture
def message_with_attachment(review, people):
    review = advance(review, people, ReviewStatus.DIALOGUE)
    thread = services.general_thread(review)
    law = SimpleUploadedFile("law.txt", b"Penal Code", content_type="text/plain")
    message, _ = services.post_message(
        thread, by=people["alice"], body="The law", idempotency_key=uuid.uuid4(), files=[law]
    )
    return message


def test_a_dialogue_thread_is_served_no_store_private(client, message_with_attachment, people):
    """Hole 3: confidential pages carried no Cache-Control."""
    page = sign_in(client, people["bob"]).get(reverse("reviews:thread", args=[message_with_attachment.thread_id]))
    assert page.status_code == 200 and "The law" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"


def test_an_attachment_download_is_served_no_store_private(client, message_with_attachment, people):
    """Hole 3: a download carries the header too."""
    url = reverse("reviews:attachment", args=[message_with_attachment.attachments.get().pk])
    download = sign_in(client, people["bob"]).get(url)
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert body == b"Penal Code"
    assert download["Cache-Control"] == "no-store, private"


def test_refusals_to_signed_in_users_are_not_cached_either(client, review, people):
    response = sign_in(client, people["charlie"]).get(reverse("reviews:detail", args=[review.pk]))
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, private"


def test_the_public_progress_page_may_be_cached_when_nobody_is_signed_in(client, review):
    response = client.get(reverse("reviews:public"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
