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
    """A signatory that asks to be reviewed (P 51); it is reviewed but does not review."""

    state = models.OneToOneField(State, on_delete=models.CASCADE, related_name="review_as_signatory")
    decision_reference = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["state__name"]
        verbose_name_plural = "volunteering signatories"

    def __str__(self):
        return str(self.state)


class DrawingSession(models.Model):
    """One drawing of lots at an intersessional meeting, from a seed announced beforehand."""

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


class LogEntry(models.Model):
    """One step of a drawing, in order. Appended, never edited."""

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
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]


class YearGroupPlacement(models.Model):
    """The year in which a State's review starts (P 16), from the confirmed drawing."""

    session = models.ForeignKey(DrawingSession, on_delete=models.PROTECT, related_name="placements")
    state = models.OneToOneField(State, on_delete=models.PROTECT, related_name="year_group_placement")
    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["year", "state__name"]


class ReviewingAssignment(models.Model):
    """A reviewing State for a State under review, for all four phases (P 28)."""

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
