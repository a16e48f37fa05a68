"""Technical-assistance needs (P 44, P 45) and progress on observations (P 46), through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from followup import services
from followup.enums import AssistanceKind, NeedStatus
from followup.models import AssistanceRequest, Need, ProgressReport

from .conftest import DRAFTING, TRAINING

pytestmark = pytest.mark.django_db


def test_p44_every_assistance_item_of_a_final_list_becomes_a_tracked_need(final):
    needs = list(Need.objects.filter(observation_list=final).order_by("item_index"))
    assert [(n.item_index, n.text) for n in needs] == [(1, TRAINING), (3, DRAFTING)]
    assert needs[0].state == final.review.state and needs[0].cluster == final.review.phase.cluster
    assert needs[0].articles.count() == 2 and needs[0].status == NeedStatus.OPEN
    assert needs[0].kind == AssistanceKind.TRAINING and needs[1].kind == AssistanceKind.LEGISLATIVE


def test_p44_the_backfill_tracks_lists_final_before_and_adds_nothing_twice(final):
    Need.articles.through.objects.all().delete()
    Need.objects.all().delete()
    assert services.backfill() == 2
    assert services.backfill() == 0
    assert Need.objects.count() == 2


def test_p44_the_focal_point_of_the_state_under_review_reports_whether_a_need_was_addressed(final, people):
    need = Need.objects.get(observation_list=final, item_index=1)
    services.report_need(need=need, status=NeedStatus.ADDRESSED, addressed_by="UNODC", by=people["alice"])
    need.refresh_from_db()
    assert (need.status, need.addressed_by, need.reported_by) == (NeedStatus.ADDRESSED, "UNODC", people["alice"])


@pytest.mark.parametrize("name", ["erin", "bob", "bea", "sam", "charlie", "carl"])
def test_p44_no_one_else_reports_on_the_need(final, people, name):
    need = Need.objects.get(observation_list=final, item_index=1)
    with pytest.raises(services.FollowupRefused):
        services.report_need(need=need, status=NeedStatus.ADDRESSED, addressed_by="X", by=people[name])
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_p45_a_request_goes_to_the_secretariat_which_records_its_answer(final, people):
    need = Need.objects.get(observation_list=final, item_index=3)
    request = services.request_assistance(need=need, text="Expert advice on a draft law.", by=people["alice"])
    with pytest.raises(services.FollowupRefused):  # one open request at a time
        services.request_assistance(need=need, text="Again.", by=people["alice"])
    with pytest.raises(services.FollowupRefused):
        services.answer_request(request=request, answer="No.", by=people["bob"])
    services.answer_request(request=request, answer="An expert was found.", by=people["sam"])
    request.refresh_from_db()
    assert request.is_answered and request.answered_by == people["sam"]
    with pytest.raises(services.FollowupRefused):
        services.answer_request(request=request, answer="Twice.", by=people["sam"])


def test_p45_hostile_input_is_refused_and_nothing_is_stored(final, people):
    need = Need.objects.get(observation_list=final, item_index=3)
    for text in ["bad\x00text", "x" * 10_001, "   "]:
        with pytest.raises(services.FollowupRefused):
            services.request_assistance(need=need, text=text, by=people["alice"])
    assert not AssistanceRequest.objects.exists()


def test_p46_the_state_reports_progress_on_any_observation_of_its_final_list(final, people):
    report = services.report_progress(
        observation_list=final,
        item_index=0,
        progress="A data office was set up.",
        measures="Training planned.",
        stage="taken",
        as_of=timezone.localdate(),
        by=people["alice"],
    )
    assert report.state == final.review.state and report.item_index == 0
    for bad in [
        {"item_index": 99},
        {"item_index": "x"},
        {"as_of": timezone.localdate() + dt.timedelta(days=1)},
        {"as_of": "not a date"},
        {"stage": "maybe"},
        {"progress": "\x00"},
    ]:
        args = {"item_index": 0, "progress": "ok", "stage": "planned", "as_of": timezone.localdate(), **bad}
        with pytest.raises(services.FollowupRefused):
            services.report_progress(observation_list=final, by=people["alice"], **args)
    with pytest.raises(services.FollowupRefused):
        services.report_progress(
            observation_list=final,
            item_index=0,
            progress="x",
            stage="planned",
            as_of=timezone.localdate(),
            by=people["bob"],
        )
    assert ProgressReport.objects.count() == 1
