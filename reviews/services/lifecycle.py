"""The transitions of a review (P 30–34, P 39), each through `core._move` (or `_move_back` on reopening)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from responses.enums import ResponseStatus
from responses.selectors import response_for
from responses.services import ResponseRefused, open_for_review
from sherloc.registry.dates import TimeLimitExceeded, check_responses_due, feedback_due
from sherloc.registry.models import MechanismSettings

from .. import notices, permissions
from ..enums import DeadlineKind, ReviewStatus
from ..models import CountryReview, Feedback, PhaseAdvancement, TimeFrameConfirmation, TimeFrameProposal
from ..selectors import allocated_article_ids, articles_in_scope
from .core import ReviewRefused, _deadline, _locked, _meet, _move, _move_back
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
def propose_time_frames(
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
) -> TimeFrameProposal:
    """P 30, P 33, P 49: a party's focal point (or the secretariat) proposes the time frames and the
    working language. The proposer's own State confirms it at once; the others confirm or propose
    other dates. An earlier proposal not agreed stays in the history, unconfirmed."""
    review = _locked(review)
    p = permissions.participation(by, review)
    if not permissions.may_propose_time_frames(p, review):
        raise ReviewRefused(
            _("Time frames are proposed during the consultations, by the parties' focal points (P 30).")
        )
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
    opened = response_for(state_id=review.state_id, phase_id=review.phase_id)
    try:
        check_responses_due(responses_due, start=timezone.localdate(opened.opened_at) if opened else today, today=today)
    except TimeLimitExceeded as error:
        raise ReviewRefused(str(error)) from None
    feedback_months = feedback_months or rules.feedback_max_months
    if not 0 < feedback_months <= rules.feedback_max_months:
        raise ReviewRefused(
            _("The feedback is due within %(months)s months of the responses at most (P 34).")
            % {"months": rules.feedback_max_months}
        )
    if dialogue_due is not None and dialogue_due <= responses_due:
        raise ReviewRefused(_("The constructive dialogue cannot end before the responses are due."))
    parties = p.coordinated_parties & permissions.party_ids(review)
    proposal = TimeFrameProposal.objects.create(
        review=review,
        proposed_by=by,
        on_behalf_of_id=min(parties, key=lambda s: s != review.state_id) if parties else None,
        language=language,
        second_language=second_language,
        second_language_reason=second_language_reason.strip() if second_language else "",
        responses_due=responses_due,
        feedback_months=feedback_months,
        dialogue_due=dialogue_due,
        note=note,
        proposed_at=now,
    )
    for state_id in sorted(parties):
        TimeFrameConfirmation.objects.create(proposal=proposal, state_id=state_id, by=by, at=now)
    _agree_if_all_confirmed(review, proposal, by=by, at=now)
    return proposal


@transaction.atomic
def confirm_time_frames(proposal: TimeFrameProposal, *, by) -> TimeFrameProposal:
    """P 30: a party's focal point confirms the latest proposal. Once the State under review and every
    reviewing State have confirmed the same proposal, the time frames hold: the review moves to
    "responses due" and the State's questionnaire opens in the agreed language with the agreed date."""
    review = _locked(proposal.review)
    proposal = TimeFrameProposal.objects.select_for_update().get(pk=proposal.pk)
    latest = review.proposals.order_by("-proposed_at", "-pk").first()
    if latest is None or latest.pk != proposal.pk:
        raise ReviewRefused(_("Another proposal was made since: confirm the latest one, or propose other dates."))
    p = permissions.participation(by, review)
    confirmed = set(proposal.confirmations.values_list("state_id", flat=True))
    states = permissions.confirmable_by(p, review, proposal, confirmed)
    if not states:
        raise ReviewRefused(
            _("Only the focal point of a party that has not confirmed yet confirms these time frames (P 30).")
        )
    now = timezone.now()
    for state_id in sorted(states):
        TimeFrameConfirmation.objects.create(proposal=proposal, state_id=state_id, by=by, at=now)
    _agree_if_all_confirmed(review, proposal, by=by, at=now)
    return proposal


def _agree_if_all_confirmed(review: CountryReview, proposal: TimeFrameProposal, *, by, at) -> None:
    confirmed = set(proposal.confirmations.values_list("state_id", flat=True))
    if not permissions.party_ids(review) <= confirmed:
        return
    proposal.agreed_at = at
    proposal.save(update_fields=["agreed_at"])
    _move(review, to=ReviewStatus.RESPONSES_DUE, by=by, note=proposal.note, at=at)
    review.language = proposal.language
    review.second_language = proposal.second_language
    review.second_language_reason = proposal.second_language_reason
    review.save(update_fields=["language", "second_language", "second_language_reason"])
    # the State's questionnaire opens in the agreed language, in the versions in force when the phase
    # opened (P 18); the response owns the date for the responses, and checks it (P 33)
    opening = PhaseAdvancement.objects.filter(phase=review.phase, year_group=review.year_group).first()
    try:
        response = open_for_review(
            state=review.state,
            phase=review.phase,
            language=proposal.language,
            deadline=proposal.responses_due,
            versions_at=opening.opened_at if opening else review.scheduled_at,
            by=by,
        )
    except ResponseRefused as error:
        raise ReviewRefused(str(error)) from None
    # the feedback deadline counts from the day the responses arrive (P 34): provisional until then
    _deadline(
        review, DeadlineKind.FEEDBACK, feedback_due(proposal.responses_due, months=proposal.feedback_months), by, at
    )
    if proposal.dialogue_due:
        _deadline(review, DeadlineKind.DIALOGUE, proposal.dialogue_due, by, at)
    if response.status == ResponseStatus.SUBMITTED:
        # submitted before the agreement: the submission reaches the review now, as its submitter's
        snapshot = response.snapshots.order_by("-number").first()
        record_responses_received(review, by=snapshot.submitted_by, at=at)


def agreed_time_frames(review: CountryReview) -> TimeFrameProposal | None:
    return review.proposals.filter(agreed_at__isnull=False).order_by("-agreed_at").first()


@transaction.atomic
def record_responses_received(review: CountryReview, *, by, at: dt.datetime | None = None) -> CountryReview:
    """P 19, P 25, P 33: the State submitted its responses through the secure module; its review phase
    begins. Reached only from the submission (reviews.receivers); the feedback deadline becomes the
    receipt plus the agreed months, at most the limit (P 34)."""
    review = _locked(review)
    at = at or timezone.now()
    response = response_for(state_id=review.state_id, phase_id=review.phase_id)
    if response is None or response.status != ResponseStatus.SUBMITTED:
        raise ReviewRefused(_("The responses are received when the State submits them through the module (P 19)."))
    _move(review, to=ReviewStatus.RESPONSES_RECEIVED, by=by, at=at)
    if review.responses_received_at is None:
        review.responses_received_at = at
        review.save(update_fields=["responses_received_at"])
    agreed = agreed_time_frames(review)
    months = agreed.feedback_months if agreed else MechanismSettings.current().feedback_max_months
    _deadline(review, DeadlineKind.FEEDBACK, feedback_due(timezone.localdate(at), months=months), by, at)
    return review


@transaction.atomic
def record_responses_reopened(review: CountryReview, *, by, request_reference: str) -> CountryReview:
    """P 19: the secretariat reopened the submission on the State's request; the review goes back to
    "responses due" until the State submits again (the date the review began stays on record)."""
    review = _locked(review)
    return _move_back(
        review,
        to=ReviewStatus.RESPONSES_DUE,
        by=by,
        note=_("Responses reopened on the State's request: %(ref)s") % {"ref": request_reference},
    )


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
def close_review(review: CountryReview, *, by, final_list, note: str = "") -> CountryReview:
    """The list of observations is agreed (P 39): the review of this phase is complete (P 9).
    Called only by the last agreement (observations.services); `final_list` is that list, final."""
    review = _locked(review)
    if final_list is None or final_list.review_id != review.pk or not final_list.is_final:
        raise ReviewRefused(
            _(
                "A review is complete when every party has agreed to the same version of its list of observations (P 39)."
            )
        )
    now = timezone.now()
    _move(review, to=ReviewStatus.CLOSED, by=by, note=note, at=now)
    _meet(review, DeadlineKind.OBSERVATIONS, now)
    return review


# The buttons of the review page: transitions that need no more than a note. "Responses due" needs
# the agreement of all parties, "responses received" the State's submission, "completed" the agreement
# of all parties to the list of observations (P 39, P 9): none of them is a button.
BUTTONS = {
    ReviewStatus.CONSULTATIONS: open_consultations,
    ReviewStatus.FEEDBACK_DUE: start_feedback,
    ReviewStatus.DIALOGUE: send_feedback,
    ReviewStatus.OBSERVATIONS: close_dialogue,
}


def move(review: CountryReview, *, to: str, by, note: str = "") -> CountryReview:
    service = BUTTONS.get(to)
    if service is None:
        raise ReviewRefused(_("This step needs its own form."))
    return service(review, by=by, note=note)
