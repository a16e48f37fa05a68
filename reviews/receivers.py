"""What the country review does when something happens elsewhere in the portal."""

from .enums import ReviewStatus
from .models import CountryReview


def responses_submitted(sender, *, response, snapshot, by, **kwargs):
    """The State submitted its responses through the module (P 19): its review moves on to
    "responses received", and the feedback deadline starts to run (P 34)."""
    from . import services

    review = CountryReview.objects.filter(
        state=response.state, phase=response.phase, status=ReviewStatus.RESPONSES_DUE
    ).first()
    if review is not None:
        services.record_responses_received(review, by=by, at=snapshot.submitted_at)
