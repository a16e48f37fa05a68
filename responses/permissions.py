"""Who may read and write a State's response — the only place in this app that talks to django-guardian.

- A draft is the State's own: its focal point, experts, contributors and observers read it;
  the secretariat and the reviewing States do not (docs/rules.md, P 41).
- A submission (a snapshot) is read also by the reviewing States' focal points and experts
  and by the secretariat.
- The focal point opens, assigns, reuses and submits; a contributor or expert drafts only the
  sections given to them (P 22): a guardian permission on the section.
- The secretariat reopens on the State's request and changes the agreed deadline.
- Any other State reads a submission, or the sections of it, that the State released to the
  States parties (P 41) or made public (P 42): disclosure.selectors answers which.
"""

from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from disclosure import selectors as disclosure
from disclosure.enums import Material
from lots import selectors as lots
from sherloc.accounts.permissions import (
    acting_state_ids,
    can_coordinate,
    can_view_state_material,
    is_secretariat,
)

from .enums import ResponseStatus

DRAFT_SECTION = "responses.draft_section"


def can_open(user, state) -> bool:
    return can_coordinate(user, state)


def can_view_draft(user, response) -> bool:
    return can_view_state_material(user, response.state)


def reviewing_state_ids(user) -> list[int]:
    """The States under review that a State the user acts for reviews (P 28)."""
    acting = acting_state_ids(user)
    if not acting:
        return []
    return sorted(lots.states_reviewed_by(acting))


def reviews_the_state(user, state) -> bool:
    """The user acts for a State drawn to review this one (P 28)."""
    return state.pk in reviewing_state_ids(user)


def disclosed_instruments(user, response) -> frozenset[str] | None:
    """The instruments of a State's submissions this user reads by the State's own decision (P 41, P 42):
    None for all of them, else those sections (often none). Signed out: what the State made public."""
    parts = disclosure.parts_open_to(
        user, state_id=response.state_id, phase_id=response.phase_id, material=Material.RESPONSES
    )
    return None if disclosure.WHOLE in parts else frozenset(parts)


def can_view_submissions(user, response) -> bool:
    if can_view_draft(user, response) or is_secretariat(user) or reviews_the_state(user, response.state):
        return True
    return disclosed_instruments(user, response) != frozenset()


def readable_instruments(user, response) -> frozenset[str] | None:
    """The instruments of a submission this user reads: None for all of them (the State itself, the
    secretariat); for a reviewing State, those it was drawn to review (P 28: an additional reviewer
    covers "only those instruments"); and whatever the State disclosed to the user's State (P 41, P 42).
    Call after can_view_submissions."""
    if can_view_draft(user, response) or is_secretariat(user):
        return None
    acting = acting_state_ids(user)
    covers = lots.reviewers_of(response.state_id)
    reviewed = frozenset().union(*(c.instruments for state_id, c in covers.items() if state_id in acting))
    disclosed = disclosed_instruments(user, response)
    return None if disclosed is None else reviewed | disclosed


def reads_whole_submission(user, response, sections, instruments=...) -> bool:
    """Whether the user reads every section (and so the PDF); `instruments` when already read."""
    if instruments is ...:
        instruments = readable_instruments(user, response)
    return instruments is None or all(s["instrument"] in instruments for s in sections)


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


def can_reopen(user, response=None) -> bool:
    """The secretariat reopens a submitted response, on the State's request (P 19)."""
    return is_secretariat(user) and (response is None or response.status == ResponseStatus.SUBMITTED)


def can_change_deadline(user) -> bool:
    return is_secretariat(user)


def grant_drafting(section, user) -> None:
    assign_perm(DRAFT_SECTION, user, section)


def revoke_drafting(section, user) -> None:
    remove_perm(DRAFT_SECTION, user, section)
