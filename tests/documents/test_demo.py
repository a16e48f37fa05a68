"""The demo world's documents: officer-1 finds them all in the library (issue 11, demo)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from documents.enums import RenderStatus, VersionStatus
from documents.models import Document
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_papers_and_report_are_in_the_library(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    # three typed papers, Austria's final list and a meeting's summary; a typed report and Austria's final report
    assert Document.objects.filter(kind="crp").count() == 5 and Document.objects.filter(kind="report").count() == 2
    for report in Document.objects.filter(kind="report"):
        statuses = sorted(report.versions.values_list("status", flat=True))
        assert statuses == sorted([VersionStatus.RECEIVED] * 3 + [VersionStatus.IN_TRANSLATION] * 3)
    assert not Document.objects.filter(versions__render_status=RenderStatus.FAILED).exists()
    users = get_user_model().objects
    library = reverse("documents:library")
    officer = verified_client(Client(), users.get(username="officer-1")).get(library).content.decode()
    for document in Document.objects.all():
        assert document.title in officer
    focal_point = verified_client(Client(), users.get(username="fp-fra")).get(library).content.decode()
    assert "CTOC/COP/WG.7/2027/CRP.1" in focal_point and "Final desk review report" not in focal_point
    public = Client().get(library).content.decode()
    assert "CTOC/COP/WG.2/2027/CRP.1" in public and "CTOC/COP/WG.7/2027/CRP.1" not in public
    ngo = verified_client(Client(), users.get(username="ngo-1")).get(library).content.decode()
    assert "CTOC/COP/WG.7/2027/CRP.1" not in ngo  # restricted: never a stakeholder
