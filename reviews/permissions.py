"""Who may do what in a country review. Views and services ask here; this module asks
the accounts permission helpers, which are the only ones to talk to django-guardian.

A user takes part in a review through the States it *acts for* (focal points and
governmental experts, P 27): the State under review or one of its reviewing States
(P 26, P 28). National contributors and observers draft or read their State's own
material but are not parties to the desk review. The secretariat sees everything (P 32).
"""

from dataclasses import dataclass, field

from lots import selectors as lots
from sherloc.accounts.permissions import acting_state_ids, coordinated_state_ids, is_secretariat

from .enums import ReviewStatus


def reviewer_ids(review) -> frozenset[int]:
    """The reviewing States of a review, from the confirmed drawing (P 28); cached on the review."""
    cached = getattr(review, "_reviewer_ids", None)
    if cached is None:
        cached = frozenset(lots.reviewers_of(review.state_id))
        review._reviewer_ids = cached
    return cached


@dataclass(frozen=True)
class Participation:
    """What one user is in one review, computed once per request."""

    secretariat: bool = False
    under_review: bool = False  # acts for the State under review
    coordinator: bool = False  # focal point of the State under review
    reviewing: frozenset[int] = field(default_factory=frozenset)  # reviewing States the user acts for
    reviewing_coordinator: frozenset[int] = field(default_factory=frozenset)

    @property
    def party(self) -> bool:
        return self.under_review or bool(self.reviewing)

    @property
    def may_view(self) -> bool:
        return self.secretariat or self.party


def participation(user, review) -> Participation:
    if not user.is_authenticated:
        return Participation()
    acting = acting_state_ids(user)
    coordinating = coordinated_state_ids(user)
    reviewers = reviewer_ids(review)
    return Participation(
        secretariat=is_secretariat(user),
        under_review=review.state_id in acting,
        coordinator=review.state_id in coordinating,
        reviewing=acting & reviewers,
        reviewing_coordinator=coordinating & reviewers,
    )


# Who may move a review along, per target status (P 30–34). Each entry answers from a Participation.
TRANSITION_RULES = {
    # P 30: the State under review holds the consultations, with the secretariat's help
    ReviewStatus.CONSULTATIONS: lambda p: p.secretariat or p.coordinator,
    ReviewStatus.RESPONSES_DUE: lambda p: p.secretariat or p.coordinator,
    # P 19, P 33: the State under review submits its responses (the questionnaire app calls in)
    ReviewStatus.RESPONSES_RECEIVED: lambda p: p.secretariat or p.under_review,
    # P 31: the reviewing experts divide the articles, then write
    ReviewStatus.FEEDBACK_DUE: lambda p: p.secretariat or bool(p.reviewing),
    # P 34: the reviewing States submit the written feedback
    ReviewStatus.DIALOGUE: lambda p: bool(p.reviewing),
    ReviewStatus.OBSERVATIONS: lambda p: p.secretariat or p.coordinator,
    # the secretariat records that the list of observations was agreed (P 39)
    ReviewStatus.CLOSED: lambda p: p.secretariat,
}


def may_move_to(p: Participation, status: str) -> bool:
    rule = TRANSITION_RULES.get(status)
    return bool(rule and rule(p))


def may_agree_time_frames(p: Participation) -> bool:
    return may_move_to(p, ReviewStatus.RESPONSES_DUE)


def may_allocate_articles(p: Participation) -> bool:
    """P 31: the reviewing States' experts divide the articles among themselves; the secretariat assists."""
    return p.secretariat or bool(p.reviewing)


def may_write_feedback(p: Participation, reviewer_id: int) -> bool:
    return reviewer_id in p.reviewing


def may_answer_questions(p: Participation) -> bool:
    return p.under_review


def may_post(p: Participation) -> bool:
    """The State under review, its reviewing States and the secretariat (P 32, P 34)."""
    return p.secretariat or p.party


def may_see_overview(user) -> bool:
    return is_secretariat(user)


def may_open_phases(user) -> bool:
    return is_secretariat(user)
