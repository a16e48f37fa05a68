"""The one upload policy (sherloc/uploads.py): the kinds kept, checked by extension AND content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sherloc.uploads import ACCEPT, UploadRefused, check_upload, check_uploads, help_text
from tests.samples import ACCEPTED, REFUSED


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_each_kept_kind_is_accepted_with_its_content_type_and_fingerprint(name):
    import hashlib

    checked = check_upload(SimpleUploadedFile(name, ACCEPTED[name]))
    assert (checked.name, checked.size, checked.sha256) == (
        name,
        len(ACCEPTED[name]),
        hashlib.sha256(ACCEPTED[name]).hexdigest(),
    )
    assert checked.content_type.split(";")[0] in {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/msword",
        "application/vnd.ms-excel",
        "image/png",
        "image/jpeg",
        "text/plain",
        "text/csv",
    }


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[f"{n}:{m[:24]}" for n, _c, m in REFUSED])
def test_each_refused_kind_is_refused_with_a_clear_message_hole_6(name, content, message):
    """Issue 10, hole 6: the dialogue kept any type (.html, .svg, .js); one policy refuses them,
    polyglots whose content does not match the name, and zip bombs."""
    with pytest.raises(UploadRefused) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert message in str(refused.value)
    assert str(refused.value).startswith(name)


def test_size_and_count_limits_come_from_the_settings(settings):
    settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_FILES = 3 * 1024 * 1024, 2
    big = SimpleUploadedFile("big.txt", b"x" * (3 * 1024 * 1024 + 1))
    with pytest.raises(UploadRefused, match="big.txt is larger than the limit of 3 MiB per file."):
        check_upload(big)
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(2)]
    assert len(check_uploads(files)) == 2
    with pytest.raises(UploadRefused, match="At most 2 files can be attached here; 3 were given."):
        check_uploads(files, already=1)
    assert help_text() == "PDF, Word, Excel, OpenDocument, text, CSV, PNG or JPEG; at most 2 files of 3 MiB each."


def test_a_folder_in_the_name_is_dropped():
    assert check_upload(SimpleUploadedFile("../../etc/cases.csv", b"a,b\n")).name == "cases.csv"


def test_the_browser_is_offered_the_same_list():
    assert ACCEPT == ".pdf,.docx,.xlsx,.odt,.ods,.doc,.xls,.png,.jpg,.jpeg,.txt,.csv"
