"""Issue 10, hole 5: hostile treaty-status input (browser import under States → Import, the command, the form)
is refused with a message naming the row, and nothing is recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sherloc.registry.models import Instrument, TreatyStatus
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

HEADER = "code,instrument,status,signature_date,consent_date,consent_type,as_of,source\n"
GOOD_ROW = "AFG,TIP,party,,2014-08-14,accession,2014-08-14,whatconvention.org\n"


def afghanistan_tip():
    return TreatyStatus.objects.current().get(state__code="AFG", instrument__code="TIP")


def upload(client, text: str):
    csv_file = SimpleUploadedFile("statuses.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("registry:import"), {"file": csv_file})


def test_a_field_over_the_csv_limit_is_refused_naming_the_row_in_the_browser(client, secretariat):
    """Hole 5: a field over 131,072 characters raised csv.Error (500) on the import page."""
    text = HEADER + GOOD_ROW + "AUT,TIP,party,,2014-08-14,accession,2014-08-14," + "x" * 131_073 + "\n"
    before = TreatyStatus.objects.count()
    reply = upload(verified_client(client, secretariat), text)
    assert reply.status_code == 400
    assert (
        "Row 3: a field is longer than 131,072 characters, far more than any column needs. Nothing was changed."
        in reply.content.decode()
    )
    assert TreatyStatus.objects.count() == before
    assert afghanistan_tip().status == "none"


def test_a_field_over_the_csv_limit_is_refused_naming_the_row_by_the_command(tmp_path):
    """Hole 5: the same file given to `manage.py import_treaty_status`."""
    path = tmp_path / "statuses.csv"
    path.write_text(HEADER + "AUT,TIP,party,,2014-08-14,accession,2014-08-14," + "x" * 131_073 + "\n")
    with pytest.raises(CommandError, match=r"Row 2: a field is longer than 131,072 characters"):
        call_command("import_treaty_status", path)


def test_a_header_over_the_csv_limit_is_refused_as_row_1(client, secretariat):
    reply = upload(verified_client(client, secretariat), "x" * 131_073 + "\n" + GOOD_ROW)
    assert reply.status_code == 400
    assert "Row 1 (header): a field is longer than 131,072 characters" in reply.content.decode()


def test_a_nul_byte_in_an_imported_source_is_refused_naming_the_row(client, secretariat):
    """Hole 5: NUL in a treaty source reached PostgreSQL, which refuses it (500)."""
    text = HEADER + GOOD_ROW + "AUT,TIP,party,,2014-08-14,accession,2014-08-14,UNTC\x00chapter XVIII\n"
    before = TreatyStatus.objects.count()
    reply = upload(verified_client(client, secretariat), text)
    assert reply.status_code == 400
    assert "Row 3: contains a NUL character (U+0000), which cannot be stored. Nothing was changed." in (
        reply.content.decode()
    )
    assert TreatyStatus.objects.count() == before


def test_an_imported_source_longer_than_the_form_allows_is_refused(client, secretariat):
    text = HEADER + "AFG,TIP,party,,2014-08-14,accession,2014-08-14," + "s" * 501 + "\n"
    reply = upload(verified_client(client, secretariat), text)
    assert reply.status_code == 400
    assert "Row 2: the source is longer than 500 characters." in reply.content.decode()
    assert afghanistan_tip().status == "none"


def test_a_nul_byte_in_a_source_typed_on_the_state_page_is_a_400(client, secretariat):
    """Hole 5: the treaty status form of a State's page, with NUL in its source."""
    before = TreatyStatus.objects.count()
    reply = verified_client(client, secretariat).post(
        reverse("registry:state", args=["AFG"]),
        {
            "status-instrument": Instrument.objects.get(code="TIP").pk,
            "status-status": "party",
            "status-consent_date": "2014-08-14",
            "status-consent_type": "accession",
            "status-as_of": "2014-08-14",
            "status-source": "UNTC\x00",
        },
    )
    assert reply.status_code == 400
    assert "The request contained a NUL character (U+0000)" in reply.content.decode()
    assert TreatyStatus.objects.count() == before
