"""Every write of a drawing of lots: open, select, pick, redraw, confirm.

The engine (lots.engine) is pure and deterministic; this module keeps its log in the
database, one row per step, so that a session survives restarts and anyone can
replay it from the seed and the ordered inputs.
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
from .selectors import DrawInputError, draw_inputs


class DrawingRefused(Exception):
    """A step of the drawing that cannot be taken; the message is for the meeting room."""


def _inputs_of(session: DrawingSession) -> list[engine.StateInput]:
    return [engine.StateInput(**{**s, "instruments": frozenset(s["instruments"])}) for s in session.inputs]


# The live draw of an open session, kept between requests of the same process;
# anything else is rebuilt by replaying the stored log (deterministic, so equal).
_live: dict[int, engine.LiveDraw] = {}


def live_draw(session: DrawingSession) -> engine.LiveDraw:
    log = list(session.entries.order_by("position").values_list("entry", flat=True))
    cached = _live.get(session.pk)
    if cached is not None and cached.log == log:
        return cached
    draw = engine.LiveDraw.replay(_inputs_of(session), session.seed, session.volunteers, log)
    _live[session.pk] = draw
    return draw


def _append(session: DrawingSession, draw: engine.LiveDraw, before: int, user) -> None:
    LogEntry.objects.bulk_create(
        [
            LogEntry(session=session, position=position, entry=entry, recorded_by=user)
            for position, entry in enumerate(draw.log[before:], start=before)
        ]
    )
    _live[session.pk] = draw


@transaction.atomic
def open_session(*, meeting: str, meeting_date: dt.date, seed: str, opened_by) -> DrawingSession:
    """Freeze the ordered inputs under an announced seed; refuse a world with no solution."""
    try:
        states, volunteers = draw_inputs()
        draw = engine.LiveDraw(states, seed, volunteers)
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
    _append(session, draw, 0, opened_by)  # the start: procedure, seed, digest of the inputs
    return session


def _locked(session: DrawingSession) -> DrawingSession:
    # atomic: one step at a time per session, even with two officers clicking
    session = DrawingSession.objects.select_for_update().get(pk=session.pk)
    if session.status in (SessionStatus.CONFIRMED, SessionStatus.ABANDONED):
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
        recorded_by=user,
    )


@transaction.atomic
def confirm_session(*, session: DrawingSession, user) -> int:
    """Turn the results into the reviewing assignments used for all four phases (P 28)."""
    session = _locked(session)
    draw = live_draw(session)
    if session.status != SessionStatus.SELECTION or draw.next_slot() is not None:
        raise DrawingRefused(_("Every pick must be drawn before the drawing is confirmed."))
    if DrawingSession.objects.filter(status=SessionStatus.CONFIRMED).exists():
        raise DrawingRefused(_("A drawing is already confirmed for this review process."))
    result = draw.run_all()
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
