"""The summary of an informal meeting goes to the working group as a conference room paper (P 52 (g)), issued by
the secretariat through the documents capability; the demo world has one."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from documents import selectors as documents
from documents.enums import DocumentKind
from documents.models import Document
from stakeholders.models import Summary
from tests.conftest import verified_client


@pytest.mark.django_db
def test_the_demos_papers_a_summary_and_austrias_list_issued_its_report_in_translation_P37_P40_P52g(client):
    call_command("seed_demo", force=True, stdout=StringIO())
    summary = Summary.objects.select_related("meeting").get()
    crp = documents.documents_of(summary)[DocumentKind.CRP]
    assert crp.symbol.startswith(f"CTOC/COP/{summary.meeting.working_group}/")
    users = get_user_model().objects
    sam = verified_client(client, users.get(username="secretariat-1"))
    page = sam.get(reverse("stakeholders:meeting", args=[summary.meeting.pk])).content.decode()
    assert crp.symbol in page
    url = reverse("stakeholders:summary_issue", args=[summary.meeting.pk])
    count = Document.objects.filter(kind=DocumentKind.CRP).count()
    assert sam.post(url).status_code == 400  # issued already: refused with a message, nothing more issued
    ngo = verified_client(type(client)(), users.get(username="ngo-1"))
    assert ngo.post(url).status_code == 404
    assert Document.objects.filter(kind=DocumentKind.CRP).count() == count

    # Austria's final list as a CRP and its final report in six languages, found by officer-1 in the library (P 37, P 40)
    from documents.enums import VersionStatus
    from observations.models import FinalReport, ObservationList

    austria = ObservationList.objects.get(review__state__code="AUT")
    listed = documents.documents_of(austria)[DocumentKind.CRP]
    report = documents.documents_of(FinalReport.objects.get(state__code="AUT"))[DocumentKind.REPORT]
    statuses = sorted(v.status for v in report.versions.all())
    assert statuses == sorted([VersionStatus.RECEIVED] * 3 + [VersionStatus.IN_TRANSLATION] * 3)
    officer = verified_client(type(client)(), users.get(username="officer-1"))
    library = officer.get(reverse("documents:library")).content.decode()
    assert listed.symbol in library
    translations = officer.get(reverse("documents:translations")).content.decode()
    assert "Final desk review report: Austria" in translations
