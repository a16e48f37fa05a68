"""Country reviews (P 25–36): the desk review of one State in one phase, its deadlines,
written feedback, the archived constructive dialogue, reminders and phase advancement (P 9).

Every write goes through `reviews.services`; a raw `.save()` elsewhere is a bug.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import Article, State, WorkplanPhase
from sherloc.storage import private_storage, random_name

from .enums import AdvancementBasis, DeadlineKind, MessageKind, QuestionKind, ReviewStatus


class PhaseAdvancement(models.Model):
    """A phase opened for one year group of P 16 (P 9), and on what basis."""

    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="advancements")
    year_group = models.PositiveSmallIntegerField(help_text=_("The group of P 16 (year of the drawing)."))
    basis = models.CharField(max_length=24, choices=AdvancementBasis.choices)
    completed_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Share of the previous phase's foreseen reviews completed at opening.")
    )
    threshold_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    decision_reference = models.CharField(max_length=300, blank=True, help_text=_("The Conference decision (P 9)."))
    decision_note = models.TextField(blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["year_group", "phase__number"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "year_group"], name="one_opening_per_phase_and_group"),
            models.CheckConstraint(
                condition=~Q(basis=AdvancementBasis.CONFERENCE_DECISION) | ~Q(decision_reference=""),
                name="conference_override_needs_reference",
            ),
        ]

    def __str__(self):
        return f"{self.phase} — group {self.year_group}"


class CountryReview(models.Model):
    """One State under review in one phase (P 25): its reviewing States are those of the
    confirmed drawing (read through lots.selectors), for all four phases (P 28)."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="country_reviews")
    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="country_reviews")
    year_group = models.PositiveSmallIntegerField(help_text=_("The group of P 16 the State belongs to."))
    foreseen = models.BooleanField(
        default=True, help_text=_("Foreseen when the phase opened: counts towards advancement (P 9).")
    )
    status = models.CharField(max_length=24, choices=ReviewStatus.choices, default=ReviewStatus.SCHEDULED)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, blank=True)
    second_language = models.CharField(max_length=10, choices=settings.LANGUAGES, blank=True)
    second_language_reason = models.TextField(
        blank=True, help_text=_("P 49: two working languages only where the parties could not agree on one.")
    )
    scheduled_at = models.DateTimeField()
    responses_received_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The State's review phase begins on submission of its responses (P 25).")
    )
    status_changed_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state__name", "phase__number"]
        constraints = [
            models.UniqueConstraint(fields=["state", "phase"], name="one_review_per_state_and_phase"),
            models.CheckConstraint(
                condition=Q(second_language="") | (~Q(second_language_reason="") & ~Q(second_language=F("language"))),
                name="second_language_only_by_recorded_exception",
            ),
        ]
        indexes = [models.Index(fields=["phase", "year_group", "status"])]

    def __str__(self):
        return f"{self.state} — {self.phase}"

    @property
    def began_at(self):
        """P 25: the phase opens for the group (`scheduled_at`); the State's review begins when it submits."""
        return self.responses_received_at

    @property
    def mail_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE


class Transition(models.Model):
    """One step of a review's life: who moved it, when, from where to where. Appended only."""

    review = models.ForeignKey(CountryReview, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=24, choices=ReviewStatus.choices)
    to_status = models.CharField(max_length=24, choices=ReviewStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "at", "pk"]


# every insert, change and deletion is recorded by a database trigger (docs/access-log.md)
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Deadline(models.Model):
    """A time frame agreed in consultations (P 30) or set by the Procedures (P 33, P 34)."""

    review = models.ForeignKey(CountryReview, on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField(max_length=16, choices=DeadlineKind.choices)
    due = models.DateField()
    agreed_at = models.DateTimeField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    met_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "kind"]
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="one_deadline_per_kind")]
        indexes = [models.Index(fields=["met_at", "due"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.due}"

    @property
    def duty_label(self):
        """Whose duty the deadline is (DeadlineKind.duty), as the pages name it."""
        return DeadlineKind(self.kind).duty.label


class ReminderSent(models.Model):
    """One reminder (or notice of a passed deadline) per deadline and step, at most once.

    The unique constraint is the claim: the task inserts this row, sends, and stamps
    `sent_at` in one transaction, so a second run (or a concurrent worker) cannot insert
    it again, and a worker that dies before the commit leaves no row (see services).
    """

    PASSED = "passed"

    # what is owed: a deadline of the review, or the State's response, which owns its own date (P 33)
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")
    response = models.ForeignKey(
        "responses.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(max_length=8, help_text=_("Days before the deadline, or 'passed'."))
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "step"], condition=Q(deadline__isnull=False), name="one_reminder_per_step"
            ),
            models.UniqueConstraint(
                fields=["response", "step"], condition=Q(response__isnull=False), name="one_response_reminder_per_step"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) ^ Q(response__isnull=True), name="reminder_of_one_duty"
            ),
        ]


# every insert, change and deletion is recorded by a database trigger (docs/access-log.md)
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TimeFrameProposal(models.Model):
    """Time frames and working language proposed in consultations (P 30, P 33, P 49). They hold
    once the State under review and every reviewing State have confirmed this same proposal."""

    review = models.ForeignKey(CountryReview, on_delete=models.PROTECT, related_name="proposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("Empty: secretariat.")
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    second_language = models.CharField(max_length=10, choices=settings.LANGUAGES, blank=True)
    second_language_reason = models.TextField(blank=True)
    responses_due = models.DateField()
    feedback_months = models.PositiveSmallIntegerField()
    dialogue_due = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    proposed_at = models.DateTimeField()
    agreed_at = models.DateTimeField(null=True, blank=True, help_text=_("When the last party confirmed it."))

    class Meta:
        ordering = ["review", "proposed_at", "pk"]


# every insert, change and deletion is recorded by a database trigger (docs/access-log.md)
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class TimeFrameConfirmation(models.Model):
    """One party's confirmation of one proposal, through its focal point (P 30)."""

    proposal = models.ForeignKey(TimeFrameProposal, on_delete=models.PROTECT, related_name="confirmations")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "state"], name="one_confirmation_per_party")]


class ArticleAllocation(models.Model):
    """Which reviewing State, and which of its experts, covers an article (P 31)."""

    review = models.ForeignKey(CountryReview, on_delete=models.CASCADE, related_name="allocations")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()

    class Meta:
        ordering = ["article__instrument__position", "article__number"]
        constraints = [models.UniqueConstraint(fields=["review", "article"], name="one_allocation_per_article")]


class Feedback(models.Model):
    """Written feedback of the reviewing States on one article (P 34)."""

    review = models.ForeignKey(CountryReview, on_delete=models.PROTECT, related_name="feedback")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    measures = models.TextField(blank=True)
    successes = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True, help_text=_("When the feedback went to the State."))

    class Meta:
        ordering = ["article__instrument__position", "article__number"]
        constraints = [models.UniqueConstraint(fields=["review", "article"], name="one_feedback_per_article")]


class FeedbackQuestion(models.Model):
    """A request for clarification or a supplementary question, answered in place (P 34)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    text = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]


class DialogueThread(models.Model):
    """The secure written thread of a review (P 34), or of one of its articles."""

    review = models.ForeignKey(CountryReview, on_delete=models.PROTECT, related_name="threads")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "article__instrument__position", "article__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(article__isnull=True), name="one_general_thread_per_review"
            ),
            models.UniqueConstraint(fields=["review", "article"], name="one_thread_per_article"),
        ]

    def __str__(self):
        """The subject in the reader's language: the article's label for an article's thread, else
        the general thread's name (the stored subject is the English label kept for the record)."""
        if self.article_id:
            return str(self.article)
        return str(_("Constructive dialogue"))


class Message(models.Model):
    """A posted message or record of a contact held elsewhere (P 35). Never edited or
    deleted (on PostgreSQL a trigger refuses it); a correction is a new message."""

    thread = models.ForeignKey(DialogueThread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("Empty: secretariat.")
    )
    kind = models.CharField(max_length=16, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    held_on = models.DateField(null=True, blank=True, help_text=_("For a record: when the contact took place."))
    body = models.TextField()
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    idempotency_key = models.UUIDField(unique=True, default=uuid.uuid4)
    posted_at = models.DateTimeField()

    class Meta:
        ordering = ["posted_at", "pk"]
        indexes = [models.Index(fields=["thread", "id"])]


def attachment_path(instance, filename):
    """A random name: the review and the user's file name stay in the database only."""
    return random_name("dialogue")


class Attachment(models.Model):
    """A file posted with a message; archived like the message."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(max_length=255, help_text=_("The name the user gave the file."))
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120, blank=True)
    sha256 = models.CharField(max_length=64, help_text=_("Of the bytes uploaded; checked on every download."))

    class Meta:
        ordering = ["pk"]


class ReadMarker(models.Model):
    """How far a user has read a thread: the unread markers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(DialogueThread, on_delete=models.CASCADE, related_name="read_markers")
    last_read_message_id = models.BigIntegerField(default=0)
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_read_marker_per_user_thread")]
