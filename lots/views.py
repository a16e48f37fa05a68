import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sherloc.accounts.selectors import states_of
from sherloc.registry.models import State

from . import engine, permissions, selectors, services
from .enums import SessionStatus
from .forms import LaterMeetingForm, OpenSessionForm, RedrawForm
from .models import DrawingSession, RedrawRequest


@login_required
def index(request):
    own = [(state, selectors.assignments_of(state)) for state in states_of(request.user)]
    context = {
        "own": own,
        "can_run": permissions.can_run_drawing(request.user),
        # P 51: reviews whose costs are paid from voluntary contributions
        "voluntary": selectors.reviewed_from_voluntary_contributions() if own else set(),
    }
    if context["can_run"]:
        form = OpenSessionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                session = services.open_session(opened_by=request.user, **form.cleaned_data)
            except services.DrawingRefused as error:
                form.add_error(None, str(error))
            else:
                return redirect("lots:session", pk=session.pk)
        context.update(form=form, sessions=DrawingSession.objects.select_related("continues"))
    elif request.method == "POST":
        raise Http404
    return render(request, "lots/index.html", context)


def _session_for(request, pk) -> DrawingSession:
    session = get_object_or_404(DrawingSession, pk=pk)
    if not permissions.can_view_session(request.user, session):
        raise Http404
    return session


REPLAY_ERRORS = (engine.DrawError, engine.ReplayMismatch)


def _replay_failure(error) -> str:
    return _(
        "This drawing cannot be replayed from its stored inputs and log (%(error)s). Its recorded year groups "
        "and reviewing assignments stand; the download holds the seed, inputs and log as stored."
    ) % {"error": error}


@login_required
def session_view(request, pk):
    session = _session_for(request, pk)
    try:
        draw = services.live_draw(session)
    except REPLAY_ERRORS as error:
        # a drawing recorded without the inputs a replay needs: say so rather than fail
        return render(
            request, "lots/session_unreplayable.html", {"session": session, "problem": _replay_failure(error)}
        )
    # names in the page's language (docs/languages.md)
    names = {s.code: str(s) for s in State.objects.filter(code__in=[s["code"] for s in session.inputs])}
    picks = [e for e in draw.log if e.get("action") in ("pick", "redraw")]
    # the picks the last "draw the rest of this year group" made, each announced in words
    since = request.GET.get("since", "")
    since = int(since) if since.isdigit() and len(since) < 9 else None
    just_drawn = [e for e in draw.log[since:] if e.get("action") == "pick"] if since is not None else []
    drawing = session.drawing
    later_meetings = list(drawing.later_meetings.order_by("opened_at"))
    context = {
        "session": session,
        "drawing": drawing,
        "rules": draw.rules,
        "voluntary": {s["code"] for s in drawing.inputs if not s.get("can_review", True)},
        "names": names,
        # alphabetical by name, never in drawing order (P 3(b): no ranking of States)
        "year_groups": {y: sorted(codes, key=lambda c: names.get(c, c)) for y, codes in draw.year_groups().items()}
        if draw.selected
        else None,
        "next_slot": draw.next_slot() if session.status == "selection" else None,
        "just_drawn": just_drawn,
        "results": _results(draw, names),
        "picks": picks,
        "log": list(enumerate(draw.log)),
        "redraw_form": RedrawForm(codes=names.keys()),
        "redraws": selectors.redraw_requests_at(session),
        # P 28: what a later meeting may carry out, and the later meetings of this drawing
        "deferred": selectors.deferred_redraws(drawing),
        "later_meetings": later_meetings,
        "later_form": LaterMeetingForm()
        if session.status == SessionStatus.CONFIRMED
        and not session.continues_id
        and all(m.status in SessionStatus.closed() for m in later_meetings)
        else None,
    }
    return render(request, "lots/session.html", context)


def _results(draw, names) -> list[dict] | None:
    """Once every pick is drawn: per State under review, alphabetical by name (P 3(b)), its year group and
    its reviewers with their roles and instruments."""
    if not draw.selected or draw.next_slot() is not None:
        return None
    rows = [
        {
            "under_review": names.get(a.under_review, a.under_review),
            "year": a.year,
            "reviewers": [
                {"name": names.get(r.state, r.state), "role": r.role, "instruments": list(r.instruments)}
                for r in a.reviewers
            ],
        }
        for a in draw.result().assignments
    ]
    return sorted(rows, key=lambda row: row["under_review"])


def _draw_rest_of_year_group(session, user) -> int:
    """Draw every pick left in the year group of the next pick, one after another as the room would."""
    draw = services.live_draw(session)
    slot = draw.next_slot()
    if slot is None:
        return 0
    year, drawn = slot.year, 0
    while slot is not None and slot.year == year:
        services.draw_next(session=session, user=user)
        drawn += 1
        slot = services.live_draw(session).next_slot()
    return drawn


@login_required
@require_POST
def session_action(request, pk, action):
    session = _session_for(request, pk)
    if not permissions.can_run_drawing(request.user):
        raise Http404
    try:
        if action == "later":
            form = LaterMeetingForm(request.POST)
            if not form.is_valid():
                raise services.DrawingRefused(_("Give the later meeting and its date."))
            later = services.open_later_meeting(drawing=session, opened_by=request.user, **form.cleaned_data)
            return redirect("lots:session", pk=later.pk)
        if action == "select":
            services.run_selection(session=session, user=request.user)
        elif action == "pick":
            services.draw_next(session=session, user=request.user)
        elif action == "rest":
            before = len(services.live_draw(session).log)
            _draw_rest_of_year_group(session, request.user)
            return redirect(f"{reverse('lots:session', args=[pk])}?since={before}#just-drawn")
        elif action == "redraw":
            form = RedrawForm(request.POST, codes=[s["code"] for s in session.inputs])
            if not form.is_valid():
                raise services.DrawingRefused(_("Choose the State under review, the reviewer and who asks."))
            services.request_redraw(session=session, user=request.user, **form.cleaned_data)
        elif action == "carry_out":
            redraw = get_object_or_404(RedrawRequest, pk=request.POST.get("request") or 0)
            services.carry_out_redraw(session=session, request=redraw, user=request.user)
        elif action == "confirm" and session.continues_id:
            count = services.confirm_session(session=session, user=request.user)
            messages.success(
                request,
                ngettext(
                    "Redraws confirmed: %(count)d reviewing assignment changed.",
                    "Redraws confirmed: %(count)d reviewing assignments changed.",
                    count,
                )
                % {"count": count},
            )
        elif action == "confirm":
            count = services.confirm_session(session=session, user=request.user)
            messages.success(
                request,
                ngettext(
                    "Drawing confirmed: %(count)d reviewing assignment recorded.",
                    "Drawing confirmed: %(count)d reviewing assignments recorded.",
                    count,
                )
                % {"count": count},
            )
        else:
            raise Http404
    except services.DrawingRefused as error:
        messages.error(request, str(error))
    return redirect("lots:session", pk=pk)


@login_required
def session_log(request, pk):
    """The seed, the ordered inputs and the log: all anyone needs to re-run the draw (verify_draw).

    A later meeting's download is its drawing's whole log, first meeting and later ones; once
    every pick is drawn it carries the year groups and assignments the log arrives at.
    """
    session = _session_for(request, pk)
    drawing = session.drawing
    try:
        draw = services.live_draw(session)
    except REPLAY_ERRORS as error:
        draw, problem = None, _replay_failure(error)
    body = {
        "seed": drawing.seed,
        "meeting": drawing.meeting,
        "states": drawing.inputs,
        "volunteers": drawing.volunteers,
        "log": draw.log if draw else list(drawing.entries.order_by("position").values_list("entry", flat=True)),
    }
    if draw is None:
        body["replay_error"] = problem
    elif draw.selected and draw.next_slot() is None:
        states = services.inputs_of(drawing)
        result = json.loads(engine.result_to_json(draw.result(), states))
        body.update(year_groups=result["year_groups"], assignments=result["assignments"])
    response = HttpResponse(json.dumps(body, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="drawing-{session.pk}-log.json"'
    return response
