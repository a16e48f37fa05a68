"""Phases (P 8–10, P 9): opening a review phase for a group of P 16, and reviews added later (P 51)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import selectors as lots
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.registry.models import MechanismSettings, State, WorkplanPhase

from .. import permissions
from ..enums import AdvancementBasis, DeadlineKind
from ..models import CountryReview, Deadline, PhaseAdvancement
from ..selectors import advancement_of
from .core import ReviewRefused


@transaction.atomic
def open_phase(
    *, phase: WorkplanPhase, year_group: int, by, decision_reference: str = "", decision_note: str = ""
) -> PhaseAdvancement:
    """Open a review phase for one group of P 16 and schedule one review per State of the group (P 10, P 25).

    After the first review phase, the group must have completed the threshold share of the
    reviews foreseen at the start of its previous phase, unless the Conference decided otherwise (P 9).
    """
    if not permissions.may_open_phases(by):
        raise ReviewRefused(_("Only the secretariat opens review phases."))
    if phase.cluster_id is None:
        raise ReviewRefused(_("The preparatory phase has no country reviews."))
    if PhaseAdvancement.objects.filter(phase=phase, year_group=year_group).exists():
        raise ReviewRefused(_("This phase is already open for group %(group)s.") % {"group": year_group})
    previous = WorkplanPhase.objects.filter(number__lt=phase.number, cluster__isnull=False).order_by("-number").first()
    basis, status = AdvancementBasis.FIRST_PHASE, None
    if previous is not None:
        if not PhaseAdvancement.objects.filter(phase=previous, year_group=year_group).exists():
            raise ReviewRefused(
                _("Open “%(previous)s” for group %(group)s first.") % {"previous": previous, "group": year_group}
            )
        status = advancement_of(phase=previous, year_group=year_group)
        if decision_reference.strip():
            basis = AdvancementBasis.CONFERENCE_DECISION
        elif status["reached"]:
            basis = AdvancementBasis.THRESHOLD
        else:
            raise ReviewRefused(
                _(
                    "Group %(group)s has completed %(percent)s%% of the reviews foreseen in “%(previous)s”; "
                    "the next phase opens at %(threshold)s%% or by a decision of the Conference (P 9)."
                )
                % {"group": year_group, "percent": status["percent"], "previous": previous, **status}
            )
    states = State.objects.filter(pk__in=lots.state_ids_in_year_group(year_group), subject_to_review=True).order_by(
        "name"
    )
    now = timezone.now()
    advancement = PhaseAdvancement.objects.create(
        phase=phase,
        year_group=year_group,
        basis=basis,
        completed_percent=status["percent"] if status else None,
        threshold_percent=status["threshold"] if status else None,
        decision_reference=decision_reference.strip(),
        decision_note=decision_note,
        opened_by=by,
        opened_at=now,
    )
    reviews = CountryReview.objects.bulk_create(
        CountryReview(
            state=state, phase=phase, year_group=year_group, scheduled_at=now, status_changed_at=now, foreseen=True
        )
        for state in states
    )
    _appointment_deadlines(reviews, by=by, at=now)
    return advancement


def _appointment_deadlines(reviews: list[CountryReview], *, by, at) -> None:
    """The State appoints its focal point and its governmental experts within the days the secretariat
    set after the start of its review (Mechanism settings); already met where they are appointed."""
    rules = MechanismSettings.current()
    today = timezone.localdate(at)
    states = {r.state_id for r in reviews}
    appointed = {
        (m["state_id"], m["role"])
        for m in Membership.objects.active()
        .filter(state_id__in=states, role__in=[Role.FOCAL_POINT, Role.GOVERNMENTAL_EXPERT], user__is_active=True)
        .values("state_id", "role")
    }
    Deadline.objects.bulk_create(
        Deadline(
            review=review,
            kind=kind,
            due=today + dt.timedelta(days=days),
            agreed_at=at,
            agreed_by=by,
            met_at=at if (review.state_id, role) in appointed else None,
        )
        for review in reviews
        for kind, role, days in (
            (DeadlineKind.FOCAL_POINT, Role.FOCAL_POINT, rules.focal_point_appointment_days),
            (DeadlineKind.EXPERTS, Role.GOVERNMENTAL_EXPERT, rules.experts_appointment_days),
        )
    )


def schedule_review(*, state: State, phase: WorkplanPhase, by, foreseen: bool = False) -> CountryReview:
    """A review added after its phase opened (a volunteering signatory, P 51): not foreseen, so
    it does not change the share of P 9."""
    if not permissions.may_open_phases(by):
        raise ReviewRefused(_("Only the secretariat schedules reviews."))
    year = lots.year_group_of(state.pk)
    if year is None:
        raise ReviewRefused(_("%(state)s is in no group of the drawing of lots (P 16).") % {"state": state})
    now = timezone.now()
    try:
        with transaction.atomic():
            review = CountryReview.objects.create(
                state=state,
                phase=phase,
                year_group=year,
                foreseen=foreseen,
                scheduled_at=now,
                status_changed_at=now,
            )
            _appointment_deadlines([review], by=by, at=now)
            return review
    except IntegrityError:
        raise ReviewRefused(_("%(state)s already has a review in this phase.") % {"state": state}) from None
