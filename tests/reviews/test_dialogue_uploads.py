"""Files and length in the dialogue form (reviews/forms.py MessageForm), through the thread page."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import services
from reviews.enums import ReviewStatus
from reviews.models import Attachment, Message
from reviews.services import ReviewRefused
from tests.conftest import verified_client
from tests.reviews.conftest import advance
from tests.samples import ACCEPTED, REFUSED


@pytest.fixture
def thread(review, people):
    return services.general_thread(advance(review, people, ReviewStatus.DIALOGUE))


def post(client, thread, files=(), body="Our law, attached."):
    data = {"kind": "message", "body": body, "idempotency_key": str(uuid.uuid4()), "attachments": list(files)}
    return client.post(reverse("reviews:thread", args=[thread.pk]), data)


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "dialogue"
    return set(root.glob("*")) if root.exists() else set()


def test_the_form_posts_one_file_and_then_two_hole_6(client, thread, people):
    """Issue 10, hole 6: a single-file field behind a multiple-file widget refused every file."""
    c = verified_client(client, people["alice"])
    reply = post(c, thread, [SimpleUploadedFile("law.odt", ACCEPTED["law.odt"])])
    assert reply.status_code == 302
    reply = post(
        c,
        thread,
        [SimpleUploadedFile("case.pdf", ACCEPTED["case.pdf"]), SimpleUploadedFile("cases.csv", ACCEPTED["cases.csv"])],
        body="Two more.",
    )
    assert reply.status_code == 302
    assert [(m.body, [a.name for a in m.attachments.all()]) for m in Message.objects.filter(thread=thread)] == [
        ("Our law, attached.", ["law.odt"]),
        ("Two more.", ["case.pdf", "cases.csv"]),
    ]
    page = c.get(reverse("reviews:thread", args=[thread.pk])).content.decode()
    assert "law.odt" in page and "case.pdf" in page and "cases.csv" in page
    pdf = Attachment.objects.get(name="case.pdf")
    download = c.get(reverse("reviews:attachment", args=[pdf.pk]))
    assert download.content == ACCEPTED["case.pdf"]
    assert (download["Content-Type"], download["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="case.pdf"',
    )


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[f"{n}:{m[:24]}" for n, _c, m in REFUSED])
def test_a_refused_file_refuses_the_post_and_nothing_is_stored_hole_6(client, thread, people, name, content, message):
    """Issue 10, hole 6: the dialogue stored and served .html, .svg and .js; now the form says why
    and neither the message nor any file is kept."""
    before = stored_files()
    c = verified_client(client, people["bob"])
    reply = post(c, thread, [SimpleUploadedFile("fine.txt", b"fine"), SimpleUploadedFile(name, content)])
    assert reply.status_code == 400  # the form comes back with the reason, as every refused input
    assert message in reply.content.decode()
    assert not Message.objects.filter(thread=thread).exists()
    assert stored_files() == before


def test_too_many_files_are_refused(client, thread, people, settings):
    settings.UPLOAD_MAX_FILES = 2
    reply = post(
        verified_client(client, people["bob"]), thread, [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(3)]
    )
    assert "At most 2 files can be attached here; 3 were given." in reply.content.decode()
    assert not Message.objects.exists()


def test_the_service_checks_files_as_the_form_does(thread, people):
    svg = SimpleUploadedFile("logo.svg", b"<svg><script>alert(1)</script></svg>")
    with pytest.raises(ReviewRefused, match="logo.svg: files of this type are not accepted"):
        services.post_message(thread, by=people["bob"], body="Logo", idempotency_key=uuid.uuid4(), files=[svg])
    assert not Message.objects.exists()


def test_a_message_over_the_length_limit_is_refused_in_the_form_and_the_service_hole_6(
    client, thread, people, settings
):
    """Issue 10, hole 6: a message had no length limit in an archive where nothing is deleted."""
    settings.DIALOGUE_MESSAGE_MAX_CHARS = 1000
    c = verified_client(client, people["bob"])
    page = c.get(reverse("reviews:thread", args=[thread.pk])).content.decode()
    assert "At most 1,000 characters: nothing posted is edited or deleted." in page
    assert 'maxlength="1000"' in page
    reply = post(c, thread, body="x" * 1001)
    assert "Ensure this value has at most 1000 characters (it has 1001)." in reply.content.decode()
    with pytest.raises(ReviewRefused, match="at most 1000 characters; this one has 1001"):
        services.post_message(thread, by=people["bob"], body="x" * 1001, idempotency_key=uuid.uuid4())
    assert not Message.objects.exists()
    assert post(c, thread, body="x" * 1000).status_code == 302


def test_the_page_says_what_files_are_kept(client, thread, people, settings):
    settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_FILES = 5 * 1024 * 1024, 4
    page = verified_client(client, people["bob"]).get(reverse("reviews:thread", args=[thread.pk])).content.decode()
    assert "PDF, Word, Excel, OpenDocument, text, CSV, PNG or JPEG; at most 4 files of 5 MiB each." in page
    assert f'data-max-bytes="{5 * 1024 * 1024}"' in page
    assert 'accept=".pdf,.docx,.xlsx,.odt,.ods,.doc,.xls,.png,.jpg,.jpeg,.txt,.csv"' in page
