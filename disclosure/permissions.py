"""Who decides and who sees the decisions on a State's material (P 36, P 41, P 42).

- The State decides, through its focal point (P 17): release its responses to the States parties,
  grant or decline another State's request, make material public and withdraw it, ask the
  secretariat to use its information in public pages.
- Another State party asks through its own focal point.
- The State's own users and the secretariat see the decisions; the secretariat acknowledges the
  requests for public use (P 36) and decides nothing in the State's place.
"""

from sherloc.accounts.permissions import (
    can_coordinate,
    can_view_state_material,
    coordinated_state_ids,
    is_secretariat,
)


def may_decide(user, state) -> bool:
    return can_coordinate(user, state)


def may_see_decisions(user, state) -> bool:
    return can_view_state_material(user, state) or is_secretariat(user)


def requesting_state_ids(user) -> frozenset[int]:
    """The States on whose behalf this user may ask another State to share its dialogue or documentation: those
    it is the focal point of (P 17). disclosure.services refuses a State asking itself."""
    return coordinated_state_ids(user)


def may_acknowledge_public_use(user) -> bool:
    return is_secretariat(user)


def may_see_all_decisions(user) -> bool:
    return is_secretariat(user)
