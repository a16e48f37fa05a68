"""Pages of the informal meetings with stakeholders (P 52): each view parses, asks
stakeholders.permissions (through the selectors' access_* helpers), calls one service, renders.
Forbidden and missing both answer 404; refused input answers 400 with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import selectors as documents
from documents import services as document_services
from documents.enums import DocumentKind
from sherloc.registry.models import State
from sherloc.storage import download

from . import permissions, selectors, services
from .forms import (
    ActivityReportForm,
    CommentForm,
    CsvForm,
    DecisionForm,
    FileForm,
    MeetingForm,
    ObjectionForm,
    ReasonForm,
    SummaryForm,
)
from .models import StakeholderProfile


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )


def highlighted(comment) -> list[tuple[str, dict | None]]:
    """The comment's text cut at the words the screening matched, for the secretariat to see (P 52 (b))."""
    parts, at = [], 0
    for m in sorted(comment.matches, key=lambda m: m["start"]):
        if m["start"] < at:
            continue
        parts.append((comment.text[at : m["start"]], None))
        parts.append((comment.text[m["start"] : m["end"]], m))
        at = m["end"]
    parts.append((comment.text[at:], None))
    return [p for p in parts if p[0]]


@login_required
def index(request):
    if not permissions.may_see_meetings(request.user):
        raise Http404
    today = timezone.localdate()
    meetings = list(selectors.meetings_for(request.user))
    return render(
        request,
        "stakeholders/index.html",
        {
            "upcoming": sorted([m for m in meetings if m.date >= today], key=lambda m: m.date),
            "past": [m for m in meetings if m.date < today],
            "manage": permissions.may_manage(request.user),
            "report": permissions.may_report_activity(request.user),
        },
    )


def _meeting_context(request, meeting, **extra):
    user = request.user
    manage = permissions.may_manage(user)
    own = permissions.invitation_of(user, meeting)
    comments = list(selectors.comments_of(meeting, user))
    objecting = State.objects.filter(pk__in=permissions.objecting_state_ids(user)).order_by("name")
    context = {
        "meeting": meeting,
        "manage": manage,
        "deadline": services.confirmation_deadline(meeting),
        "today": timezone.localdate(),
        "invitations": list(selectors.invitations_of(meeting, user)),
        "own": own,
        "own_on_hold": own is not None and services.on_hold(own),
        "may_confirm": own is not None and permissions.may_confirm(user, own),
        "may_comment": permissions.may_comment(user, meeting),
        "may_register": permissions.may_register_state(user, meeting),
        "registered": meeting.state_attendances.filter(user=user).exists(),
        "objecting_states": list(objecting),
        "may_object": bool(objecting) and meeting.date >= timezone.localdate(),
        "comments": [(c, highlighted(c) if manage else None) for c in comments],
        "briefings": list(meeting.briefings.all()),
        "pending_objections": list(selectors.pending_objections(meeting)) if manage else [],
        "summary": getattr(meeting, "summary", None) if permissions.may_view_summary(user, meeting) else None,
        "attendances": list(meeting.state_attendances.select_related("state")) if manage else [],
        "comment_form": CommentForm(initial={"language": meeting.language}),
        "file_form": FileForm(),
        "summary_form": SummaryForm(
            initial={"text": meeting.summary.text, "language": meeting.summary.language}
            if hasattr(meeting, "summary")
            else {"language": meeting.language}
        ),
        "decision_form": DecisionForm(),
        "summary_crp": documents.documents_of(getattr(meeting, "summary", None)).get(DocumentKind.CRP),
        "reason_form": ReasonForm(),
        "objection_form": ObjectionForm(states=objecting),
    }
    context.update(extra)
    return context


def _refused(request, meeting, message, status=400):
    messages.error(request, message)
    return render(request, "stakeholders/meeting.html", _meeting_context(request, meeting), status=status)


@login_required
def meeting(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    return render(request, "stakeholders/meeting.html", _meeting_context(request, meeting))


@login_required
def meeting_new(request):
    if not permissions.may_manage(request.user):
        raise Http404
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.create_meeting(by=request.user, **form.cleaned_data)
            except services.StakeholderRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect("stakeholders:meeting", meeting.pk)
        return render(request, "stakeholders/meeting_new.html", {"form": form}, status=400)
    return render(request, "stakeholders/meeting_new.html", {"form": form})


@login_required
def import_organisations(request):
    if not permissions.may_manage(request.user):
        raise Http404
    form = CsvForm(request.POST or None, request.FILES or None)
    profiles = StakeholderProfile.objects.select_related("organisation").prefetch_related("entitlements__session")
    context = {"form": form, "profiles": profiles, "columns": services.CSV_COLUMNS}
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return render(request, "stakeholders/import.html", context, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > services.CSV_MAX_BYTES:
            messages.error(request, _("The file is larger than 2 MiB."))
            return render(request, "stakeholders/import.html", context, status=400)
        try:
            report = services.import_organisations(data=upload.read(), by=request.user)
        except services.StakeholderRefused as error:
            messages.error(request, str(error))
            return render(request, "stakeholders/import.html", context, status=400)
        messages.success(
            request,
            _("Imported: %(created)s new organisations, %(updated)s updated, %(entitlements)s entitlements.")
            % {"created": report.created, "updated": report.updated, "entitlements": report.entitlements},
        )
        return redirect("stakeholders:import")
    return render(request, "stakeholders/import.html", context)


@login_required
@require_POST
def invite(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not permissions.may_manage(request.user):
        raise Http404
    count = services.invite_all(meeting=meeting, by=request.user)
    messages.success(request, _("%(count)s new invitations are being sent.") % {"count": count})
    return redirect("stakeholders:meeting", meeting.pk)


@login_required
@require_POST
def briefing_upload(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not permissions.may_manage(request.user):
        raise Http404
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    try:
        services.add_briefing(meeting=meeting, upload=form.cleaned_data["file"], by=request.user)
    except services.StakeholderRefused as error:
        return _refused(request, meeting, str(error))
    messages.success(request, _("The briefing material is added."))
    return redirect("stakeholders:meeting", meeting.pk)


@login_required
def briefing(request, pk):
    material = selectors.access_briefing(request.user, pk)
    return download(
        request,
        material.file,
        filename=material.name,
        sha256=material.sha256,
        content_type=material.content_type,
        what=f"briefing material {material.pk}",
    )


@login_required
@require_POST
def confirm(request, pk):
    invitation = selectors.access_invitation(request.user, pk)
    if not permissions.may_confirm(request.user, invitation):
        raise Http404
    try:
        services.confirm_attendance(invitation=invitation, by=request.user)
    except services.StakeholderRefused as error:
        return _refused(request, invitation.meeting, str(error))
    messages.success(request, _("Your attendance is confirmed."))
    return redirect("stakeholders:meeting", invitation.meeting_id)


@login_required
@require_POST
def bounced(request, pk):
    invitation = selectors.access_invitation(request.user, pk)
    if not permissions.may_manage(request.user):
        raise Http404
    try:
        services.record_bounce(invitation=invitation, by=request.user)
    except services.StakeholderRefused as error:
        return _refused(request, invitation.meeting, str(error))
    return redirect("stakeholders:meeting", invitation.meeting_id)


@login_required
@require_POST
def object_to(request, pk):
    invitation = selectors.access_invitation(request.user, pk)
    if not permissions.may_object(request.user, invitation):
        raise Http404
    states = State.objects.filter(pk__in=permissions.objecting_state_ids(request.user))
    form = ObjectionForm(request.POST, states=states)
    if not form.is_valid():
        return _refused(request, invitation.meeting, _form_errors(form))
    try:
        services.object_to_participation(
            invitation=invitation,
            state=states.get(pk=form.cleaned_data["state"]),
            reasons=form.cleaned_data["reasons"],
            by=request.user,
        )
    except services.StakeholderRefused as error:
        return _refused(request, invitation.meeting, str(error))
    messages.success(request, _("The objection is referred to the working group."))
    return redirect("stakeholders:meeting", invitation.meeting_id)


@login_required
@require_POST
def decide(request, pk):
    objection = selectors.access_objection(request.user, pk)
    meeting = objection.invitation.meeting
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    try:
        services.decide_objection(
            objection=objection,
            upheld=form.cleaned_data["outcome"] == "upheld",
            decision=form.cleaned_data["decision"],
            by=request.user,
        )
    except services.StakeholderRefused as error:
        return _refused(request, meeting, str(error))
    messages.success(request, _("The working group's decision is recorded."))
    return redirect("stakeholders:meeting", meeting.pk)


@login_required
@require_POST
def register(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not permissions.may_register_state(request.user, meeting):
        raise Http404
    state = State.objects.filter(pk__in=permissions.represented_state_ids(request.user)).order_by("name").first()
    services.register_state_attendance(meeting=meeting, state=state, by=request.user)
    messages.success(request, _("You are registered for the meeting."))
    return redirect("stakeholders:meeting", meeting.pk)


@login_required
@require_POST
def comment(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not permissions.may_comment(request.user, meeting):
        raise Http404
    form = CommentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    invitation = permissions.invitation_of(request.user, meeting)
    attendance = None if invitation else meeting.state_attendances.filter(user=request.user).first()
    try:
        result = services.submit_comment(
            meeting=meeting,
            by=request.user,
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            invitation=invitation,
            author_state=attendance.state if attendance else None,
            upload=form.cleaned_data.get("attachment"),
        )
    except services.StakeholderRefused as error:
        return _refused(request, meeting, str(error))
    if result.status == "flagged":
        messages.warning(
            request,
            _("Your comment names a State; it waits for the secretariat before it circulates (P 52 (b))."),
        )
    else:
        messages.success(request, _("Your comment circulates to the meeting."))
    return redirect("stakeholders:meeting", meeting.pk)


def _decide_comment(request, pk, service):
    comment = selectors.access_comment(request.user, pk)
    if not permissions.may_manage(request.user):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refused(request, comment.meeting, _form_errors(form))
    try:
        service(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
    except services.StakeholderRefused as error:
        return _refused(request, comment.meeting, str(error))
    return redirect("stakeholders:meeting", comment.meeting_id)


@login_required
@require_POST
def release(request, pk):
    return _decide_comment(request, pk, services.release_comment)


@login_required
@require_POST
def return_to_author(request, pk):
    return _decide_comment(request, pk, services.return_comment)


@login_required
def comment_file(request, pk):
    comment = selectors.access_comment(request.user, pk)
    if not comment.attachment:
        raise Http404
    return download(
        request,
        comment.attachment,
        filename=comment.attachment_name,
        sha256=comment.attachment_sha256,
        content_type=comment.attachment_type,
        what=f"comment attachment {comment.pk}",
    )


@login_required
@require_POST
def summary_issue(request, pk):
    """The secretariat circulates the meeting's summary to the working group as a conference room paper (P 52 (g))."""
    meeting = selectors.access_meeting(request.user, pk)
    summary = getattr(meeting, "summary", None)
    if not permissions.may_manage(request.user) or summary is None:
        raise Http404
    try:
        document = document_services.issue_crp(
            source=summary,
            working_groups=[meeting.working_group],
            session=meeting.working_group_session,
            by=request.user,
        )
    except document_services.DocumentRefused as error:
        return _refused(request, meeting, str(error))
    messages.success(request, _("Issued as %(symbol)s.") % {"symbol": document.symbol})
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def summary(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not permissions.may_manage(request.user):
        raise Http404
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _refused(request, meeting, _form_errors(form))
    try:
        services.write_summary(meeting=meeting, by=request.user, **form.cleaned_data)
    except services.StakeholderRefused as error:
        return _refused(request, meeting, str(error))
    messages.success(request, _("The summary is saved."))
    return redirect("stakeholders:meeting", meeting.pk)


@login_required
def reports(request):
    if not permissions.may_see_activity_reports(request.user):
        raise Http404
    return render(
        request,
        "stakeholders/reports.html",
        {"groups": selectors.reports_by_working_group(), "report": permissions.may_report_activity(request.user)},
    )


@login_required
def report_new(request):
    if not permissions.may_report_activity(request.user):
        raise Http404
    own = sorted(permissions.profile_ids(request.user))
    form = ActivityReportForm(request.POST or None, exclude=own)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_activity_report(
                    by=request.user,
                    profile=StakeholderProfile.objects.get(pk=own[0]),
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    working_groups=form.cleaned_data["working_groups"],
                    co_signers=form.cleaned_data["co_signers"],
                )
            except services.StakeholderRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your report is submitted."))
                return redirect("stakeholders:reports")
        return render(request, "stakeholders/report_new.html", {"form": form}, status=400)
    return render(request, "stakeholders/report_new.html", {"form": form})
