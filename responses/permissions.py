"""Who may read and write a State's response — the only place in this app that talks to django-guardian.

- A draft is the State's own: its focal point, experts, contributors and observers read it;
  the secretariat and the reviewing States do not (SPEC §7).
- A submission (a snapshot) is read also by the reviewing States' focal points and experts
  and by the secretariat.
- The focal point opens, assigns, reuses and submits; a contributor or expert drafts only the
  sections given to them (P 22): a guardian permission on the section.
- The secretariat reopens on the State's request and changes the agreed deadline.
"""

from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from sherloc.accounts.permissions import can_coordinate, can_view_state_material, is_secretariat
from sherloc.registry.models import State

from .enums import ResponseStatus

DRAFT_SECTION = "responses.draft_section"


def can_open(user, state) -> bool:
    return can_coordinate(user, state)


def can_view_draft(user, response) -> bool:
    return can_view_state_material(user, response.state)


def reviews_the_state(user, state) -> bool:
    """The user acts for a State drawn to review this one (P 28)."""
    if not user.is_authenticated:
        return False
    reviewers = State.objects.filter(reviews__under_review=state)
    return get_objects_for_user(user, "registry.act_for_state", klass=reviewers, accept_global_perms=False).exists()


def reviewing_state_ids(user) -> list[int]:
    """The States under review that a State the user acts for reviews."""
    acting = get_objects_for_user(user, "registry.act_for_state", klass=State, accept_global_perms=False)
    return list(State.objects.filter(reviewed_by__reviewer__in=acting).values_list("pk", flat=True))


def can_view_submissions(user, response) -> bool:
    return can_view_draft(user, response) or is_secretariat(user) or reviews_the_state(user, response.state)


def can_manage(user, response) -> bool:
    """Assign sections, reuse earlier answers, submit: the focal point, while drafting."""
    return response.status == ResponseStatus.DRAFTING and can_coordinate(user, response.state)


def can_draft(user, section, response=None) -> bool:
    response = response or section.response
    if response.status != ResponseStatus.DRAFTING or not user.is_authenticated:
        return False
    return can_coordinate(user, response.state) or user.has_perm(DRAFT_SECTION, section)


def drafting_section_ids(user, response) -> set[int]:
    """The sections of a response this user may write, in one query."""
    if response.status != ResponseStatus.DRAFTING or not user.is_authenticated:
        return set()
    sections = response.sections.all()
    if can_coordinate(user, response.state):
        return set(sections.values_list("pk", flat=True))
    granted = get_objects_for_user(user, DRAFT_SECTION, klass=sections, accept_global_perms=False)
    return set(granted.values_list("pk", flat=True))


def coordinated_state_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    states = get_objects_for_user(user, "registry.coordinate_state", klass=State, accept_global_perms=False)
    return list(states.values_list("pk", flat=True))


def can_reopen(user) -> bool:
    return is_secretariat(user)


def can_change_deadline(user) -> bool:
    return is_secretariat(user)


def grant_drafting(section, user) -> None:
    assign_perm(DRAFT_SECTION, user, section)


def revoke_drafting(section, user) -> None:
    remove_perm(DRAFT_SECTION, user, section)
