"""Reads of the follow-up, already filtered by what the user may see (404 otherwise)."""

from django.db.models import Prefetch
from django.http import Http404

from observations.models import ObservationList, grouped_items
from observations.permissions import participation
from reviews.selectors import access_review
from sherloc.registry.models import WorkplanPhase

from . import permissions
from .models import AssistanceRequest, GeneralReport, Need, ProgressReport


def access_followup(user, review_pk: int):
    """The review, the user's part and its final list: parties and the secretariat only (P 44, P 46)."""
    review, p = access_review(user, review_pk)
    lst = ObservationList.objects.select_related("final_version").filter(review=review).first()
    if not permissions.may_view_needs(p, review, lst):
        raise Http404
    return review, p, lst


def needs_of(lst) -> list[Need]:
    return list(
        Need.objects.filter(observation_list=lst)
        .prefetch_related(
            "articles__instrument", Prefetch("requests", queryset=AssistanceRequest.objects.order_by("requested_at"))
        )
        .order_by("item_index")
    )


def observations_of(lst) -> list[dict]:
    """Every item of the final version with its index and its progress reports, kinds in the order of P 37."""
    reports = {}
    for r in ProgressReport.objects.filter(observation_list=lst).select_related("by"):
        reports.setdefault(r.item_index, []).append(r)
    items = [dict(item, index=i) for i, item in enumerate(lst.final_version.items)]
    return [
        (kind, [dict(item, reports=reports.get(item["index"], [])) for item in mine])
        for kind, mine in grouped_items(items)
    ]


def access_need(user, pk: int):
    need = Need.objects.select_related("observation_list__review").filter(pk=pk).first()
    if need is None:
        raise Http404
    review, p, lst = access_followup(user, need.observation_list.review_id)
    return need, review, p


def final_lists_for(user) -> list[ObservationList]:
    """The final lists whose follow-up the user sees, alphabetical by State (P 3(b))."""
    lists = ObservationList.objects.filter(final_version__isnull=False).select_related("review__state", "review__phase")
    return [lst for lst in lists if permissions.may_view_needs(participation(user, lst.review), lst.review, lst)]


def open_requests() -> list[AssistanceRequest]:
    return list(
        AssistanceRequest.objects.filter(answered_at__isnull=True)
        .select_related("need__state", "need__observation_list__review__phase", "requested_by")
        .order_by("need__state__name", "requested_at")
    )


def reportable_phases():
    return WorkplanPhase.objects.filter(cluster__isnull=False).select_related("cluster").order_by("number")


def access_phase(number) -> WorkplanPhase:
    phase = reportable_phases().filter(number=number).first()
    if phase is None:
        raise Http404
    return phase


def editions(phase) -> list[GeneralReport]:
    return list(GeneralReport.objects.filter(phase=phase).order_by("number"))
