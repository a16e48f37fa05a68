"""Reads about people and roles."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from sherloc.registry.models import State

from .enums import DutyStation, Role
from .models import Membership, PermanentRepresentative


@dataclass(frozen=True)
class Recipient:
    """Who receives a State's communications, and in what capacity."""

    name: str
    email: str
    capacity: str  # "focal_point" or "temporary_focal_point"
    duty_station: str = ""

    @property
    def temporary(self) -> bool:
        return self.capacity == "temporary_focal_point"


STATION_ORDER = [DutyStation.VIENNA, DutyStation.GENEVA, DutyStation.NEW_YORK]


def communications_recipient(state: State) -> Recipient | None:
    """P 17: the focal point; without one, the permanent representative in Vienna, else Geneva,
    else New York, as temporary focal point. None when the State has none of them."""
    focal = (
        Membership.objects.active()
        .filter(state=state, role=Role.FOCAL_POINT, user__is_active=True)
        .select_related("user")
        .first()
    )
    if focal is not None:
        return Recipient(name=str(focal.user), email=focal.user.email, capacity="focal_point")
    representatives = {r.duty_station: r for r in PermanentRepresentative.objects.filter(state=state)}
    for station in STATION_ORDER:
        if station in representatives:
            r = representatives[station]
            return Recipient(name=r.name, email=r.email, capacity="temporary_focal_point", duty_station=station)
    return None


def people_acting_for(state_ids) -> list:
    """The active focal points and governmental experts of these States (P 17, P 27): who may act
    for them. The domain apps still ask their permissions before telling them anything."""
    memberships = Membership.objects.active().filter(
        state_id__in=list(state_ids), role__in=[Role.FOCAL_POINT, Role.GOVERNMENTAL_EXPERT], user__is_active=True
    )
    return list(get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))


def focal_point_users(state_ids) -> list:
    """The active focal points of these States (P 17), as portal accounts. A State without one
    has no account to tell: its temporary focal point is reached by e-mail (reminders)."""
    memberships = Membership.objects.active().filter(
        state_id__in=list(state_ids), role=Role.FOCAL_POINT, user__is_active=True
    )
    return list(get_user_model().objects.filter(pk__in=memberships.values("user_id")).order_by("pk"))


def directory(state: State | None = None):
    """Focal points and governmental experts, by State in alphabetical order."""
    memberships = (
        Membership.objects.active()
        .filter(role__in=[Role.FOCAL_POINT, Role.GOVERNMENTAL_EXPERT], user__is_active=True)
        .select_related("user", "state", "instrument")
        .order_by("state__name", "role", "instrument__position", "user__last_name", "user__first_name")
    )
    if state is not None:
        memberships = memberships.filter(state=state)
    return memberships


def states_of(user) -> list[State]:
    """The States a user acts for, alphabetical."""
    if not user.is_authenticated:
        return []
    ids = user.memberships.active().filter(state__isnull=False).values_list("state_id", flat=True)
    return list(State.objects.filter(pk__in=ids).order_by("name"))
