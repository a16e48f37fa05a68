"""Who may do what with a list of observations (P 37, P 39) and a final desk review report (P 38),
and when: each answer combines the user's part in the review (reviews.permissions.Participation)
with the stage of the review or of the report. Views, templates and services all ask here; the
truth tables in tests/observations/test_permissions.py check every policy.

Refusals are 404 in views: a list or report the user may not see is not found.
"""

from types import SimpleNamespace

from reviews.enums import ReviewStatus
from reviews.permissions import Participation, participation, party_ids
from sherloc.accounts.permissions import is_secretariat

__all__ = ["Participation", "participation", "report_participation"]


# Lists of observations (P 37, P 39) ----------------------------------------------------------------


def may_view_list(p: Participation, review) -> bool:
    """The parties of the review and the secretariat; everyone else is told nothing exists."""
    return p.may_view


def _open(review, lst) -> bool:
    return review.status == ReviewStatus.OBSERVATIONS and not (lst is not None and lst.is_final)


def may_edit_list(p: Participation, review, lst=None) -> bool:
    """P 37: the reviewing States' experts (and focal points) draft it with the secretariat, while the
    review is at the stage "list of observations" and the list is not final."""
    return _open(review, lst) and (p.secretariat or bool(p.reviewing))


def may_comment_list(p: Participation, review, lst=None) -> bool:
    """P 37: the State under review comments on the draft, "in close cooperation and coordination";
    a comment needs a version to comment on."""
    return _open(review, lst) and lst is not None and p.under_review


def list_agreeable_by(p: Participation, review, lst=None) -> frozenset[int]:
    """P 39: the parties whose agreement this user may give, through their focal point, now."""
    if not _open(review, lst) or lst is None:
        return frozenset()
    return frozenset(p.coordinated_parties & party_ids(review))


# The final desk review report (P 38, P 39) ---------------------------------------------------------


def report_participation(user, state_id: int) -> Participation:
    """A user's part in the overall review of a State: the same reviewing States review it in every
    phase (P 28), so the parties are those of any of its reviews."""
    return participation(user, SimpleNamespace(state_id=state_id))


def report_parties(state_id: int) -> frozenset[int]:
    return party_ids(SimpleNamespace(state_id=state_id))


def may_start_report(user) -> bool:
    """The secretariat starts it (its "substantive assistance", P 38), once the State's reviews of
    every phase opened so far are complete (services check that)."""
    return is_secretariat(user)


def may_start_report_for(p: Participation) -> bool:
    """The same answer from a Participation (the report page's button)."""
    return p.secretariat


def may_edit_blueprint(user) -> bool:
    """P 14: the secretariat prepares the blueprint of the desk review reports."""
    return is_secretariat(user)


def may_view_report(p: Participation, report) -> bool:
    """Before the draft goes to the reviewing States (P 38), only the secretariat and the State
    under review see it; afterwards every party."""
    return p.secretariat or p.under_review or (bool(p.reviewing) and report.is_shared)


def may_see_report_exists(p: Participation, report) -> bool:
    """A reviewing State sees that a draft exists (to ask for it), not its text."""
    return p.secretariat or p.party


def may_edit_report(p: Participation, report) -> bool:
    """The secretariat drafts it; the reviewing States prepare it once the draft reached them (P 38)."""
    if report.is_final:
        return False
    return p.secretariat or (bool(p.reviewing) and report.is_shared)


def may_request_draft(p: Participation, report) -> bool:
    """P 38: the State under review or a reviewing State, through its focal point, asks for the draft
    to go to the reviewing States; once."""
    if report.is_final or report.is_shared or report.requested_at is not None:
        return False
    return bool(p.coordinated_parties & report_parties(report.state_id))


def may_share_draft(p: Participation, report) -> bool:
    """P 38: on that request, the secretariat submits the draft to the reviewing States."""
    return p.secretariat and not report.is_final and not report.is_shared and report.requested_at is not None


def report_agreeable_by(p: Participation, report) -> frozenset[int]:
    """P 39: once every party has the draft, each agrees through its focal point."""
    if report.is_final or not report.is_shared:
        return frozenset()
    return frozenset(p.coordinated_parties & report_parties(report.state_id))
