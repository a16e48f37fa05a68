"""Who reads the access log (docs/access-policy.md): the secretariat all of it; a State's focal point the
entries about its own State's material. Anyone else is answered 404."""

from sherloc.accounts.permissions import coordinated_state_ids, is_secretariat


def may_search_log(user) -> bool:
    return is_secretariat(user)


def may_see_state_log(user, state) -> bool:
    """The focal point of `state` (P 17), or the secretariat."""
    return user.is_authenticated and (is_secretariat(user) or state.pk in coordinated_state_ids(user))
