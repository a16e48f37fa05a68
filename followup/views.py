"""Pages of the follow-up (P 44–46) and of the general report (P 18). Each view parses, asks
followup.permissions (through the selectors' access_* helpers), calls one service and renders.
Forbidden and missing both answer 404; refused input answers 400 with the message."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.enums import WorkingGroup
from sherloc import audit
from sherloc.audit.enums import AccessAction

from . import permissions, selectors, services
from .aggregates import ta_table
from .charts import table_chart
from .enums import AssistanceKind, Breakdown, MeasureStage, NeedStatus
from .models import AssistanceRequest, GeneralReport
from .report import report_html, report_tables


def _reader_or_404(request):
    r = permissions.reader(request.user)
    if not permissions.may_view_aggregates(r):
        raise Http404
    return r


@login_required
def index(request):
    r = permissions.reader(request.user)
    context = {
        "lists": selectors.final_lists_for(request.user),
        "aggregates": permissions.may_view_aggregates(r),
        "requests": selectors.open_requests() if permissions.may_answer_requests(r) else None,
    }
    return render(request, "followup/index.html", context)


def _review_context(request, review, p, lst, error=None):
    needs = selectors.needs_of(lst, p)
    return {
        "review": review,
        "lst": lst,
        "needs": [
            {
                "need": n,
                "may_request": permissions.may_request_assistance(p, n),
            }
            for n in needs
        ],
        "observations": selectors.observations_of(lst),
        "may_report": permissions.may_report_need(p, lst),
        "may_classify": permissions.may_classify_need(p, lst),
        "may_progress": permissions.may_report_progress(p, lst),
        "statuses": [s for s in NeedStatus if s != NeedStatus.OPEN],
        "kinds": list(AssistanceKind),
        "stages": list(MeasureStage),
        "error": error,
    }


@login_required
def review_page(request, pk, error=None):
    review, p, lst = selectors.access_followup(request.user, pk)
    audit.record(request, action=AccessAction.VIEW, obj=lst, state=review.state)
    return render(
        request, "followup/review.html", _review_context(request, review, p, lst, error), status=400 if error else 200
    )


def _refused(request, review_pk, refusal):
    return review_page(request, review_pk, error=str(refusal))


@login_required
@require_POST
def need_report(request, pk):
    need, review, _p = selectors.access_need(request.user, pk)
    try:
        if "kind" in request.POST:
            services.classify_need(need=need, kind=request.POST["kind"], by=request.user)
        else:
            services.report_need(
                need=need,
                status=request.POST.get("status", ""),
                addressed_by=request.POST.get("addressed_by", ""),
                note=request.POST.get("note", ""),
                by=request.user,
            )
    except services.FollowupRefused as refusal:
        return _refused(request, review.pk, refusal)
    audit.record(request, action=AccessAction.WRITE, obj=need, state=review.state)
    messages.success(request, _("The need is updated."))
    return redirect("followup:review", pk=review.pk)


@login_required
@require_POST
def need_request(request, pk):
    need, review, _p = selectors.access_need(request.user, pk)
    try:
        services.request_assistance(need=need, text=request.POST.get("text", ""), by=request.user)
    except services.FollowupRefused as refusal:
        return _refused(request, review.pk, refusal)
    audit.record(request, action=AccessAction.WRITE, obj=need, state=review.state)
    messages.success(request, _("Your request for assistance went to the secretariat (P 45)."))
    return redirect("followup:review", pk=review.pk)


@login_required
@require_POST
def progress(request, pk):
    review, _p, lst = selectors.access_followup(request.user, pk)
    try:
        services.report_progress(
            observation_list=lst,
            item_index=request.POST.get("item", ""),
            progress=request.POST.get("progress", ""),
            measures=request.POST.get("measures", ""),
            stage=request.POST.get("stage", ""),
            as_of=request.POST.get("as_of", ""),
            by=request.user,
        )
    except services.FollowupRefused as refusal:
        return _refused(request, review.pk, refusal)
    audit.record(request, action=AccessAction.WRITE, obj=lst, state=review.state)
    messages.success(request, _("Your report of progress is recorded (P 46)."))
    return redirect("followup:review", pk=review.pk)


@login_required
@require_POST
def answer(request, pk):
    if not permissions.may_answer_requests(permissions.reader(request.user)):
        raise Http404
    req = AssistanceRequest.objects.filter(pk=pk).first()
    if req is None:
        raise Http404
    try:
        services.answer_request(request=req, answer=request.POST.get("answer", ""), by=request.user)
    except services.FollowupRefused as refusal:
        messages.error(request, str(refusal))
        return render(
            request,
            "followup/index.html",
            {"lists": [], "aggregates": True, "requests": selectors.open_requests(), "error": str(refusal)},
            status=400,
        )
    messages.success(request, _("The answer is recorded."))
    return redirect("followup:index")


@login_required
def progress_collected(request):
    """P 46: the progress reports the user may see, per working group; 404 for whoever sees none."""
    if not selectors.final_lists_for(request.user):
        raise Http404
    groups = selectors.progress_by_working_group(request.user)
    for _group, rows in groups:
        for row in rows:
            audit.record(request, action=AccessAction.VIEW, obj=row["report"], state=row["report"].state)
    return render(request, "followup/progress.html", {"groups": groups})


# The Working Group on Technical Assistance (P 44) ------------------------------------------------------


def _breakdown(request) -> str:
    by = request.GET.get("by", Breakdown.ARTICLE)
    return by if by in Breakdown.values else Breakdown.ARTICLE


@login_required
def assistance(request):
    _reader_or_404(request)
    by = _breakdown(request)
    table = ta_table(by)
    context = {
        "table": table,
        "by": by,
        "breakdowns": list(Breakdown),
        "chart": table_chart(
            table, title=_("States with a technical assistance need, by %(by)s") % {"by": table["breakdown"]}
        ),
    }
    return render(request, "followup/assistance.html", context)


def _csv(table: dict, first: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([first, *table["columns"]])
    for row in [*table["rows"], table["total"]]:
        writer.writerow([row["label"], *("" if n is None else n for n in row["cells"])])
    writer.writerow([_("Empty cell: fewer than 3 States, or withheld so that a total does not reveal one.")])
    return out.getvalue()


@login_required
def assistance_csv(request):
    _reader_or_404(request)
    by = _breakdown(request)
    table = ta_table(by)
    response = HttpResponse(_csv(table, table["breakdown"]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="technical-assistance-needs-by-{by}.csv"'
    return response


# The general report (P 18) ---------------------------------------------------------------------------


@login_required
def general(request):
    r = _reader_or_404(request)
    phases = [(phase, selectors.editions(phase)) for phase in selectors.reportable_phases()]
    return render(
        request, "followup/general.html", {"phases": phases, "may_generate": permissions.may_generate_report(r)}
    )


@login_required
def general_phase(request, number):
    r = _reader_or_404(request)
    phase = selectors.access_phase(number)
    if request.method == "POST":
        if not permissions.may_generate_report(r):
            raise Http404
        try:
            edition = services.generate_report(
                phase=phase, by=request.user, language=request.POST.get("language", "en")
            )
        except services.FollowupRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("followup:general")
        messages.success(request, _("Edition %(n)s of the general report is generated.") % {"n": edition.number})
        return redirect("followup:edition", pk=edition.pk)
    context = {
        "phase": phase,
        "body": report_html(report_tables(phase)),
        "live": True,
        "may_generate": permissions.may_generate_report(r),
    }
    return render(request, "followup/report.html", context)


@login_required
def edition(request, pk):
    r = _reader_or_404(request)
    report = GeneralReport.objects.select_related("phase").filter(pk=pk).first()
    if report is None:
        raise Http404
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Document

    issued = Document.objects.filter(source_type=ContentType.objects.get_for_model(report), source_id=report.pk).first()
    if request.method == "POST":
        if not permissions.may_generate_report(r):
            raise Http404
        from documents import services as documents

        try:
            issued = documents.issue_crp(
                source=report,
                working_groups=request.POST.getlist("working_groups") or [WorkingGroup.WG2],
                session=request.POST.get("session", ""),
                by=request.user,
            )
        except documents.DocumentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Issued as %(symbol)s.") % {"symbol": issued.symbol})
            return redirect("followup:edition", pk=report.pk)
    context = {
        "phase": report.phase,
        "report": report,
        "body": report.document_html(),
        "issued": issued,
        "may_generate": permissions.may_generate_report(r),
        "working_groups": list(WorkingGroup),
    }
    return render(request, "followup/report.html", context)
