"""A message with attachments posted through the dialogue page, and its file downloaded (issue 10, hole 6)."""

from pathlib import Path

import pytest
from django.urls import reverse

from reviews import services as review_services
from reviews.enums import ReviewStatus
from reviews.models import Message
from tests.browser.test_answering_journey import sign_in
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401
from tests.samples import ACCEPTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_message_with_attachments_is_posted_and_its_file_downloaded_hole_6(page, review, people, tmp_path):  # noqa: F811
    """Issue 10, hole 6: the form refused every file ("No file was submitted")."""
    thread = review_services.general_thread(advance(review, people, ReviewStatus.DIALOGUE))
    law, figures = tmp_path / "law.odt", tmp_path / "figures.csv"
    law.write_bytes(ACCEPTED["law.odt"])
    figures.write_bytes(ACCEPTED["cases.csv"])
    sign_in(page, people["alice"])
    page.goto(page.base_url + reverse("reviews:thread", args=[thread.pk]))
    form = page.locator("form[data-once]")
    page.fill("textarea[name=body]", "The amended law and the figures.")
    form.locator("input[type=file]").set_input_files([str(law), str(figures)])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    posted = page.locator(".message-item").last
    assert "The amended law and the figures." in posted.inner_text()
    assert posted.locator(".attachments a").all_inner_texts() == ["law.odt", "figures.csv"]
    message = Message.objects.get(thread=thread)
    assert [a.name for a in message.attachments.all()] == ["law.odt", "figures.csv"]

    with page.expect_download() as info:
        posted.get_by_role("link", name="law.odt").click()
    download = info.value
    assert download.suggested_filename == "law.odt"
    assert Path(download.path()).read_bytes() == ACCEPTED["law.odt"]
