"""The demo world's follow-up (P 44, P 45, P 46, P 18): Austria's needs, one addressed and one with a
request answered, a progress report, and a general report over the demo responses."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from followup.enums import NeedStatus
from followup.models import AssistanceRequest, GeneralReport, Need, ProgressReport


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_seed_demo_has_austrias_needs_a_request_a_progress_report_and_a_general_report_P44_P45_P46_P18():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    needs = list(Need.objects.filter(state__code="AUT").order_by("item_index"))
    assert len(needs) == 2 and needs[0].status == NeedStatus.ADDRESSED and needs[0].addressed_by
    [request] = AssistanceRequest.objects.all()
    assert request.need == needs[1] and request.is_answered
    assert ProgressReport.objects.filter(state__code="AUT").count() == 1
    assert GeneralReport.objects.count() == 1 and GeneralReport.objects.get().tables["questions"]
