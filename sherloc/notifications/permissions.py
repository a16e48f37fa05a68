"""Who may do what with notices. Whether a user may *see* what a notice is about is answered by
the domain app that sends it (reviews.permissions, responses.permissions) before it does."""

from sherloc.accounts.permissions import is_secretariat


def may_follow(user) -> bool:
    """The secretariat sees every review and is kept abreast of all communications (P 32)."""
    return is_secretariat(user)


def may_set_delivery(user) -> bool:
    return user.is_authenticated
