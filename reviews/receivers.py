"""What the country review does when something happens elsewhere in the portal: submission and
reopening both reach the review through here, and only through here (P 19)."""

from responses.services import ResponseRefused

from .enums import ReviewStatus
from .models import CountryReview

BEFORE_RECEIPT = frozenset({ReviewStatus.SCHEDULED, ReviewStatus.CONSULTATIONS, ReviewStatus.RESPONSES_DUE})


def responses_submitted(sender, *, response, snapshot, by, **kwargs):
    """The State submitted its responses through the module (P 19): its review moves on to
    "responses received", its review phase begins (P 25) and the feedback deadline starts to run (P 34)."""
    from . import services

    review = CountryReview.objects.filter(
        state=response.state, phase=response.phase, status=ReviewStatus.RESPONSES_DUE
    ).first()
    if review is not None:
        services.record_responses_received(review, by=by, at=snapshot.submitted_at)


def responses_reopened(sender, *, response, snapshot, by, **kwargs):
    """The secretariat reopened the submission on the State's request (P 19): the review goes back to
    "responses due"; once the feedback has gone to the State, the reopening is refused."""
    from . import services

    review = CountryReview.objects.filter(state=response.state, phase=response.phase).first()
    if review is None or review.status in BEFORE_RECEIPT:
        return
    try:
        services.record_responses_reopened(review, by=by, request_reference=snapshot.reopen_request)
    except services.ReviewRefused as error:
        raise ResponseRefused(str(error)) from None
