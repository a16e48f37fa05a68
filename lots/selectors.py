"""The inputs of a draw, read from the registry, and the results as users see them."""

from sherloc.registry.models import Instrument, TreatyStatus
from sherloc.registry.selectors import parties_to, states_with_status

from .engine import StateInput
from .models import ReviewingAssignment, Volunteer, VolunteeringSignatory, YearGroupPlacement

REVIEWED_INSTRUMENTS = ["UNTOC", "TIP", "SOM", "FIREARMS"]
ALL_INSTRUMENTS = [*REVIEWED_INSTRUMENTS, "UNCAC"]


class DrawInputError(Exception):
    """The registry cannot feed a draw; the message names what is missing and where."""


def draw_inputs() -> tuple[list[StateInput], dict[str, int]]:
    """Every State subject to review (and volunteering signatories, P 51), sorted by code."""
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
        inputs.append(
            StateInput(
                code=state.code,
                region=state.group_for_review,
                legal_system=state.legal_system,
                instruments=frozenset(parties & set(REVIEWED_INSTRUMENTS)),
                uncac_party="UNCAC" in parties,
                can_review=not signatory or "UNTOC" in parties,
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
