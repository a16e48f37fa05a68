"""Who may run a drawing and who sees its results."""

from sherloc.accounts.permissions import can_view_state_material, is_secretariat


def can_run_drawing(user) -> bool:
    return is_secretariat(user)


def can_view_session(user, session) -> bool:
    """The secretariat follows a session live; a draw is public once confirmed, but the portal
    shows each State's result to its own users only (the list of pairs is the secretariat's)."""
    return is_secretariat(user)


def can_view_results_of(user, state) -> bool:
    return is_secretariat(user) or can_view_state_material(user, state)
