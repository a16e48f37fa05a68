"""What a State has disclosed, and to whom: the one answer responses and reviews ask before they show another
State's material to anyone who is not a party to its review (P 41, P 42)."""

from django.db.models import Q

from sherloc.accounts.permissions import member_state_ids

from .enums import Audience, Material
from .models import Disclosure, DisclosureRequest, PublicUseRequest

WHOLE = ""


def _open_to(state_ids: frozenset[int]) -> Q:
    audience = Q(audience=Audience.PUBLIC)
    if state_ids:
        audience |= Q(audience=Audience.STATES_PARTIES) | Q(audience=Audience.STATE, to_state_id__in=state_ids)
    return audience


def parts_open_to(user, *, state_id: int, phase_id: int, material: str) -> frozenset[str]:
    """The parts of one State's material of one phase that this user may read by the State's decision: WHOLE
    ("") for all of it. The public's parts for everyone, signed in or not; the States parties' for a user holding
    a State role (P 41); one State's for its users (P 41, on request)."""
    viewer = member_state_ids(user)
    rows = Disclosure.objects.in_force().filter(
        _open_to(viewer), state_id=state_id, phase_id=phase_id, material=material
    )
    return frozenset(rows.values_list("part", flat=True))


def covers(parts: frozenset[str], part: str) -> bool:
    return WHOLE in parts or part in parts


def public_material():
    """Everything made public (P 42), alphabetical by State (P 3(b))."""
    return (
        Disclosure.objects.in_force()
        .filter(audience=Audience.PUBLIC)
        .select_related("state", "phase")
        .order_by("state__name", "phase__number", "material", "part")
    )


def shared_with(user):
    """Material other States disclosed to the States this user holds a role for, or to all States parties."""
    viewer = member_state_ids(user)
    if not viewer:
        return Disclosure.objects.none()
    return (
        Disclosure.objects.in_force()
        .filter(Q(audience=Audience.STATES_PARTIES) | Q(audience=Audience.STATE, to_state_id__in=viewer))
        .exclude(state_id__in=viewer)
        .select_related("state", "phase", "to_state")
        .order_by("state__name", "phase__number", "material", "part")
    )


def decisions_of(state):
    return Disclosure.objects.filter(state=state).select_related(
        "phase", "to_state", "decided_by", "withdrawn_by", "request"
    )


def requests_to(state):
    return DisclosureRequest.objects.filter(state=state).select_related(
        "phase", "requesting_state", "requested_by", "decided_by"
    )


def requests_by(state_ids):
    return DisclosureRequest.objects.filter(requesting_state_id__in=state_ids).select_related(
        "state", "phase", "requesting_state", "decided_by"
    )


def public_use_requests(state=None):
    rows = PublicUseRequest.objects.select_related("state", "phase", "requested_by", "acknowledged_by")
    return rows.filter(state=state) if state is not None else rows.order_by("state__name", "-requested_at")


MATERIALS_ON_REQUEST = [Material.DIALOGUE, Material.DOCUMENTATION]
