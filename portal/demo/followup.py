"""The follow-up of the demo world (docs/followup.md): the needs of Austria's final list, one reported
addressed and one with a request answered by the secretariat; a progress report on an observation; a
general report of the first phase over the demo responses. Run after the observations and documents demos."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from followup import services
from followup.enums import NeedStatus
from followup.models import GeneralReport, Need
from observations.models import ObservationList


@transaction.atomic
def seed_followup_demo() -> str:
    if GeneralReport.objects.exists():
        return "follow-up already seeded"
    User = get_user_model()
    secretariat = User.objects.get(username="secretariat-1")
    lst = (
        ObservationList.objects.filter(review__state__code="AUT", final_version__isnull=False)
        .select_related("review__phase")
        .first()
    )
    if lst is None:
        return "follow-up: Austria has no final list"
    services.track_needs(observation_list=lst)  # already done by the signal; harmless again
    fp = User.objects.get(username="fp-aut")
    needs = list(Need.objects.filter(observation_list=lst).order_by("item_index"))
    if needs:
        services.report_need(
            need=needs[0],
            status=NeedStatus.ADDRESSED,
            addressed_by="UNODC Global Programme against Transnational Organized Crime",
            note="Two workshops for judges and prosecutors were held.",
            by=fp,
        )
    if len(needs) > 1:
        request = services.request_assistance(
            need=needs[1], text="Austria asks for expert advice on a draft law on witness protection.", by=fp
        )
        services.answer_request(
            request=request,
            answer="The secretariat put Austria in touch with a legislative drafting expert of the Programme.",
            by=secretariat,
        )
    services.report_progress(
        observation_list=lst,
        item_index=0,
        progress="A working group of the ministries of justice and the interior designs a consolidated data collection.",
        measures="The first consolidated statistics are planned for next year.",
        stage="planned",
        as_of=timezone.localdate() - dt.timedelta(days=7),
        by=fp,
    )
    report = services.generate_report(phase=lst.review.phase, by=secretariat)
    return f"follow-up: {len(needs)} needs of {lst.review.state}; a progress report; general report edition {report.number}"
