"""Drawing of lots (P 16, P 28, P 29): sessions, their append-only log, and the results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import State

from .enums import AssignmentRole, SessionStatus


class Volunteer(models.Model):
    """A State party that volunteers to review more than three States (P 29)."""

    state = models.OneToOneField(State, on_delete=models.CASCADE, related_name="review_volunteering")
    max_reviews = models.PositiveSmallIntegerField()
    decision_reference = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["state__name"]

    def __str__(self):
        return f"{self.state}: up to {self.max_reviews} reviews"


class VolunteeringSignatory(models.Model):
    """A signatory that asks to be reviewed (P 51), for the instruments it signed; it does not review."""

    state = models.OneToOneField(State, on_delete=models.CASCADE, related_name="review_as_signatory")
    decision_reference = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["state__name"]
        verbose_name_plural = "volunteering signatories"

    def __str__(self):
        return str(self.state)

    @property
    def costs_from_voluntary_contributions(self) -> bool:
        """P 51: the costs of its participation are paid from available voluntary contributions."""
        return True


class DrawingSession(models.Model):
    """One drawing of lots at an intersessional meeting, from a seed announced beforehand.

    A *later meeting* (``continues`` set) takes up the confirmed drawing to carry out the
    redraws deferred to it (P 28): it writes on in the drawing's own log, from the same
    seed and inputs, and its confirmation updates the drawing's reviewing assignments.
    """

    meeting = models.CharField(max_length=300, help_text=_("The joint intersessional meeting of the working groups."))
    meeting_date = models.DateField()
    seed = models.CharField(max_length=128)
    inputs = models.JSONField(help_text=_("The ordered inputs of the draw, frozen when the session opens."))
    volunteers = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_meetings",
        help_text=_("The confirmed drawing this later meeting takes up (P 28)."),
    )
    resume_step = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Position in the drawing's log of the entry that opened this later meeting.")
    )

    class Meta:
        ordering = ["-opened_at"]
        permissions = [("run_drawing", "Run a drawing of lots")]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="confirmed"), name="one_confirmed_drawing"
            )
        ]

    def __str__(self):
        return f"{self.meeting} ({self.meeting_date})"

    @property
    def drawing(self) -> "DrawingSession":
        """The drawing whose log this session writes: itself, or the one a later meeting takes up."""
        return self.continues if self.continues_id else self


class LogEntry(models.Model):
    """One step of a drawing, in order, at its first or a later meeting. Appended, never edited."""

    session = models.ForeignKey(DrawingSession, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveIntegerField()
    entry = models.JSONField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "position"]
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="one_entry_per_position")]


class RedrawRequest(models.Model):
    """A request to redraw a pick (P 28), who asked, and what came of it."""

    session = models.ForeignKey(DrawingSession, on_delete=models.PROTECT, related_name="redraw_requests")
    under_review = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    exceptional_reason = models.TextField(blank=True)
    deferred_to = models.CharField(max_length=300, blank=True, help_text=_("A later intersessional meeting."))
    new_reviewer = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    step = models.PositiveIntegerField(null=True, help_text=_("Position of the request in the drawing's log."))
    carried_out_in = models.ForeignKey(
        DrawingSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_out_redraws",
        help_text=_("The later meeting at which a deferred request was carried out."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]

    @property
    def awaits_later_meeting(self) -> bool:
        return bool(self.deferred_to) and self.carried_out_in_id is None


class YearGroupPlacement(models.Model):
    """The year in which a State's review starts (P 16), from the confirmed drawing."""

    session = models.ForeignKey(DrawingSession, on_delete=models.PROTECT, related_name="placements")
    state = models.OneToOneField(State, on_delete=models.PROTECT, related_name="year_group_placement")
    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["year", "state__name"]


class ReviewingAssignment(models.Model):
    """A reviewing State for a State under review, for all four phases (P 28).

    ``session`` is the drawing; a redraw carried out at a later meeting replaces the row
    when that meeting is confirmed (lots.services), as its log records.
    """

    session = models.ForeignKey(DrawingSession, on_delete=models.PROTECT, related_name="assignments")
    under_review = models.ForeignKey(State, on_delete=models.PROTECT, related_name="assignments_as_reviewed")
    reviewer = models.ForeignKey(State, on_delete=models.PROTECT, related_name="assignments_as_reviewer")
    role = models.CharField(max_length=12, choices=AssignmentRole.choices)
    instruments = models.JSONField(help_text=_("Codes of the instruments this reviewer covers."))

    class Meta:
        ordering = ["under_review__name", "role", "reviewer__name"]
        constraints = [
            models.UniqueConstraint(fields=["under_review", "reviewer"], name="one_assignment_per_pair"),
            models.CheckConstraint(condition=~models.Q(under_review=models.F("reviewer")), name="never_reviews_itself"),
        ]

    def __str__(self):
        return f"{self.reviewer} reviews {self.under_review} ({self.get_role_display()})"
