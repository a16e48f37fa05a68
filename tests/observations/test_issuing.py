"""A final list of observations goes to the working groups as a conference room paper (P 37, P 43); a final
report goes to the six languages (P 40): both through the documents capability, by the secretariat only."""

import pytest
from django.urls import reverse

from documents.enums import DocumentKind, VersionStatus
from documents.models import Document
from observations import services
from observations.models import ObservationList
from tests.conftest import verified_client
from tests.observations.test_report import TEXTS


def issue(client, user, review, **data):
    url = reverse("observations:list_issue", args=[review.pk])
    return verified_client(client, user).post(url, {"working_groups": ["WG.4"], "session": "Sixteenth session", **data})


@pytest.mark.django_db
def test_the_secretariat_issues_a_final_list_as_a_crp_once_P37_P43(client, closed, people):
    answer = issue(client, people["sam"], closed)
    document = Document.objects.get(kind=DocumentKind.CRP)
    assert answer.status_code == 302 and answer["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.symbol.startswith("CTOC/COP/WG.4/") and document.symbol.endswith("/CRP.1")
    assert document.source == ObservationList.objects.get(review=closed)
    assert document.restricted is True and document.state.code == "AUT"
    page = verified_client(client, people["sam"]).get(reverse("observations:list", args=[closed.pk])).content.decode()
    assert document.symbol in page
    # a second issue is refused with a message, and nothing more is issued
    issue(client, people["sam"], closed)
    assert Document.objects.filter(kind=DocumentKind.CRP).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_no_one_but_the_secretariat_issues_a_list_P43(client, closed, people, who):
    assert issue(client, people[who], closed).status_code == 404
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_list_not_yet_final_is_not_issued_P39(client, listing, people):
    assert issue(client, people["sam"], listing).status_code == 404
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_agreed_final_report_goes_to_the_six_languages_P40(client, closed, people):
    report = services.start_report(state=closed.state, by=people["sam"])
    services.save_report(report=report, texts=TEXTS, by=people["sam"])
    url = reverse("observations:report_translations", args=["AUT"])
    assert verified_client(client, people["sam"]).post(url).status_code == 404  # not final yet
    services.request_draft(report=report, by=people["alice"])
    services.share_draft(report=report, by=people["sam"])
    report.refresh_from_db()
    number = report.current_version().number
    for who in ("alice", "bob", "bruno"):
        report = services.agree_report(report=report, version_number=number, by=people[who])
    assert report.is_final
    assert verified_client(client, people["alice"]).post(url).status_code == 404
    assert verified_client(client, people["sam"]).post(url).status_code == 302
    document = Document.objects.get(kind=DocumentKind.REPORT)
    statuses = {v.language: v.status for v in document.versions.all()}
    assert len(statuses) == 6 and statuses["en"] == VersionStatus.RECEIVED
    assert {s for lang, s in statuses.items() if lang != "en"} == {VersionStatus.REQUESTED}
