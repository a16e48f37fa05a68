"""Who may do what in a country review, and when: every answer combines the user's part in the
review (a Participation) with the review's stage, so views, templates and services all ask the
same question and no view keeps its own list of stages (the truth tables in
tests/reviews/test_permissions.py check every policy against every stage).

A user takes part in a review through the States it *acts for* (focal points and governmental
experts, P 27): the State under review or one of its reviewing States (P 26, P 28). A reviewing
State takes part for the instruments it was drawn for: an additional reviewer drawn "only for
those instruments" (P 28) divides, writes and discusses the articles of those instruments only.
National contributors and observers are not parties to the desk review. The secretariat sees
everything (P 32). Who reviews whom is read from the drawing of lots through `lots.selectors`.

Anyone else reads a review's dialogue threads or files only where the State under review shared them
with the user's State on request (P 41) or made them public (P 42), and never writes:
`disclosure.selectors` answers which parts.
"""

from dataclasses import dataclass, field

from disclosure import selectors as disclosure
from disclosure.enums import Material
from lots import selectors as lots
from sherloc.accounts.permissions import acting_state_ids, coordinated_state_ids, is_secretariat

from .enums import ReviewStatus


def covers(review) -> dict[int, frozenset[str]]:
    """The reviewing States of a review and the instruments each covers (P 28); cached on the review."""
    cached = getattr(review, "_covers", None)
    if cached is None:
        cached = {rid: cover.instruments for rid, cover in lots.reviewers_of(review.state_id).items()}
        review._covers = cached
    return cached


def reviewer_ids(review) -> frozenset[int]:
    """The reviewing States of a review, from the confirmed drawing (P 28)."""
    return frozenset(covers(review))


def party_ids(review) -> frozenset[int]:
    """Every State party to the review: the State under review and its reviewing States."""
    return reviewer_ids(review) | {review.state_id}


@dataclass(frozen=True)
class Participation:
    """What one user is in one review, computed once per request."""

    secretariat: bool = False
    under_review: bool = False  # acts for the State under review
    coordinator: bool = False  # focal point of the State under review
    reviewing: frozenset[int] = field(default_factory=frozenset)  # reviewing States the user acts for
    reviewing_coordinator: frozenset[int] = field(default_factory=frozenset)
    instruments: frozenset[str] = field(default_factory=frozenset)  # covered by those reviewing States

    @property
    def party(self) -> bool:
        return self.under_review or bool(self.reviewing)

    @property
    def may_view(self) -> bool:
        return self.secretariat or self.party

    @property
    def whole_review(self) -> bool:
        """Sees every instrument of the review: the secretariat and the State under review."""
        return self.secretariat or self.under_review

    @property
    def coordinated_parties(self) -> frozenset[int]:
        """The States party to this review whose focal point the user is."""
        return self.reviewing_coordinator | ({self._state_id} if self.coordinator else set())

    _state_id: int = 0
    # parts of the dialogue and of its files the State under review disclosed to this user (P 41, P 42);
    # read only for users who are not parties, since parties see the whole of what is theirs to see
    shared_dialogue: frozenset[str] = field(default_factory=frozenset)
    shared_documentation: frozenset[str] = field(default_factory=frozenset)


def _shared(user, review) -> dict:
    if getattr(review, "phase_id", None) is None:
        return {}  # a State's overall review (the final report) has no phase: disclosure is per phase

    def parts(material):  # for someone signed out, what is public (disclosure.selectors.parts_open_to)
        return disclosure.parts_open_to(user, state_id=review.state_id, phase_id=review.phase_id, material=material)

    return {"shared_dialogue": parts(Material.DIALOGUE), "shared_documentation": parts(Material.DOCUMENTATION)}


def participation(user, review) -> Participation:
    if not user.is_authenticated:
        return Participation(_state_id=review.state_id, **_shared(user, review))
    acting = acting_state_ids(user)
    coordinating = coordinated_state_ids(user)
    cover = covers(review)
    reviewing = acting & frozenset(cover)
    secretariat = is_secretariat(user)
    shared = {} if secretariat or review.state_id in acting or reviewing else _shared(user, review)
    return Participation(
        secretariat=secretariat,
        under_review=review.state_id in acting,
        coordinator=review.state_id in coordinating,
        reviewing=reviewing,
        reviewing_coordinator=coordinating & frozenset(cover),
        instruments=frozenset().union(*(cover[s] for s in reviewing)),
        _state_id=review.state_id,
        **shared,
    )


# Who may move a review along, per target status (P 30–34). Each entry answers from a Participation.
TRANSITION_RULES = {
    # P 30: the State under review holds the consultations, with the secretariat's help
    ReviewStatus.CONSULTATIONS: lambda p: p.secretariat or p.coordinator,
    # P 30, P 33: reached only when every party has confirmed the same time frames (may_confirm_time_frames)
    ReviewStatus.RESPONSES_DUE: lambda p: p.secretariat or bool(p.coordinated_parties),
    # P 19: reached only by the State's submission through the module (responses → reviews.receivers)
    ReviewStatus.RESPONSES_RECEIVED: lambda p: p.secretariat or p.under_review,
    # P 31: the reviewing experts divide the articles, then write
    ReviewStatus.FEEDBACK_DUE: lambda p: p.secretariat or bool(p.reviewing),
    # P 34: the reviewing States submit the written feedback
    ReviewStatus.DIALOGUE: lambda p: bool(p.reviewing),
    ReviewStatus.OBSERVATIONS: lambda p: p.secretariat or p.coordinator,
    # P 39, P 9: reached only by the last agreement to the same version of the list of observations,
    # given by a party's focal point (observations.services); the secretariat never clicks it
    ReviewStatus.CLOSED: lambda p: bool(p.coordinated_parties),
}

# Steps that have a form or an event of their own, never a plain button on the review page.
NOT_A_BUTTON = frozenset({ReviewStatus.RESPONSES_DUE, ReviewStatus.RESPONSES_RECEIVED, ReviewStatus.CLOSED})


def next_status(review) -> str | None:
    from .services.core import NEXT

    return NEXT.get(review.status)


def may_move_to(p: Participation, review, status: str) -> bool:
    """The review's next stage is `status`, and this user may take it there."""
    rule = TRANSITION_RULES.get(status)
    return next_status(review) == status and bool(rule and rule(p))


def button_for(p: Participation, review) -> str | None:
    """The stage the review page offers a button for, if any."""
    target = next_status(review)
    if target is None or target in NOT_A_BUTTON or not may_move_to(p, review, target):
        return None
    return target


def may_propose_time_frames(p: Participation, review) -> bool:
    """P 30: during consultations, the parties' focal points and the secretariat propose time frames."""
    return review.status == ReviewStatus.CONSULTATIONS and (p.secretariat or bool(p.coordinated_parties))


def may_see_consultations(p: Participation, review) -> bool:
    """The proposals and confirmations are open to every party and the secretariat (P 30)."""
    return p.may_view and review.status == ReviewStatus.CONSULTATIONS


def confirmable_by(p: Participation, review, proposal, confirmed: set[int]) -> frozenset[int]:
    """The parties whose confirmation this user may give to `proposal` now: their focal point, during
    consultations, on a proposal not yet agreed, for a State that has not confirmed it (P 30)."""
    if review.status != ReviewStatus.CONSULTATIONS or proposal is None or proposal.agreed_at is not None:
        return frozenset()
    return frozenset(p.coordinated_parties & party_ids(review)) - confirmed


def may_allocate_articles(p: Participation, review) -> bool:
    """P 31: the reviewing States' experts divide the articles among themselves; the secretariat assists."""
    return review.status in ReviewStatus.allocation_states() and (p.secretariat or bool(p.reviewing))


def reviewer_covers(review, reviewer_id: int, article) -> bool:
    """P 28: a reviewing State takes only articles of the instruments it was drawn for."""
    return article.instrument.code in covers(review).get(reviewer_id, frozenset())


def may_see_article(p: Participation, review, article) -> bool:
    """An article's feedback and thread: the whole review for the secretariat and the State under
    review; for a reviewing State, the instruments it covers (P 28)."""
    if not p.may_view:
        return False
    return p.whole_review or article is None or article.instrument.code in p.instruments


def may_write_feedback(p: Participation, review, reviewer_id: int) -> bool:
    """P 34: while the written feedback is due, by the reviewing State the article is allocated to."""
    return review.status == ReviewStatus.FEEDBACK_DUE and reviewer_id in p.reviewing


def may_ask_question(p: Participation, review, feedback) -> bool:
    """P 34: with the feedback or during the dialogue, by the reviewing State that wrote it."""
    return review.status in ReviewStatus.question_states() and feedback.reviewer_id in p.reviewing


def may_answer_questions(p: Participation, review, feedback=None) -> bool:
    """P 34: the State under review answers in place, once the feedback reached it, during the dialogue."""
    sent = feedback is None or feedback.sent_at is not None
    return review.status == ReviewStatus.DIALOGUE and p.under_review and sent


def may_read_feedback(p: Participation, review, feedback) -> bool:
    """The reviewing States and the secretariat read feedback as it is written; the State under review
    once it was sent (P 34)."""
    if not may_see_article(p, review, feedback.article):
        return False
    return p.secretariat or bool(p.reviewing) or feedback.sent_at is not None


def may_view_thread(p: Participation, review, thread) -> bool:
    """The parties who see the thread's article, and whoever the State shared the thread with (P 41, P 42)."""
    if may_see_article(p, review, thread.article):
        return True
    return bool(p.shared_dialogue) and disclosure.covers(p.shared_dialogue, str(thread.pk))


def may_download_attachment(p: Participation, review, thread, attachment) -> bool:
    """A file of the dialogue: those who see its thread as parties; others where the State shared the
    documentation (P 41, P 42) as well as the thread."""
    if may_see_article(p, review, thread.article):
        return True
    shared_thread = disclosure.covers(p.shared_dialogue, str(thread.pk))
    return shared_thread and disclosure.covers(p.shared_documentation, str(attachment.pk))


def may_read_shared(p: Participation, review) -> bool:
    """Someone who is not a party reads part of the dialogue because the State disclosed it."""
    return not p.may_view and bool(p.shared_dialogue)


def may_disclose(p: Participation, review) -> bool:
    """The State under review decides, through its focal point, what of its dialogue to make public (P 42)."""
    return p.coordinator


def may_post(p: Participation, review, thread=None) -> bool:
    """The State under review, its reviewing States and the secretariat, until the review is complete
    (P 32, P 34); on an article's thread, those who see that article."""
    if review.status not in ReviewStatus.open_states() or not (p.secretariat or p.party):
        return False
    return thread is None or may_see_article(p, review, thread.article)


def may_open_article_thread(p: Participation, review, article) -> bool:
    return may_post(p, review) and may_see_article(p, review, article)


def may_follow(user) -> bool:
    """The secretariat follows any review (P 32)."""
    return is_secretariat(user)


def may_see_overview(user) -> bool:
    return is_secretariat(user)


def may_open_phases(user) -> bool:
    return is_secretariat(user)
