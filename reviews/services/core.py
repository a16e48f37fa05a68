"""What every write of a review shares: the refusal, the one path of a review and the one
place its status changes, and the deadlines it records."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notices, permissions
from ..enums import ReviewStatus
from ..models import CountryReview, Deadline, Transition


class ReviewRefused(Exception):
    """A write the rules do not allow; the message is for the user."""


# The one path of a review (P 30–34, P 37–39): each status has exactly one next status.
NEXT = {
    ReviewStatus.SCHEDULED: ReviewStatus.CONSULTATIONS,
    ReviewStatus.CONSULTATIONS: ReviewStatus.RESPONSES_DUE,
    ReviewStatus.RESPONSES_DUE: ReviewStatus.RESPONSES_RECEIVED,
    ReviewStatus.RESPONSES_RECEIVED: ReviewStatus.FEEDBACK_DUE,
    ReviewStatus.FEEDBACK_DUE: ReviewStatus.DIALOGUE,
    ReviewStatus.DIALOGUE: ReviewStatus.OBSERVATIONS,
    ReviewStatus.OBSERVATIONS: ReviewStatus.CLOSED,
}


def _locked(review: CountryReview) -> CountryReview:
    # atomic callers: FOR UPDATE holds the row so two clicks cannot both move the review
    return CountryReview.objects.select_for_update(of=("self",)).select_related("state", "phase").get(pk=review.pk)


def _move(review: CountryReview, *, to: str, by, note: str = "", at=None) -> CountryReview:
    """The only place a review's status changes. Call inside a transaction, on a locked row."""
    if NEXT.get(review.status) != to:
        raise ReviewRefused(
            _("This review is at the stage “%(current)s”: it cannot move to “%(target)s” now.")
            % {"current": ReviewStatus(review.status).label, "target": ReviewStatus(to).label}
        )
    if not permissions.may_move_to(permissions.participation(by, review), review, to):
        raise ReviewRefused(_("You may not move this review to “%(target)s”.") % {"target": ReviewStatus(to).label})
    at = at or timezone.now()
    step = Transition.objects.create(review=review, from_status=review.status, to_status=to, by=by, at=at, note=note)
    notices.announce(notices.STAGE_CHANGED, step.pk)
    review.status = to
    review.status_changed_at = at
    fields = ["status", "status_changed_at"]
    if to == ReviewStatus.CLOSED:
        review.closed_at = at
        fields.append("closed_at")
    review.save(update_fields=fields)
    return review


def _move_back(review: CountryReview, *, to: str, by, note: str, at=None) -> CountryReview:
    """The one way back: a submission reopened on the State's request (P 19) takes the review back to
    "responses due" while the written feedback has not reached the State. Recorded like every step."""
    if review.status not in ReviewStatus.reopenable_states() or to != ReviewStatus.RESPONSES_DUE:
        raise ReviewRefused(
            _("The review of %(state)s is at the stage “%(current)s”: its responses can no longer be reopened.")
            % {"state": review.state, "current": ReviewStatus(review.status).label}
        )
    at = at or timezone.now()
    step = Transition.objects.create(review=review, from_status=review.status, to_status=to, by=by, at=at, note=note)
    notices.announce(notices.STAGE_CHANGED, step.pk)
    review.status = to
    review.status_changed_at = at
    review.save(update_fields=["status", "status_changed_at"])
    return review


def _deadline(review, kind, due, by, at) -> Deadline:
    deadline, _created = Deadline.objects.update_or_create(
        review=review, kind=kind, defaults={"due": due, "agreed_at": at, "agreed_by": by}
    )
    return deadline


def _meet(review, kind, at) -> None:
    Deadline.objects.filter(review=review, kind=kind, met_at__isnull=True).update(met_at=at)
