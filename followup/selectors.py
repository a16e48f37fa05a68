"""Reads of the follow-up, already filtered by what the user may see (404 otherwise)."""

from django.db.models import Prefetch
from django.http import Http404

from observations.models import ObservationList, grouped_items
from observations.permissions import participation
from reviews.models import CountryReview
from sherloc.registry.models import WorkplanPhase

from . import permissions
from .models import AssistanceRequest, GeneralReport, Need, ProgressReport


def access_followup(user, review_pk: int):
    """The review, the user's part and its final list: parties and the secretariat only (P 44, P 46)."""
    review = CountryReview.objects.select_related("state", "phase__cluster").filter(pk=review_pk).first()
    if review is None:
        raise Http404
    p = participation(user, review)
    lst = ObservationList.objects.select_related("final_version").filter(review=review).first()
    if not permissions.may_view_needs(p, review, lst):
        raise Http404
    return review, p, lst


def needs_of(lst, p) -> list[Need]:
    """The needs of a final list this user sees (an additional reviewer: those of its instruments)."""
    needs = list(
        Need.objects.filter(observation_list=lst)
        .prefetch_related(
            "articles__instrument", Prefetch("requests", queryset=AssistanceRequest.objects.order_by("requested_at"))
        )
        .order_by("item_index")
    )
    return [n for n in needs if permissions.sees_need(p, n)]


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
    if not permissions.sees_need(p, need):
        raise Http404
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


# the working group that considers an instrument's observations (docs/followup.md): the Protocols'
# working groups for theirs, the Working Group on International Cooperation for the Convention
WORKING_GROUP_OF_INSTRUMENT = {"UNTOC": "WG.3", "TIP": "WG.4", "FIREARMS": "WG.6", "SOM": "WG.7"}


def progress_by_working_group(user) -> list[tuple]:
    """P 46: the progress reports the user may see, collected per working group (in the order of the
    working groups, States alphabetical, P 3(b)), each with the observation it is about."""
    from documents.enums import WorkingGroup
    from sherloc.registry.models import Article

    lists = {lst.pk: lst for lst in final_lists_for(user)}
    reports = list(
        ProgressReport.objects.filter(observation_list__in=lists)
        .select_related("state", "by")
        .order_by("state__name", "item_index", "as_of", "pk")
    )
    ids = {
        a for r in reports for a in lists[r.observation_list_id].final_version.items[r.item_index].get("articles", [])
    }
    instrument_of = dict(Article.objects.filter(pk__in=ids).values_list("pk", "instrument__code"))
    groups = {g.value: [] for g in WorkingGroup}
    for r in reports:
        lst = lists[r.observation_list_id]
        item = lst.final_version.items[r.item_index]
        row = {"report": r, "list": lst, "item": item}
        for wg in sorted(
            {WORKING_GROUP_OF_INSTRUMENT.get(instrument_of.get(a), "WG.3") for a in item.get("articles", [])}
        ):
            groups[wg].append(row)
        if item.get("kind") == "assistance":
            groups["WG.2"].append(row)
    return [(WorkingGroup(g), rows) for g, rows in groups.items()]
