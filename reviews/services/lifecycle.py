"""The transitions of a review (P 30–34, P 39), each through `core.move_to`."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from responses.services import open_for_review
from sherloc.registry.dates import add_months
from sherloc.registry.models import MechanismSettings

from .. import notices, permissions
from ..enums import DeadlineKind, ReviewStatus
from ..models import CountryReview, Deadline, Feedback, PhaseAdvancement
from ..selectors import allocated_article_ids, articles_in_scope
from .core import ReviewRefused, _deadline, _locked, _meet, _move
from .dialogue import general_thread

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@transaction.atomic
def open_consultations(review: CountryReview, *, by, note: str = "") -> CountryReview:
    """P 30: the State under review consults its reviewing States, with the secretariat's help."""
    review = _locked(review)
    if review.status == ReviewStatus.SCHEDULED and not permissions.reviewer_ids(review):
        raise ReviewRefused(_("This State has no reviewing States yet: confirm the drawing of lots first (P 28)."))
    return _move(review, to=ReviewStatus.CONSULTATIONS, by=by, note=note)


@transaction.atomic
def agree_time_frames(
    review: CountryReview,
    *,
    by,
    language: str,
    responses_due: dt.date,
    feedback_months: int | None = None,
    dialogue_due: dt.date | None = None,
    second_language: str = "",
    second_language_reason: str = "",
    note: str = "",
) -> CountryReview:
    """P 30, P 33, P 49: the time frames and working language agreed in consultations become deadlines."""
    review = _locked(review)
    rules = MechanismSettings.current()
    now = timezone.now()
    today = timezone.localdate(now)
    if language not in LANGUAGE_CODES:
        raise ReviewRefused(_("Choose one of the six working languages (P 48)."))
    if second_language:
        if second_language not in LANGUAGE_CODES or second_language == language:
            raise ReviewRefused(_("The second working language must be another of the six (P 48)."))
        if not second_language_reason.strip():
            raise ReviewRefused(
                _("A second working language needs the recorded reason: the parties did not agree on one (P 49).")
            )
    if responses_due <= today:
        raise ReviewRefused(_("The date for the responses must be in the future."))
    if responses_due > add_months(today, rules.responses_max_months):
        raise ReviewRefused(
            _("The responses are due within %(months)s months at most (P 33).") % {"months": rules.responses_max_months}
        )
    feedback_months = feedback_months or rules.feedback_max_months
    if not 0 < feedback_months <= rules.feedback_max_months:
        raise ReviewRefused(
            _("The feedback is due within %(months)s months of the responses at most (P 34).")
            % {"months": rules.feedback_max_months}
        )
    if dialogue_due is not None and dialogue_due <= responses_due:
        raise ReviewRefused(_("The constructive dialogue cannot end before the responses are due."))
    _move(review, to=ReviewStatus.RESPONSES_DUE, by=by, note=note, at=now)
    review.language = language
    review.second_language = second_language
    review.second_language_reason = second_language_reason.strip() if second_language else ""
    review.save(update_fields=["language", "second_language", "second_language_reason"])
    _deadline(review, DeadlineKind.RESPONSES, responses_due, by, now)
    # the State's questionnaire opens in the agreed language, in the versions in force when the phase opened
    opening = PhaseAdvancement.objects.filter(phase=review.phase, year_group=review.year_group).first()
    open_for_review(
        state=review.state,
        phase=review.phase,
        language=language,
        deadline=responses_due,
        versions_at=opening.opened_at if opening else review.scheduled_at,
        by=by,
    )
    # the feedback deadline counts from the day the responses arrive (P 34): provisional until then
    _deadline(review, DeadlineKind.FEEDBACK, add_months(responses_due, feedback_months), by, now)
    if dialogue_due:
        _deadline(review, DeadlineKind.DIALOGUE, dialogue_due, by, now)
    return review


@transaction.atomic
def record_responses_received(review: CountryReview, *, by, at: dt.datetime | None = None) -> CountryReview:
    """P 19, P 33: the State under review submitted its responses through the secure module.

    Public service: the questionnaire responses app calls it when a State submits. The
    feedback deadline becomes the receipt plus the agreed months, at most six (P 34).
    """
    review = _locked(review)
    at = at or timezone.now()
    _move(review, to=ReviewStatus.RESPONSES_RECEIVED, by=by, at=at)
    review.responses_received_at = at
    review.save(update_fields=["responses_received_at"])
    _meet(review, DeadlineKind.RESPONSES, at)
    rules = MechanismSettings.current()
    latest = add_months(timezone.localdate(at), rules.feedback_max_months)
    feedback = Deadline.objects.filter(review=review, kind=DeadlineKind.FEEDBACK).first()
    due = latest
    if feedback is not None:
        agreed_months = _months_between(
            Deadline.objects.get(review=review, kind=DeadlineKind.RESPONSES).due, feedback.due
        )
        due = min(latest, add_months(timezone.localdate(at), agreed_months))
    _deadline(review, DeadlineKind.FEEDBACK, due, by, at)
    return review


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


@transaction.atomic
def start_feedback(review: CountryReview, *, by, note: str = "") -> CountryReview:
    """P 31: once every article of the phase is allocated to a reviewing State, the writing starts."""
    review = _locked(review)
    if review.status == ReviewStatus.RESPONSES_RECEIVED:
        missing = [a for a in articles_in_scope(review) if a.pk not in allocated_article_ids(review)]
        if missing:
            raise ReviewRefused(
                _("Divide every article among the reviewing States first (P 31); not yet allocated: %(articles)s.")
                % {"articles": ", ".join(str(a) for a in missing)}
            )
    return _move(review, to=ReviewStatus.FEEDBACK_DUE, by=by, note=note)


@transaction.atomic
def send_feedback(review: CountryReview, *, by, note: str = "") -> CountryReview:
    """P 34: the reviewing States submit their written feedback; the constructive dialogue opens."""
    review = _locked(review)
    if review.status == ReviewStatus.FEEDBACK_DUE:
        written = set(Feedback.objects.filter(review=review).exclude(measures="").values_list("article_id", flat=True))
        missing = [a for a in articles_in_scope(review) if a.pk not in written]
        if missing:
            raise ReviewRefused(
                _("Write the feedback on every article first (P 34); missing: %(articles)s.")
                % {"articles": ", ".join(str(a) for a in missing)}
            )
    now = timezone.now()
    _move(review, to=ReviewStatus.DIALOGUE, by=by, note=note, at=now)
    Feedback.objects.filter(review=review, sent_at__isnull=True).update(sent_at=now)
    _meet(review, DeadlineKind.FEEDBACK, now)
    general_thread(review)
    notices.announce(notices.FEEDBACK_SENT, review.pk, by=by)
    return review


@transaction.atomic
def close_dialogue(review: CountryReview, *, by, note: str = "") -> CountryReview:
    review = _locked(review)
    now = timezone.now()
    _move(review, to=ReviewStatus.OBSERVATIONS, by=by, note=note, at=now)
    _meet(review, DeadlineKind.DIALOGUE, now)
    return review


@transaction.atomic
def close_review(review: CountryReview, *, by, note: str = "") -> CountryReview:
    """The list of observations is agreed (P 39): the review of this phase is complete (P 9)."""
    review = _locked(review)
    now = timezone.now()
    _move(review, to=ReviewStatus.CLOSED, by=by, note=note, at=now)
    _meet(review, DeadlineKind.OBSERVATIONS, now)
    return review


# The buttons of the review page: transitions that need no more than a note.
BUTTONS = {
    ReviewStatus.CONSULTATIONS: open_consultations,
    ReviewStatus.RESPONSES_RECEIVED: record_responses_received,
    ReviewStatus.FEEDBACK_DUE: start_feedback,
    ReviewStatus.DIALOGUE: send_feedback,
    ReviewStatus.OBSERVATIONS: close_dialogue,
    ReviewStatus.CLOSED: close_review,
}


def move(review: CountryReview, *, to: str, by, note: str = "") -> CountryReview:
    service = BUTTONS.get(to)
    if service is None:
        raise ReviewRefused(_("This step needs its own form."))
    if to == ReviewStatus.RESPONSES_RECEIVED:
        return service(review, by=by)
    return service(review, by=by, note=note)
