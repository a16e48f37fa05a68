"""The inputs of a draw, read from the registry, and the results as users see them."""

from dataclasses import dataclass

from django.db.models import Q

from sherloc.registry.enums import TreatyStatusKind
from sherloc.registry.models import Instrument, MechanismSettings, TreatyStatus
from sherloc.registry.selectors import parties_to, states_with_status

from .engine import DrawError, Rules, StateInput
from .enums import SessionStatus
from .models import (
    DrawingSession,
    RedrawRequest,
    ReviewingAssignment,
    Volunteer,
    VolunteeringSignatory,
    YearGroupPlacement,
)

REVIEWED_INSTRUMENTS = ["UNTOC", "TIP", "SOM", "FIREARMS"]
ALL_INSTRUMENTS = [*REVIEWED_INSTRUMENTS, "UNCAC"]


class DrawInputError(Exception):
    """The registry cannot feed a draw; the message names what is missing and where."""


def draw_inputs() -> tuple[list[StateInput], dict[str, int]]:
    """Every State subject to review (and volunteering signatories, P 51), sorted by code.

    A volunteering signatory is reviewed for the instruments it signed (P 51); one that
    signed none of them is refused, naming the paragraph.
    """
    signatories = set(VolunteeringSignatory.objects.values_list("state__code", flat=True))
    instruments = set(Instrument.objects.filter(code__in=ALL_INSTRUMENTS).values_list("code", flat=True))
    missing_instruments = sorted(set(ALL_INSTRUMENTS) - instruments)
    if missing_instruments:
        raise DrawInputError(f"The registry has no instrument {', '.join(missing_instruments)}: run load_reference.")
    problems = []
    inputs = []
    for state in states_with_status().filter(subject_to_review=True).order_by("code"):
        parties = parties_to(state)
        signatory = state.code in signatories
        if "UNTOC" not in parties and not signatory:
            continue
        known = {s.instrument.code for s in state.current_statuses}
        lacking = [code for code in ALL_INSTRUMENTS if code not in known]
        if lacking:
            problems.append(f"{state.code} has no treaty status for {', '.join(lacking)}")
        if not state.group_for_review:
            problems.append(f"{state.code} ({state.name}) has no regional group for the review")
        can_review = not signatory or "UNTOC" in parties
        instruments = parties & set(REVIEWED_INSTRUMENTS)
        if not can_review:
            signed = {s.instrument.code for s in state.current_statuses if s.status == TreatyStatusKind.SIGNATORY}
            instruments |= signed & set(REVIEWED_INSTRUMENTS)
            if not instruments:
                problems.append(
                    f"{state.code} ({state.name}) is recorded as a volunteering signatory but has signed none of "
                    f"{', '.join(REVIEWED_INSTRUMENTS)}: a signatory is reviewed for the instruments it signed (P 51)"
                )
        inputs.append(
            StateInput(
                code=state.code,
                region=state.group_for_review,
                legal_system=state.legal_system,
                instruments=frozenset(instruments),
                uncac_party="UNCAC" in parties,
                can_review=can_review,
            )
        )
    if not inputs:
        problems.append("no State is subject to review: run load_reference")
    if problems:
        raise DrawInputError("The reference data cannot be drawn from: " + "; ".join(problems) + ".")
    volunteers = {
        v.state.code: v.max_reviews for v in Volunteer.objects.select_related("state").order_by("state__code")
    }
    return sorted(inputs, key=lambda s: s.code), volunteers


def draw_rules() -> Rules:
    """The figures of P 28 and P 29 as the secretariat keeps them in the Mechanism's settings."""
    settings = MechanismSettings.current()
    try:
        return Rules(
            min_reviews=settings.min_reviews,
            max_reviews=settings.max_reviews,
            redraws_per_state=settings.redraws_per_state,
        )
    except DrawError as error:
        raise DrawInputError(f"The Mechanism's settings cannot be drawn with: {error}") from None


def reviewed_from_voluntary_contributions() -> set[str]:
    """Codes of the volunteering signatories in the confirmed drawing: their costs are paid from
    voluntary contributions (P 51)."""
    drawing = DrawingSession.objects.filter(status=SessionStatus.CONFIRMED, continues__isnull=True).first()
    return {s["code"] for s in drawing.inputs if not s.get("can_review", True)} if drawing else set()


def redraw_requests_at(session: DrawingSession):
    """The redraw requests recorded at a session, and those a later meeting carried out."""
    return (
        RedrawRequest.objects.filter(Q(session=session) | Q(carried_out_in=session))
        .select_related("under_review", "reviewer", "requested_by", "new_reviewer", "carried_out_in")
        .order_by("recorded_at", "pk")
    )


def deferred_redraws(drawing: DrawingSession):
    """Requests of a drawing deferred to a later meeting and not yet carried out (P 28)."""
    return (
        RedrawRequest.objects.filter(Q(session=drawing) | Q(session__continues=drawing), carried_out_in__isnull=True)
        .exclude(deferred_to="")
        .select_related("under_review", "reviewer", "requested_by", "session")
        .order_by("recorded_at", "pk")
    )


def status_as_of() -> str:
    latest = TreatyStatus.objects.current().order_by("-as_of").values_list("as_of", flat=True).first()
    return latest.isoformat() if latest else ""


def assignments_of(state):
    """Whom a State reviews and who reviews it, from the confirmed drawing."""
    reviewers = (
        ReviewingAssignment.objects.filter(under_review=state)
        .select_related("reviewer")
        .order_by("role", "reviewer__name")
    )
    reviews = (
        ReviewingAssignment.objects.filter(reviewer=state).select_related("under_review").order_by("under_review__name")
    )
    placement = YearGroupPlacement.objects.filter(state=state).first()
    return {"reviewed_by": list(reviewers), "reviews": list(reviews), "year": placement.year if placement else None}


# The contract with the other apps: who reviews whom, for which instruments, in which year
# group (P 16, P 28). `reviews` and `responses` read the drawing through these functions only.


@dataclass(frozen=True)
class Cover:
    """One reviewing State of a State under review, and the instruments it covers (P 28)."""

    reviewer_id: int
    role: str
    instruments: frozenset[str]


def reviewers_of(state_id: int) -> dict[int, Cover]:
    """The reviewing States of a State, by id, with the instruments each covers (full or additional, P 28)."""
    return {
        a.reviewer_id: Cover(reviewer_id=a.reviewer_id, role=a.role, instruments=frozenset(a.instruments))
        for a in ReviewingAssignment.objects.filter(under_review_id=state_id).only("reviewer_id", "role", "instruments")
    }


def reviewing_assignments_of(state_id: int) -> list[ReviewingAssignment]:
    """The reviewing States of a State as shown on its review page: full reviewers first, alphabetical."""
    return list(
        ReviewingAssignment.objects.filter(under_review_id=state_id)
        .select_related("reviewer")
        .order_by("role", "reviewer__name")
    )


def states_reviewed_by(state_ids) -> set[int]:
    """The States that any of these States reviews."""
    return set(ReviewingAssignment.objects.filter(reviewer_id__in=state_ids).values_list("under_review_id", flat=True))


def year_group_of(state_id: int) -> int | None:
    """The year group of P 16 the State was drawn into, if any."""
    return YearGroupPlacement.objects.filter(state_id=state_id).values_list("year", flat=True).first()


def year_groups() -> list[int]:
    """The year groups of the confirmed drawing, in order."""
    return sorted(set(YearGroupPlacement.objects.values_list("year", flat=True)))


def state_ids_in_year_group(year: int) -> set[int]:
    return set(YearGroupPlacement.objects.filter(year=year).values_list("state_id", flat=True))


def the_confirmed_drawing() -> DrawingSession | None:
    """The drawing of lots whose outcome the review process follows, once confirmed."""
    return DrawingSession.objects.filter(status=SessionStatus.CONFIRMED).first()
