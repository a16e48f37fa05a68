"""The demo world's outcomes (P 37–39): Austria's phase-1 review complete with a list agreed by all,
a list under discussion with an agreement withdrawn by a later edit, and Austria's final report agreed."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from observations.models import FinalReport, ListAgreement, ObservationList
from reviews import permissions
from reviews.enums import ReviewStatus
from reviews.models import CountryReview


@override_settings(DEBUG=True)
@pytest.mark.django_db
def test_seed_demo_has_austrias_final_list_a_list_under_discussion_and_the_final_report_P37_P39():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing doubles
    austria = CountryReview.objects.get(state__code="AUT", phase__number=1)
    assert austria.status == ReviewStatus.CLOSED
    final = ObservationList.objects.get(review=austria)
    assert final.is_final and final.final_version.number == 2
    agreed = set(ListAgreement.objects.filter(version=final.final_version).values_list("state_id", flat=True))
    assert agreed == permissions.party_ids(austria)
    assert final.comments.count() == 1 and {i["kind"] for i in final.final_version.items} == {
        "gap",
        "good_practice",
        "assistance",
    }

    discussed = ObservationList.objects.exclude(review=austria).get()
    assert discussed.review.status == ReviewStatus.OBSERVATIONS and not discussed.is_final
    withdrawn = ListAgreement.objects.get(version__observation_list=discussed)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by.number == 2
    assert withdrawn.state_id == discussed.review.state_id

    # the role of the review in constructive dialogue went to another demo State
    assert CountryReview.objects.filter(status=ReviewStatus.DIALOGUE).exclude(state__code="AUT").exists()

    report = FinalReport.objects.get(state__code="AUT")
    assert report.is_final and report.is_shared and report.requested_for.code == "AUT"
    assert report.final_version.word_count <= 4000
