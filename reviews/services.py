"""Every write of a country review (P 25–36) and of phase advancement (P 9).

A review's status changes only through `_move`, driven by the table `NEXT`; each public
transition function checks who may do it (reviews.permissions) and what must hold, records
who did it and when, and raises ReviewRefused with a message a user can read otherwise.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lots.models import YearGroupPlacement
from responses.services import open_for_review
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.accounts.selectors import communications_recipient
from sherloc.registry.dates import add_months
from sherloc.registry.models import Article, Instrument, MechanismSettings, State, WorkplanPhase
from sherloc.registry.selectors import articles_for, parties_to

from . import permissions
from .enums import AdvancementBasis, DeadlineKind, MessageKind, QuestionKind, ReviewStatus
from .models import (
    ArticleAllocation,
    Attachment,
    CountryReview,
    Deadline,
    DialogueThread,
    Feedback,
    FeedbackQuestion,
    Message,
    PhaseAdvancement,
    ReadMarker,
    ReminderSent,
    Transition,
)

logger = logging.getLogger(__name__)


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

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


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
    if not permissions.may_move_to(permissions.participation(by, review), to):
        raise ReviewRefused(_("You may not move this review to “%(target)s”.") % {"target": ReviewStatus(to).label})
    at = at or timezone.now()
    Transition.objects.create(review=review, from_status=review.status, to_status=to, by=by, at=at, note=note)
    review.status = to
    review.status_changed_at = at
    fields = ["status", "status_changed_at"]
    if to == ReviewStatus.CLOSED:
        review.closed_at = at
        fields.append("closed_at")
    review.save(update_fields=fields)
    return review


def _deadline(review, kind, due, by, at) -> Deadline:
    deadline, _created = Deadline.objects.update_or_create(
        review=review, kind=kind, defaults={"due": due, "agreed_at": at, "agreed_by": by}
    )
    return deadline


def _meet(review, kind, at) -> None:
    Deadline.objects.filter(review=review, kind=kind, met_at__isnull=True).update(met_at=at)


# Phases (P 8–10, P 9) ---------------------------------------------------------------------


def advancement_of(*, phase: WorkplanPhase, year_group: int) -> dict:
    """P 9: the share of the reviews foreseen when the phase opened that are complete."""
    reviews = CountryReview.objects.filter(phase=phase, year_group=year_group, foreseen=True)
    foreseen = reviews.count()
    completed = reviews.filter(status=ReviewStatus.CLOSED).count()
    percent = (completed * 100 // foreseen) if foreseen else 0
    threshold = MechanismSettings.current().advancement_threshold_percent
    return {
        "phase": phase,
        "year_group": year_group,
        "foreseen": foreseen,
        "completed": completed,
        "percent": percent,
        "threshold": threshold,
        "reached": foreseen > 0 and completed * 100 >= threshold * foreseen,
    }


@transaction.atomic
def open_phase(
    *, phase: WorkplanPhase, year_group: int, by, decision_reference: str = "", decision_note: str = ""
) -> PhaseAdvancement:
    """Open a review phase for one group of P 16 and schedule one review per State of the group (P 10, P 25).

    After the first review phase, the group must have completed the threshold share of the
    reviews foreseen at the start of its previous phase, unless the Conference decided otherwise (P 9).
    """
    if not permissions.may_open_phases(by):
        raise ReviewRefused(_("Only the secretariat opens review phases."))
    if phase.cluster_id is None:
        raise ReviewRefused(_("The preparatory phase has no country reviews."))
    if PhaseAdvancement.objects.filter(phase=phase, year_group=year_group).exists():
        raise ReviewRefused(_("This phase is already open for group %(group)s.") % {"group": year_group})
    previous = WorkplanPhase.objects.filter(number__lt=phase.number, cluster__isnull=False).order_by("-number").first()
    basis, status = AdvancementBasis.FIRST_PHASE, None
    if previous is not None:
        if not PhaseAdvancement.objects.filter(phase=previous, year_group=year_group).exists():
            raise ReviewRefused(
                _("Open “%(previous)s” for group %(group)s first.") % {"previous": previous, "group": year_group}
            )
        status = advancement_of(phase=previous, year_group=year_group)
        if decision_reference.strip():
            basis = AdvancementBasis.CONFERENCE_DECISION
        elif status["reached"]:
            basis = AdvancementBasis.THRESHOLD
        else:
            raise ReviewRefused(
                _(
                    "Group %(group)s has completed %(percent)s%% of the reviews foreseen in “%(previous)s”; "
                    "the next phase opens at %(threshold)s%% or by a decision of the Conference (P 9)."
                )
                % {"group": year_group, "percent": status["percent"], "previous": previous, **status}
            )
    states = State.objects.filter(year_group__year=year_group, subject_to_review=True).order_by("name")
    now = timezone.now()
    advancement = PhaseAdvancement.objects.create(
        phase=phase,
        year_group=year_group,
        basis=basis,
        completed_percent=status["percent"] if status else None,
        threshold_percent=status["threshold"] if status else None,
        decision_reference=decision_reference.strip(),
        decision_note=decision_note,
        opened_by=by,
        opened_at=now,
    )
    CountryReview.objects.bulk_create(
        CountryReview(
            state=state, phase=phase, year_group=year_group, scheduled_at=now, status_changed_at=now, foreseen=True
        )
        for state in states
    )
    return advancement


def schedule_review(*, state: State, phase: WorkplanPhase, by, foreseen: bool = False) -> CountryReview:
    """A review added after its phase opened (a volunteering signatory, P 51): not foreseen, so
    it does not change the share of P 9."""
    if not permissions.may_open_phases(by):
        raise ReviewRefused(_("Only the secretariat schedules reviews."))
    placement = YearGroupPlacement.objects.filter(state=state).first()
    if placement is None:
        raise ReviewRefused(_("%(state)s is in no group of the drawing of lots (P 16).") % {"state": state})
    now = timezone.now()
    try:
        with transaction.atomic():
            return CountryReview.objects.create(
                state=state,
                phase=phase,
                year_group=placement.year,
                foreseen=foreseen,
                scheduled_at=now,
                status_changed_at=now,
            )
    except IntegrityError:
        raise ReviewRefused(_("%(state)s already has a review in this phase.") % {"state": state}) from None


# Transitions --------------------------------------------------------------------------------


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
        missing = [a for a in articles_in_scope(review) if a.pk not in _allocated_ids(review)]
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


# Articles and feedback (P 31, P 34) ------------------------------------------------------------


def articles_in_scope(review: CountryReview) -> list[Article]:
    """The articles of the phase's cluster for the instruments the State is party to (P 8, P 10, table 1)."""
    cached = getattr(review, "_articles", None)
    if cached is not None:
        return cached
    parties = parties_to(review.state)
    cluster = review.phase.cluster
    articles = []
    if cluster is not None:
        for instrument in Instrument.objects.filter(under_mechanism=True, code__in=parties).order_by("position"):
            cells = articles_for(
                state_is_uncac_party="UNCAC" in parties, cluster=cluster, instrument_code=instrument.code
            )
            articles += [cell.article for cell in cells]
    review._articles = articles
    return articles


def _allocated_ids(review) -> set[int]:
    return set(ArticleAllocation.objects.filter(review=review).values_list("article_id", flat=True))


@transaction.atomic
def allocate_articles(review: CountryReview, *, by, allocations: dict[int, tuple[State, object]]) -> int:
    """P 31: the reviewing experts divide the articles among themselves. `allocations` maps an
    article id to (reviewing State, expert or None). Returns how many articles are allocated."""
    review = _locked(review)
    p = permissions.participation(by, review)
    if not permissions.may_allocate_articles(p):
        raise ReviewRefused(_("Only the reviewing States and the secretariat divide the articles (P 31)."))
    if review.status not in (ReviewStatus.RESPONSES_DUE, ReviewStatus.RESPONSES_RECEIVED, ReviewStatus.FEEDBACK_DUE):
        raise ReviewRefused(_("Articles are divided between the consultations and the written feedback."))
    scope = {a.pk: a for a in articles_in_scope(review)}
    reviewers = permissions.reviewer_ids(review)
    now = timezone.now()
    for article_id, (reviewer, expert) in allocations.items():
        if article_id not in scope:
            raise ReviewRefused(_("That article is not reviewed in this phase."))
        if reviewer.pk not in reviewers:
            raise ReviewRefused(_("%(state)s is not a reviewing State of this review.") % {"state": reviewer})
        if expert is not None and reviewer.pk not in permissions.acting_state_ids(expert):
            raise ReviewRefused(
                _("%(person)s is not a governmental expert of %(state)s.") % {"person": expert, "state": reviewer}
            )
        ArticleAllocation.objects.update_or_create(
            review=review,
            article_id=article_id,
            defaults={"reviewer": reviewer, "expert": expert, "allocated_by": by, "allocated_at": now},
        )
    return ArticleAllocation.objects.filter(review=review).count()


@transaction.atomic
def write_feedback(
    review: CountryReview, *, article: Article, by, measures: str, successes: str = "", challenges: str = ""
) -> Feedback:
    """P 34: feedback on the measures, successes and challenges for one article, by its reviewing State."""
    review = _locked(review)
    if review.status != ReviewStatus.FEEDBACK_DUE:
        raise ReviewRefused(_("Written feedback is written while it is due, before it is sent (P 34)."))
    allocation = ArticleAllocation.objects.filter(review=review, article=article).first()
    if allocation is None:
        raise ReviewRefused(_("This article is not allocated to a reviewing State yet (P 31)."))
    if not permissions.may_write_feedback(permissions.participation(by, review), allocation.reviewer_id):
        raise ReviewRefused(
            _("Only %(state)s writes the feedback on this article (P 31).") % {"state": allocation.reviewer}
        )
    feedback, _created = Feedback.objects.update_or_create(
        review=review,
        article=article,
        defaults={
            "reviewer_id": allocation.reviewer_id,
            "measures": measures.strip(),
            "successes": successes.strip(),
            "challenges": challenges.strip(),
            "written_by": by,
            "updated_at": timezone.now(),
        },
    )
    return feedback


@transaction.atomic
def ask_question(feedback: Feedback, *, by, kind: str, text: str) -> FeedbackQuestion:
    """P 34: a request for clarification or a supplementary question within the feedback."""
    review = _locked(feedback.review)
    if review.status not in (ReviewStatus.FEEDBACK_DUE, ReviewStatus.DIALOGUE):
        raise ReviewRefused(_("Questions are asked with the feedback or during the constructive dialogue."))
    if not permissions.may_write_feedback(permissions.participation(by, review), feedback.reviewer_id):
        raise ReviewRefused(_("Only the reviewing State that wrote this feedback asks its questions."))
    if kind not in QuestionKind.values or not text.strip():
        raise ReviewRefused(_("Write the question."))
    return FeedbackQuestion.objects.create(
        feedback=feedback, kind=kind, text=text.strip(), asked_by=by, asked_at=timezone.now()
    )


@transaction.atomic
def answer_question(question: FeedbackQuestion, *, by, answer: str) -> FeedbackQuestion:
    """P 34: the State under review answers in place, once the feedback has reached it."""
    review = _locked(question.feedback.review)
    if not permissions.may_answer_questions(permissions.participation(by, review)):
        raise ReviewRefused(_("Only the State under review answers the questions of the feedback (P 34)."))
    if review.status != ReviewStatus.DIALOGUE or question.feedback.sent_at is None:
        raise ReviewRefused(_("Questions are answered once the feedback is sent, during the constructive dialogue."))
    if not answer.strip():
        raise ReviewRefused(_("Write the answer."))
    question.answer = answer.strip()
    question.answered_by = by
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    return question


# The constructive dialogue (P 34, P 35) ---------------------------------------------------------


def general_thread(review: CountryReview) -> DialogueThread:
    thread, _created = DialogueThread.objects.get_or_create(
        review=review,
        article=None,
        defaults={"subject": _("Constructive dialogue"), "created_at": timezone.now()},
    )
    return thread


def open_article_thread(review: CountryReview, *, article: Article, by) -> DialogueThread:
    p = permissions.participation(by, review)
    if not permissions.may_post(p):
        raise ReviewRefused(_("Only the parties to this review and the secretariat take part in its dialogue."))
    if article.pk not in {a.pk for a in articles_in_scope(review)}:
        raise ReviewRefused(_("That article is not reviewed in this phase."))
    thread, _created = DialogueThread.objects.get_or_create(
        review=review, article=article, defaults={"subject": str(article), "created_at": timezone.now()}
    )
    return thread


def post_message(
    thread: DialogueThread,
    *,
    by,
    body: str,
    idempotency_key: uuid.UUID | str,
    kind: str = MessageKind.MESSAGE,
    held_on: dt.date | None = None,
    corrects: Message | None = None,
    files: Iterable[UploadedFile] = (),
) -> tuple[Message, bool]:
    """Post to the archived dialogue. The form's key makes a double click post once: the
    second request gets the first message back, with `created` False."""
    key = uuid.UUID(str(idempotency_key))
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_post(existing, thread, by)
    review = thread.review
    p = permissions.participation(by, review)
    if not permissions.may_post(p):
        raise ReviewRefused(_("Only the parties to this review and the secretariat take part in its dialogue."))
    if review.status == ReviewStatus.CLOSED:
        raise ReviewRefused(_("This review is complete: its dialogue is archived and closed."))
    if not body.strip():
        raise ReviewRefused(_("Write the message."))
    if kind not in MessageKind.values:
        raise ReviewRefused(_("Unknown kind of message."))
    if kind != MessageKind.MESSAGE and held_on is None:
        raise ReviewRefused(_("Say when the call, videoconference or meeting took place (P 35)."))
    if corrects is not None and (corrects.thread_id != thread.pk or corrects.author_id != by.pk):
        raise ReviewRefused(_("You can correct only your own messages, in the same thread."))
    files = list(files)
    limit = settings.UPLOAD_MAX_BYTES
    for f in files:
        if f.size > limit:
            raise ReviewRefused(
                _("“%(name)s” is larger than the limit of %(mb)s MB.") % {"name": f.name, "mb": limit // (1024 * 1024)}
            )
    if p.under_review:
        on_behalf_of = review.state_id
    elif p.reviewing:
        on_behalf_of = min(p.reviewing)
    else:
        on_behalf_of = None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                thread=thread,
                author=by,
                on_behalf_of_id=on_behalf_of,
                kind=kind,
                held_on=held_on if kind != MessageKind.MESSAGE else None,
                body=body.strip(),
                corrects=corrects,
                idempotency_key=key,
                posted_at=timezone.now(),
            )
            for f in files:
                Attachment.objects.create(
                    message=message, file=f, name=f.name[:255], size=f.size, content_type=f.content_type or ""
                )
    except IntegrityError:
        # two clicks raced past the first check: the other request stored it
        return _same_post(Message.objects.get(idempotency_key=key), thread, by)
    return message, True


def _same_post(message: Message, thread: DialogueThread, by) -> tuple[Message, bool]:
    if message.thread_id != thread.pk or message.author_id != by.pk:
        raise ReviewRefused(_("This form was already used. Reload the page and write again."))
    return message, False


def mark_read(thread: DialogueThread, *, user, up_to: int) -> None:
    """Move the user's marker forward (never back: an older page open in another tab does not unread)."""
    if not user.is_authenticated or not up_to:
        return
    marker, created = ReadMarker.objects.get_or_create(
        user=user, thread=thread, defaults={"last_read_message_id": up_to, "read_at": timezone.now()}
    )
    if not created and marker.last_read_message_id < up_to:
        ReadMarker.objects.filter(pk=marker.pk, last_read_message_id__lt=up_to).update(
            last_read_message_id=up_to, read_at=timezone.now()
        )


# Reminders (P 17, P 33, P 34) -----------------------------------------------------------------


def reminder_steps() -> list[int]:
    raw = MechanismSettings.current().reminder_days_before
    return sorted({int(x) for x in raw.replace(" ", "").split(",") if x.isdigit()})


def due_step(deadline_due: dt.date, today: dt.date, steps: list[int]) -> str | None:
    """The reminder a deadline calls for today: the nearest step already reached, or the notice that
    it passed. Steps skipped while no run happened (or set after a late agreement) are not sent late."""
    left = (deadline_due - today).days
    if left < 0:
        return ReminderSent.PASSED
    reached = [n for n in steps if left <= n]
    return str(min(reached)) if reached else None


def secretariat_emails() -> list[str]:
    return sorted(
        set(
            Membership.objects.active()
            .filter(role=Role.SECRETARIAT, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """Send every reminder due today, each at most once; returns how many were sent.

    Crash-safety: each reminder is one transaction that (1) inserts its ReminderSent row, whose
    unique (deadline, step) constraint is the claim, (2) sends the e-mail, (3) stamps sent_at,
    then commits. A second run, even concurrent, blocks on the uncommitted row and then skips it.
    A worker that dies before the commit leaves no row, so the next run sends it: nothing is
    lost; a duplicate needs a crash between the mail server accepting the message and the COMMIT.
    """
    today = today or timezone.localdate()
    steps = reminder_steps()
    deadlines = list(
        Deadline.objects.filter(met_at__isnull=True, due__lte=today + dt.timedelta(days=max(steps, default=0)))
        .exclude(review__status=ReviewStatus.CLOSED)
        .select_related("review__state", "review__phase")
        .order_by("due", "pk")
    )
    wanted = [(d, step) for d in deadlines if (step := due_step(d.due, today, steps)) is not None]
    if not wanted:
        return 0
    done = set(ReminderSent.objects.filter(deadline__in=[d.pk for d, _s in wanted]).values_list("deadline_id", "step"))
    todo = [(d, step) for d, step in wanted if (d.pk, step) not in done]
    if not todo:
        return 0
    copy = secretariat_emails()
    recipients: dict[int, object] = {}
    sent = 0
    for deadline, step in todo:
        state = deadline.review.state
        if state.pk not in recipients:
            recipients[state.pk] = communications_recipient(state)
        if _send_one(deadline, step, recipients[state.pk], copy, today):
            sent += 1
    return sent


def _send_one(deadline: Deadline, step: str, recipient, copy: list[str], today: dt.date) -> bool:
    to = [recipient.email] if recipient is not None and recipient.email else []
    if not to and not copy:
        return False
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(deadline=deadline, step=step, claimed_at=timezone.now())
            review = deadline.review
            with translation.override(review.mail_language):
                context = {
                    "review": review,
                    "deadline": deadline,
                    "kind": deadline.get_kind_display(),
                    "passed": step == ReminderSent.PASSED,
                    "days": (deadline.due - today).days,
                    "recipient": recipient,
                }
                if step == ReminderSent.PASSED:
                    subject = _("Deadline passed: %(kind)s — review of %(state)s") % {
                        "kind": context["kind"],
                        "state": review.state,
                    }
                else:
                    subject = _("Reminder: %(kind)s due on %(due)s — review of %(state)s") % {
                        "kind": context["kind"],
                        "due": deadline.due.isoformat(),
                        "state": review.state,
                    }
                body = render_to_string("reviews/email/reminder.txt", context)
            EmailMessage(subject=subject, body=body, to=to or copy, cc=copy if to else []).send()
            claim.sent_at = timezone.now()
            claim.recipients = ", ".join(to + copy)
            claim.save(update_fields=["sent_at", "recipients"])
    except IntegrityError:
        return False  # another run holds or has sent this one
    except Exception:
        # the claim rolled back with the failure: the next run tries again
        logger.exception("Reminder for deadline %s (%s) not sent", deadline.pk, step)
        return False
    return True
