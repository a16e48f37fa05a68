"""Files over the limit are refused in the browser before they are sent (the server refuses them too)."""

import pytest
from django.urls import reverse

from reviews import services as review_services
from reviews.enums import ReviewStatus
from reviews.models import Attachment as DialogueAttachment
from tests.browser.test_answering_journey import sign_in
from tests.responses.conftest import phase, question, questionnaires, response, section_of  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


BIG = 5000


def refused_before_sending(page, form, tmp_path, posts):
    """The user picks a file over the limit: the page says so at once and the file never leaves the browser."""
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * BIG)
    form.locator("input[type=file]").set_input_files(str(big))
    assert form.locator("[data-size-error]").is_visible()
    assert form.locator("input[type=file]").input_value() == ""
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    assert posts and all(size < BIG for size in posts)


def watch_posts(page, posts):
    page.on("request", lambda r: posts.append(len(r.post_data_buffer or b"")) if r.method == "POST" else None)


def test_an_oversized_attachment_is_refused_in_the_answering_page(page, response, focal_point, settings, tmp_path):  # noqa: F811
    settings.UPLOAD_MAX_BYTES = 1000
    posts = []
    sign_in(page, focal_point)
    watch_posts(page, posts)
    page.goto(
        page.base_url
        + reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])
        + "?article=5"
    )
    form = page.locator(f"#q{question(response, 't-5-files').pk} form.upload")
    refused_before_sending(page, form, tmp_path, posts)
    assert not response.answers.filter(attachments__isnull=False).exists()


def test_an_oversized_attachment_is_refused_in_the_dialogue(page, review, people, settings, tmp_path):  # noqa: F811
    settings.UPLOAD_MAX_BYTES = 1000
    review = advance(review, people, ReviewStatus.DIALOGUE)
    thread = review_services.general_thread(review)
    posts = []
    sign_in(page, people["alice"])
    watch_posts(page, posts)
    page.goto(page.base_url + reverse("reviews:thread", args=[thread.pk]))
    page.fill("textarea[name=body]", "With a large file.")
    refused_before_sending(page, page.locator("form[data-once]"), tmp_path, posts)
    assert not DialogueAttachment.objects.exists()
