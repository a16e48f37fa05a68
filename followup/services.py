"""Every write of the follow-up (P 44–46, P 18). Keyword-only, one transaction each; a refusal raises
FollowupRefused with a message for the user and nothing is written."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from observations.enums import ItemKind
from observations.models import ObservationList
from observations.permissions import participation

from . import permissions
from .enums import KIND_HINTS, MAX_SHORT, MAX_TEXT, AssistanceKind, MeasureStage, NeedStatus
from .models import AssistanceRequest, GeneralReport, Need, ProgressReport


class FollowupRefused(Exception):
    """A write the rules do not allow; the message is for the user."""


def _text(value, *, what: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if "\x00" in value:
        raise FollowupRefused(_("%(what)s contains a NUL character (U+0000). Nothing was saved.") % {"what": what})
    if required and not value:
        raise FollowupRefused(_("%(what)s is required. Nothing was saved.") % {"what": what})
    if len(value) > limit:
        raise FollowupRefused(
            _("%(what)s is longer than %(limit)s characters. Nothing was saved.") % {"what": what, "limit": limit}
        )
    return value


def guess_kind(text: str) -> str:
    low = f" {text.lower()} "
    for kind, words in KIND_HINTS:
        if any(w in low for w in words):
            return kind
    return AssistanceKind.OTHER


# Needs (P 44, P 45) --------------------------------------------------------------------------------


@transaction.atomic
def track_needs(*, observation_list: ObservationList) -> list[Need]:
    """Every technical-assistance item of the final version becomes a tracked need; run again, it adds
    nothing (the backfill command and the signal both call it)."""
    lst = ObservationList.objects.select_related("final_version", "review__phase").get(pk=observation_list.pk)
    if not lst.is_final:
        return []
    version = lst.final_version
    have = set(Need.objects.filter(version=version).values_list("item_index", flat=True))
    now = timezone.now()
    made = []
    for index, item in enumerate(version.items):
        if item.get("kind") != ItemKind.ASSISTANCE or index in have:
            continue
        need = Need.objects.create(
            observation_list=lst,
            version=version,
            item_index=index,
            state_id=lst.review.state_id,
            cluster_id=lst.review.phase.cluster_id,
            kind=guess_kind(item.get("text", "")),
            text=item.get("text", ""),
            created_at=now,
        )
        need.articles.set(item.get("articles", []))
        made.append(need)
    return made


def backfill() -> int:
    """Needs of every list that was final before this app existed."""
    return sum(
        len(track_needs(observation_list=lst)) for lst in ObservationList.objects.filter(final_version__isnull=False)
    )


def _locked_need(need) -> Need:
    return Need.objects.select_for_update(of=("self",)).select_related("observation_list__review").get(pk=need.pk)


@transaction.atomic
def report_need(*, need: Need, status: str, addressed_by: str = "", note: str = "", by) -> Need:
    """P 44: the State under review says whether a need was addressed, and by whom."""
    need = _locked_need(need)
    p = participation(by, need.observation_list.review)
    if not permissions.may_report_need(p, need.observation_list):
        raise FollowupRefused(_("The focal point of the State under review reports on its needs (P 44)."))
    if status not in NeedStatus.values or status == NeedStatus.OPEN:
        raise FollowupRefused(_("Choose whether the need was addressed, partly addressed or not addressed."))
    addressed_by = _text(addressed_by, what=_("By whom"), limit=MAX_SHORT, required=status != NeedStatus.NOT_ADDRESSED)
    need.status = status
    need.addressed_by = addressed_by
    need.status_note = _text(note, what=_("The note"), required=False)
    need.reported_by = by
    need.reported_at = timezone.now()
    need.save(update_fields=["status", "addressed_by", "status_note", "reported_by", "reported_at"])
    return need


@transaction.atomic
def classify_need(*, need: Need, kind: str, by) -> Need:
    need = _locked_need(need)
    p = participation(by, need.observation_list.review)
    if not permissions.may_classify_need(p, need.observation_list):
        raise FollowupRefused(_("The State under review or the secretariat sets the kind of assistance."))
    if kind not in AssistanceKind.values:
        raise FollowupRefused(_("Choose a kind of assistance from the list."))
    need.kind = kind
    need.save(update_fields=["kind"])
    return need


@transaction.atomic
def request_assistance(*, need: Need, text: str, by) -> AssistanceRequest:
    """P 45: a request for technical assistance based on the need; it goes to the secretariat."""
    need = _locked_need(need)
    p = participation(by, need.observation_list.review)
    if not permissions.may_request_assistance(p, need):
        raise FollowupRefused(
            _("The focal point of the State under review requests assistance, one request at a time (P 45).")
        )
    text = _text(text, what=_("The request"))
    return AssistanceRequest.objects.create(need=need, text=text, requested_by=by, requested_at=timezone.now())


@transaction.atomic
def answer_request(*, request: AssistanceRequest, answer: str, by) -> AssistanceRequest:
    """P 45: the secretariat records how the request was answered."""
    request = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.may_answer_requests(permissions.reader(by)):
        raise FollowupRefused(_("The secretariat answers requests for assistance (P 45)."))
    if request.is_answered:
        raise FollowupRefused(_("This request has already been answered."))
    request.answer = _text(answer, what=_("The answer"))
    request.answered_by = by
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    return request


# Progress on observations (P 46) ----------------------------------------------------------------------


@transaction.atomic
def report_progress(
    *, observation_list: ObservationList, item_index, progress: str, measures: str = "", stage: str, as_of, by
) -> ProgressReport:
    lst = (
        ObservationList.objects.select_for_update(of=("self",))
        .select_related("final_version", "review")
        .get(pk=observation_list.pk)
    )
    p = participation(by, lst.review)
    if not permissions.may_report_progress(p, lst):
        raise FollowupRefused(_("The focal point of the State under review reports progress on a final list (P 46)."))
    try:
        item_index = int(item_index)
    except (TypeError, ValueError):
        raise FollowupRefused(_("Choose an observation of the list.")) from None
    if not 0 <= item_index < len(lst.final_version.items):
        raise FollowupRefused(_("Choose an observation of the list."))
    if stage not in MeasureStage.values:
        raise FollowupRefused(_("Say whether the measures are planned or taken."))
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise FollowupRefused(_("The date is not a date (YYYY-MM-DD).")) from None
    if not isinstance(as_of, dt.date) or as_of > timezone.localdate():
        raise FollowupRefused(_("The date of the report cannot be in the future."))
    return ProgressReport.objects.create(
        observation_list=lst,
        item_index=item_index,
        state_id=lst.review.state_id,
        progress=_text(progress, what=_("The progress achieved")),
        measures=_text(measures, what=_("The measures"), required=False),
        stage=stage,
        as_of=as_of,
        by=by,
        at=timezone.now(),
    )


# The general report (P 18) -----------------------------------------------------------------------------


@transaction.atomic
def generate_report(*, phase, by, language: str = "en") -> GeneralReport:
    """P 18: the secretariat generates (or updates: a new edition) the general report of a phase."""
    from django.conf import settings
    from django.utils import translation

    from .report import report_tables

    if not permissions.may_generate_report(permissions.reader(by)):
        raise FollowupRefused(_("The secretariat prepares the general report (P 18)."))
    if phase.cluster_id is None:
        raise FollowupRefused(_("This phase has no cluster of articles to report on."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise FollowupRefused(_("Choose one of the six languages."))
    with translation.override(language):
        tables = report_tables(phase)
    last = GeneralReport.objects.select_for_update().filter(phase=phase).order_by("-number").first()
    return GeneralReport.objects.create(
        phase=phase,
        number=(last.number + 1) if last else 1,
        language=language,
        tables=tables,
        generated_by=by,
        generated_at=timezone.now(),
    )
