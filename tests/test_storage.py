"""Confidential files (sherloc/storage.py): random names in private storage, no URL route in any
mode, reached only through the views that check who may read them, and refused when their bytes
no longer match the SHA-256 recorded at upload."""

import importlib
import logging
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse

from responses import services as response_services
from responses.documents import ensure_pdf
from reviews import services as review_services
from reviews.enums import ReviewStatus
from tests.conftest import verified_client
from tests.responses.conftest import answer_everything, phase, question, questionnaires, response  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401

PDF = b"%PDF-1.4\n%a case of 2024\n"


@pytest.fixture
def urls_as_make_serve(settings):
    """The URL configuration as `make serve` loads it: DEBUG on (pytest-django turns it off)."""
    import sherloc.urls

    settings.DEBUG = True
    importlib.reload(sherloc.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(sherloc.urls)
    clear_url_caches()


@pytest.fixture
def files(response, review, people):  # noqa: F811
    """One file of each kind: an attachment of Austria's draft, the PDF of a submission of Austria's
    response, and an attachment of Austria's dialogue, each with the paths an outsider might guess."""
    alice = people["alice"]
    draft = response_services.add_attachment(
        response=response,
        question=question(response, "t-5-files"),
        upload=SimpleUploadedFile("case.pdf", PDF),
        by=alice,
    )
    answer_everything(response, alice)
    snapshot = response_services.submit(response=response, by=alice)
    response_services.reopen(response=response, by=people["sam"], request_reference="NV/2026/1")
    ensure_pdf(snapshot)
    snapshot.refresh_from_db()
    thread = review_services.general_thread(advance(review, people, ReviewStatus.DIALOGUE))
    message, _ = review_services.post_message(
        thread,
        by=alice,
        body="The amendment",
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("amendment.txt", b"Text of the amendment")],
    )
    attachment = message.attachments.get()
    with snapshot.pdf.open("rb") as f:
        pdf_bytes = f.read()
    return {
        "draft attachment": (
            reverse("responses:attachment", args=[response.pk, draft.pk]),
            draft.file,
            PDF,
            "case.pdf",
            [f"/media/responses/{response.pk}/case.pdf"],
        ),
        "submission PDF": (
            reverse("responses:snapshot_pdf", args=[response.pk, 1]),
            snapshot.pdf,
            pdf_bytes,
            "AUT-phase1-submission1.pdf",
            ["/media/responses/pdf/AUT-phase1-1.pdf"],
        ),
        "dialogue attachment": (
            reverse("reviews:attachment", args=[attachment.pk]),
            attachment.file,
            b"Text of the amendment",
            "amendment.txt",
            [f"/media/reviews/{review.pk}/"],
        ),
    }


KINDS = ["draft attachment", "submission PDF", "dialogue attachment"]


def _guesses(field_file, old_paths):
    private = field_file.name
    return [*old_paths, f"/media/{private}", f"/private-media/{private}", f"/{private}", f"/en/media/{private}"]


@pytest.mark.parametrize("kind", KINDS)
def test_confidential_files_are_reached_only_through_the_checked_view_hole_1(
    client,
    files,
    people,  # noqa: F811
    urls_as_make_serve,
    kind,
):
    """Issue 10, hole 1: with DEBUG on, /media/ served every file to anyone under a predictable name.

    Now no guessed path serves it, the view refuses the anonymous and an unrelated State (404),
    and the State's own focal point downloads the bytes as an attachment that is not sniffed."""
    url, field_file, content, filename, old_paths = files[kind]
    stored = Path(field_file.path)
    assert Path(settings.PRIVATE_MEDIA_ROOT) in stored.parents
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    assert filename.rsplit(".", 1)[0] not in field_file.name and "AUT" not in field_file.name
    assert stored.read_bytes() == content

    for path in _guesses(field_file, old_paths):
        assert client.get(path).status_code == 404, path
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/sign-in/" in anonymous["Location"]

    outsider = verified_client(client, people["charlie"])
    assert outsider.get(url).status_code == 404
    for path in _guesses(field_file, old_paths):
        reply = outsider.get(path)
        assert reply.status_code == 404 and content not in reply.content, path

    client.logout()
    reply = verified_client(client, people["alice"]).get(url)
    assert reply.status_code == 200
    assert reply.content == content
    assert reply["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert reply["X-Content-Type-Options"] == "nosniff"


def test_stored_names_tell_nothing_of_the_state_or_the_file(files):
    names = [files[kind][1].name for kind in KINDS]
    assert [name.split("/")[0] for name in names] == ["answers", "submissions", "dialogue"]
    assert all(len(name.split("/")[1]) == 32 for name in names)


def test_private_files_have_no_url(files):
    with pytest.raises(ValueError, match="no URL"):
        files["draft attachment"][1].url  # noqa: B018


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_changed_on_disk_is_refused_on_download_and_logged_hole_7(client, files, people, caplog, kind):  # noqa: F811
    """Issue 10, hole 7: the SHA-256 recorded at upload is checked on download; changed bytes are never served."""
    url, field_file, content, filename, _old = files[kind]
    Path(field_file.path).write_bytes(content + b" -- rewritten")
    with caplog.at_level(logging.ERROR, logger="sherloc.files"):
        reply = verified_client(client, people["alice"]).get(url)
    assert reply.status_code == 409
    body = reply.content.decode()
    assert "no longer matches the fingerprint (SHA-256) recorded when it was uploaded" in body
    assert filename in body and "rewritten" not in body
    assert "Content-Disposition" not in reply
    assert [r.getMessage().split(" refused")[0] for r in caplog.records] == [
        {"draft attachment": "response attachment", "submission PDF": "PDF of submission"}.get(kind, kind)
        + f" {field_file.instance.pk}"
    ]


def test_a_missing_file_is_refused_not_a_server_error(client, files, people):  # noqa: F811
    url, field_file, *_rest = files["dialogue attachment"]
    Path(field_file.path).unlink()
    assert verified_client(client, people["alice"]).get(url).status_code == 409
