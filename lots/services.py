"""Every write of a drawing of lots: open, select, pick, redraw, confirm, and take up at a later meeting.

The engine (lots.engine) is pure and deterministic; this module keeps its log in the
database, one row per step, so that a session survives restarts and anyone can
replay it from the seed and the ordered inputs. A later meeting (P 28) writes on in
the log of the drawing it takes up.
"""

import datetime as dt
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sherloc.registry.models import State

from . import engine
from .enums import SessionStatus
from .models import DrawingSession, LogEntry, RedrawRequest, ReviewingAssignment, YearGroupPlacement
from .selectors import DrawInputError, draw_inputs, draw_rules


class DrawingRefused(Exception):
    """A step of the drawing that cannot be taken; the message is for the meeting room."""


def inputs_of(session: DrawingSession) -> list[engine.StateInput]:
    return [engine.StateInput(**{**s, "instruments": frozenset(s["instruments"])}) for s in session.inputs]


# The live draw of an open session, kept between requests of the same process;
# anything else is rebuilt by replaying the stored log (deterministic, so equal).
_live: dict[int, engine.LiveDraw] = {}


def live_draw(session: DrawingSession) -> engine.LiveDraw:
    """The drawing as its stored log leaves it (a later meeting's: the log of the drawing it takes up)."""
    drawing = session.drawing
    log = list(drawing.entries.order_by("position").values_list("entry", flat=True))
    cached = _live.get(drawing.pk)
    if cached is not None and cached.log == log:
        return cached
    # the figures (rules) are those of the log's start, or those of the time for an older log
    draw = engine.LiveDraw.replay(inputs_of(drawing), drawing.seed, drawing.volunteers, log)
    _live[drawing.pk] = draw
    return draw


def _append(session: DrawingSession, draw: engine.LiveDraw, before: int, user) -> None:
    drawing = session.drawing
    LogEntry.objects.bulk_create(
        [
            LogEntry(session=drawing, position=position, entry=entry, recorded_by=user)
            for position, entry in enumerate(draw.log[before:], start=before)
        ]
    )
    _live[drawing.pk] = draw


@transaction.atomic
def open_session(*, meeting: str, meeting_date: dt.date, seed: str, opened_by) -> DrawingSession:
    """Freeze the ordered inputs under an announced seed; refuse a world with no solution."""
    try:
        states, volunteers = draw_inputs()
        draw = engine.LiveDraw(states, seed, volunteers, draw_rules())
    except (DrawInputError, engine.DrawError) as error:
        raise DrawingRefused(str(error)) from None
    inputs = [{**asdict(s), "instruments": sorted(s.instruments)} for s in states]
    session = DrawingSession.objects.create(
        meeting=meeting,
        meeting_date=meeting_date,
        seed=draw.seed,
        inputs=inputs,
        volunteers=volunteers,
        opened_by=opened_by,
    )
    _append(session, draw, 0, opened_by)  # the start: procedure, seed, rules, digest of the inputs
    return session


def _locked(session: DrawingSession) -> DrawingSession:
    # atomic: one step at a time per drawing, even with two officers clicking; a later meeting
    # writes in its drawing's log, so the drawing's row is held too (always in the same order)
    ids = {session.pk, session.continues_id or session.pk}
    rows = {s.pk: s for s in DrawingSession.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    session = rows[session.pk]
    if session.status in SessionStatus.closed():
        raise DrawingRefused(_("This drawing is closed."))
    return session


@transaction.atomic
def run_selection(*, session: DrawingSession, user) -> dict[int, list[str]]:
    session = _locked(session)
    if session.status != SessionStatus.OPEN:
        raise DrawingRefused(_("The year groups are already drawn."))
    draw = live_draw(session)
    before = len(draw.log)
    groups = draw.run_selection()
    _append(session, draw, before, user)
    session.status = SessionStatus.SELECTION
    session.save(update_fields=["status"])
    return groups


@transaction.atomic
def draw_next(*, session: DrawingSession, user) -> engine.Pick | None:
    session = _locked(session)
    if session.status != SessionStatus.SELECTION:
        raise DrawingRefused(_("Draw the year groups first."))
    draw = live_draw(session)
    if draw.next_slot() is None:
        return None
    before = len(draw.log)
    pick = draw.pick_next()
    _append(session, draw, before, user)
    return pick


@transaction.atomic
def draw_remaining(*, session: DrawingSession, user) -> int:
    """Every pick still to be drawn, in one go (for a rehearsal or the demo world); returns how many."""
    session = _locked(session)
    if session.status != SessionStatus.SELECTION:
        raise DrawingRefused(_("Draw the year groups first."))
    draw = live_draw(session)
    before = len(draw.log)
    count = 0
    while draw.next_slot() is not None:
        draw.pick_next()
        count += 1
    _append(session, draw, before, user)
    return count


@transaction.atomic
def request_redraw(
    *,
    session: DrawingSession,
    under_review: State,
    reviewer: State,
    requested_by: State,
    user,
    exceptional_reason: str = "",
    deferred_to: str = "",
) -> RedrawRequest:
    """P 28: at most two redraws per requesting State; more only by a recorded exceptional decision."""
    session = _locked(session)
    if requested_by not in (under_review, reviewer):
        raise DrawingRefused(_("Only the State under review or the reviewing State may request a redraw."))
    draw = live_draw(session)
    before = len(draw.log)
    try:
        pick = draw.redraw(
            under_review=under_review.code,
            reviewer=reviewer.code,
            requested_by=requested_by.code,
            exceptional_reason=exceptional_reason or None,
            defer=bool(deferred_to),
        )
    except (engine.RedrawRefused, engine.DrawError) as error:
        raise DrawingRefused(str(error)) from None
    _append(session, draw, before, user)
    return RedrawRequest.objects.create(
        session=session,
        under_review=under_review,
        reviewer=reviewer,
        requested_by=requested_by,
        exceptional_reason=exceptional_reason,
        deferred_to=deferred_to,
        new_reviewer=State.objects.get(code=pick.reviewer) if pick is not None else None,
        step=len(draw.log) - 1,
        recorded_by=user,
    )


@transaction.atomic
def open_later_meeting(*, drawing: DrawingSession, meeting: str, meeting_date: dt.date, opened_by) -> DrawingSession:
    """P 28: take up the confirmed drawing at a subsequent intersessional meeting.

    The later meeting writes on in the drawing's log, from the same seed and inputs; the
    redraws deferred to it are carried out there (:func:`carry_out_redraw`), and the
    reviewing assignments change only when it is confirmed.
    """
    drawing = DrawingSession.objects.select_for_update().get(pk=drawing.pk)
    if drawing.continues_id is not None or drawing.status != SessionStatus.CONFIRMED:
        raise DrawingRefused(_("Only the confirmed drawing is taken up at a later meeting."))
    if drawing.later_meetings.exclude(status__in=SessionStatus.closed()).exists():
        raise DrawingRefused(_("A later meeting of this drawing is open: confirm its redraws first."))
    draw = live_draw(drawing)
    before = len(draw.log)
    if not draw.confirmed:  # confirmed before the confirmation was written in the log: write it now
        draw.confirm()
    draw.resume(meeting=meeting, date=meeting_date.isoformat())
    later = DrawingSession.objects.create(
        meeting=meeting,
        meeting_date=meeting_date,
        seed=drawing.seed,
        inputs=drawing.inputs,
        volunteers=drawing.volunteers,
        status=SessionStatus.SELECTION,
        continues=drawing,
        resume_step=len(draw.log) - 1,
        opened_by=opened_by,
    )
    _append(later, draw, before, opened_by)
    return later


@transaction.atomic
def carry_out_redraw(*, session: DrawingSession, request: RedrawRequest, user) -> RedrawRequest:
    """Carry out at a later meeting a redraw deferred to it (P 28); it was counted when it was made."""
    session = _locked(session)
    if session.continues_id is None:
        raise DrawingRefused(_("A deferred redraw is carried out at a later intersessional meeting."))
    request = RedrawRequest.objects.select_for_update().select_related("session").get(pk=request.pk)
    if session.continues_id not in (request.session_id, request.session.continues_id):
        raise DrawingRefused(_("This request belongs to another drawing."))
    if not request.awaits_later_meeting or request.step is None:
        raise DrawingRefused(_("This request is not waiting for a later meeting."))
    draw = live_draw(session)
    before = len(draw.log)
    try:
        pick = draw.carry_out(request.step)
    except engine.RedrawRefused as error:
        raise DrawingRefused(str(error)) from None
    _append(session, draw, before, user)
    request.carried_out_in = session
    request.new_reviewer = State.objects.get(code=pick.reviewer)
    request.save(update_fields=["carried_out_in", "new_reviewer"])
    return request


@transaction.atomic
def confirm_session(*, session: DrawingSession, user) -> int:
    """Turn the results into the reviewing assignments used for all four phases (P 28).

    At a later meeting: the assignments its redraws changed; returns how many rows changed.
    """
    session = _locked(session)
    draw = live_draw(session)
    if session.status != SessionStatus.SELECTION or draw.next_slot() is not None:
        raise DrawingRefused(_("Every pick must be drawn before the drawing is confirmed."))
    if session.continues_id is not None:
        return _conclude_later_meeting(session, draw, user)
    if DrawingSession.objects.filter(status=SessionStatus.CONFIRMED).exists():
        raise DrawingRefused(_("A drawing is already confirmed for this review process."))
    before = len(draw.log)
    draw.confirm()
    _append(session, draw, before, user)
    result = draw.result()
    states = {s.code: s for s in State.objects.filter(code__in=[s["code"] for s in session.inputs])}
    YearGroupPlacement.objects.bulk_create(
        [
            YearGroupPlacement(session=session, state=states[code], year=int(year))
            for year, codes in result.year_groups.items()
            for code in codes
        ]
    )
    rows = [
        ReviewingAssignment(
            session=session,
            under_review=states[a.under_review],
            reviewer=states[r.state],
            role=r.role,
            instruments=list(r.instruments),
        )
        for a in result.assignments
        for r in a.reviewers
    ]
    ReviewingAssignment.objects.bulk_create(rows)
    session.status = SessionStatus.CONFIRMED
    session.confirmed_by = user
    session.confirmed_at = timezone.now()
    session.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return len(rows)


def _conclude_later_meeting(session: DrawingSession, draw: engine.LiveDraw, user) -> int:
    drawing = session.continues
    before = len(draw.log)
    draw.confirm()
    _append(session, draw, before, user)
    wanted = {
        (a.under_review, r.state): (r.role, list(r.instruments)) for a in draw.result().assignments for r in a.reviewers
    }
    current = {
        (a.under_review.code, a.reviewer.code): a
        for a in ReviewingAssignment.objects.filter(session=drawing).select_related("under_review", "reviewer")
    }
    gone = [a.pk for key, a in current.items() if key not in wanted]
    ReviewingAssignment.objects.filter(pk__in=gone).delete()  # first: one row per pair of States
    states = {s.code: s for s in State.objects.filter(code__in={code for pair in wanted for code in pair})}
    changed = len(gone)
    for (under_review, reviewer), (role, instruments) in wanted.items():
        row = current.get((under_review, reviewer))
        if row is None:
            ReviewingAssignment.objects.create(
                session=drawing,
                under_review=states[under_review],
                reviewer=states[reviewer],
                role=role,
                instruments=instruments,
            )
            changed += 1
        elif (row.role, row.instruments) != (role, instruments):
            row.role, row.instruments = role, instruments
            row.save(update_fields=["role", "instruments"])
            changed += 1
    session.status = SessionStatus.CONCLUDED
    session.confirmed_by = user
    session.confirmed_at = timezone.now()
    session.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return changed
