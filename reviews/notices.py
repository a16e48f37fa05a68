"""What a country review tells whom (P 17 "all communications", P 32 "kept abreast").

A service calls `announce(EVENT, pk)` inside its transaction; once that commits, the task
`reviews.tasks.tell` works out who is told and records one notice each through the portal's
notices (`sherloc.notifications`), which e-mail them in the review's working language, once.
Working it out after the commit means the notice sees the review as the service left it (the
language agreed with the time frames, say), and the request does not wait for it.

Who is told: only users whom `reviews.permissions` let see the review, never the user who did
it. A notice says which kind of event happened in which review, with a link — never the text of
a message, of the feedback or of a question (docs/notifications.md).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from sherloc.accounts.selectors import focal_point_users, people_acting_for
from sherloc.notifications import selectors as notice_selectors
from sherloc.notifications.enums import NoticeKind
from sherloc.notifications.refs import review_ref
from sherloc.notifications.services import notify_review

from . import permissions
from .enums import ReviewStatus
from .models import CountryReview, FeedbackQuestion, Message, Transition

MESSAGE_POSTED = "message_posted"
FEEDBACK_SENT = "feedback_sent"
QUESTION_ASKED = "question_asked"
STAGE_CHANGED = "stage_changed"


def announce(event: str, pk: int, *, by=None) -> None:
    """Tell whom it concerns once the caller's transaction commits (nothing if it rolls back)."""
    from .tasks import tell

    by_id = getattr(by, "pk", by)
    # robust: the write has committed; a broker outage must not turn it into an error page
    transaction.on_commit(lambda: tell.delay(event, pk, by_id), robust=True)


def tell(event: str, pk: int, *, by: int | None = None) -> int:
    """Record the notices of one event; returns how many users are told. Running it again for
    the same event records nothing new (each notice is unique per event and recipient)."""
    return EVENTS[event](pk, by)


def _tell(review: CountryReview, candidates, *, kind: str, event: str, link, may=None, **params) -> int:
    may = may or (lambda p: p.may_view)
    told = [u for u in candidates if may(permissions.participation(u, review))]
    return notify_review(
        recipients=told,
        kind=kind,
        event=event,
        state=review.state,
        phase=review.phase,
        language=review.mail_language,
        link=link,
        **params,
    )


def _followers(review: CountryReview) -> set:
    return set(notice_selectors.followers(review_ref(review.state_id, review.phase_id)))


def _message_posted(pk: int, by) -> int:
    """To everyone taking part in the thread — the parties' focal points and experts, whoever
    posted in it (the secretariat too) and the secretariat following the review — not its author."""
    message = Message.objects.select_related("thread__review__state", "thread__review__phase").filter(pk=pk).first()
    if message is None:
        return 0
    thread = message.thread
    review = thread.review
    posted = get_user_model().objects.filter(pk__in=thread.messages.values("author_id"), is_active=True)
    candidates = set(people_acting_for(permissions.party_ids(review))) | set(posted) | _followers(review)
    candidates = {u for u in candidates if u.pk != message.author_id}
    return _tell(
        review,
        candidates,
        kind=NoticeKind.MESSAGE_POSTED,
        event=f"message:{pk}",
        link=("reviews:thread", [thread.pk]),
        # an article's thread only to those who see that article (P 28: an additional reviewer's instruments)
        may=lambda p: permissions.may_view_thread(p, review, thread),
    )


def _feedback_sent(pk: int, by) -> int:
    """P 34: the written feedback reaches the State under review: its focal point and experts."""
    review = CountryReview.objects.select_related("state", "phase").filter(pk=pk).first()
    if review is None:
        return 0
    candidates = {u for u in people_acting_for({review.state_id}) if u.pk != by}
    return _tell(
        review,
        candidates,
        kind=NoticeKind.FEEDBACK_SENT,
        event=f"feedback:{pk}",
        link=("reviews:feedback", [review.pk]),
        may=lambda p: p.under_review,
    )


def _question_asked(pk: int, by) -> int:
    """P 34: a question to the State under review. One asked while the feedback is still being
    written is not visible to that State yet: the notice of the sent feedback covers it."""
    question = (
        FeedbackQuestion.objects.select_related("feedback__review__state", "feedback__review__phase")
        .filter(pk=pk)
        .first()
    )
    if question is None or question.feedback.sent_at is None:
        return 0
    review = question.feedback.review
    candidates = {u for u in people_acting_for({review.state_id}) if u.pk != question.asked_by_id}
    return _tell(
        review,
        candidates,
        kind=NoticeKind.QUESTION_ASKED,
        event=f"question:{pk}",
        link=("reviews:feedback", [review.pk]),
        may=lambda p: p.under_review,
    )


def _stage_changed(pk: int, by) -> int:
    """The parties' focal points (P 17) and the secretariat following the review, not who moved it."""
    transition = Transition.objects.select_related("review__state", "review__phase").filter(pk=pk).first()
    if transition is None:
        return 0
    review = transition.review
    candidates = set(focal_point_users(permissions.party_ids(review))) | _followers(review)
    candidates = {u for u in candidates if u.pk != transition.by_id}
    return _tell(
        review,
        candidates,
        kind=NoticeKind.STAGE_CHANGED,
        event=f"transition:{pk}",
        link=("reviews:detail", [review.pk]),
        stage=ReviewStatus(transition.to_status).label,
    )


EVENTS = {
    MESSAGE_POSTED: _message_posted,
    FEEDBACK_SENT: _feedback_sent,
    QUESTION_ASKED: _question_asked,
    STAGE_CHANGED: _stage_changed,
}
