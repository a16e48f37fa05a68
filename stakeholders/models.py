"""Stakeholders and the informal meetings on the margins of the working groups (P 52, docs/stakeholders.md).

Every write goes through `stakeholders.services`; a raw `.save()` elsewhere is a bug. Nothing here
refers to country review material: stakeholders never reach it (tests/stakeholders/test_no_review_material.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from sherloc.accounts.models import Organisation
from sherloc.registry.models import State
from sherloc.storage import private_storage, random_name

from .enums import CommentStatus, EcosocStatus, InvitationStatus, ObjectionStatus, WorkingGroup


def _briefing_path(instance, filename):
    return random_name("stakeholders")


class ConferenceSession(models.Model):
    """A session of the Conference of the Parties: observers are entitled per session (P 52 (c))."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title


class StakeholderProfile(models.Model):
    """What the Mechanism knows of an NGO, IGO, UN entity or non-signatory State (section IX)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="stakeholder")
    email = models.EmailField(help_text=_("Where invitations are sent."))
    ecosoc_status = models.CharField(max_length=10, choices=EcosocStatus.choices, blank=True, default="")
    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, help_text=_("For a non-signatory State.")
    )
    sessions = models.ManyToManyField(ConferenceSession, through="ObserverEntitlement", related_name="+")

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)


class ObserverEntitlement(models.Model):
    """Whether an organisation was entitled to participate as an observer in a session of the Conference
    (rules 14–17 of its rules of procedure), as the secretariat's list says."""

    profile = models.ForeignKey(StakeholderProfile, on_delete=models.CASCADE, related_name="entitlements")
    session = models.ForeignKey(ConferenceSession, on_delete=models.CASCADE, related_name="entitlements")
    entitled = models.BooleanField(default=True)

    class Meta:
        ordering = ["session__number", "profile__organisation__name"]
        constraints = [models.UniqueConstraint(fields=["profile", "session"], name="one_entitlement_per_session")]


class Meeting(models.Model):
    """An informal meeting with stakeholders on the margins of a working-group session (P 52 (a), (h))."""

    working_group = models.CharField(max_length=8, choices=WorkingGroup.choices)
    working_group_session = models.CharField(max_length=200, help_text=_("The session on whose margins it is held."))
    conference_session = models.ForeignKey(
        ConferenceSession,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The session of the Conference before the meeting: its observers are invited (P 52 (c))."),
    )
    title = models.CharField(max_length=200)
    date = models.DateField()
    place = models.CharField(max_length=200)
    agenda = models.TextField()
    president_request = models.CharField(
        max_length=300, help_text=_("The request of the President of the Conference (P 52 (a)).")
    )
    chair = models.CharField(max_length=200, help_text=_("The chair of the working group who conducts it."))
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "pk"]

    def __str__(self):
        return self.title


class BriefingMaterial(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="briefings")
    file = models.FileField(upload_to=_briefing_path, storage=private_storage, max_length=300)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]


class Invitation(models.Model):
    """One organisation invited to one meeting (P 52 (c)); the unique pair is the claim that it is never
    invited, nor e-mailed, twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    profile = models.ForeignKey(StakeholderProfile, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.QUEUED)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late_refused_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a confirmation after the deadline was refused (P 52 (e)).")
    )

    class Meta:
        ordering = ["profile__organisation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "profile"], name="one_invitation_per_meeting")]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self):
        return f"{self.profile} — {self.meeting}"


class Objection(models.Model):
    """A State party objects to an NGO's participation; the working group decides (P 52 (d))."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="objections")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING)
    decision = models.TextField(blank=True, help_text=_("The working group's decision, as recorded."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ngo_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "state"],
                condition=Q(status=ObjectionStatus.PENDING),
                name="one_pending_objection_per_state",
            )
        ]


class StateAttendance(models.Model):
    """A representative of a State party or signatory registered for a meeting (P 52 (f))."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="state_attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()

    class Meta:
        ordering = ["state__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_registration_per_user")]


class Comment(models.Model):
    """A written comment sent with the confirmation of attendance (P 52 (e)), screened for specific
    country situations before it circulates (P 52 (b))."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_state = models.ForeignKey(
        State,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A State raising matters of its own review (P 52 (b))."),
    )
    text = models.TextField()
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    attachment = models.FileField(upload_to=_briefing_path, storage=private_storage, max_length=300, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)
    attachment_type = models.CharField(max_length=120, blank=True)
    matches = models.JSONField(default=list, blank=True, help_text=_("What the screening found."))
    status = models.CharField(max_length=10, choices=CommentStatus.choices)
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text=_("Why the secretariat released or returned it."))

    class Meta:
        ordering = ["submitted_at", "pk"]


class Summary(models.Model):
    """The secretariat's summary of a meeting, submitted to the working groups as a conference room paper
    (P 52 (g)). A document source of the `documents` app (documents/sources.py): the five methods below."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="summary")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "summaries"

    def __str__(self):
        return self.document_title()

    # -- the documents contract -------------------------------------------------------------
    def document_title(self) -> str:
        meeting = self.meeting
        return (
            f"Summary of the informal meeting with stakeholders on the margins of the "
            f"{meeting.working_group_session} ({meeting.get_working_group_display()}), {meeting.date.isoformat()}"
        )

    def document_language(self) -> str:
        return self.language

    def document_html(self) -> str:
        meeting = self.meeting
        parts = [
            f"<h1>{escape(self.document_title())}</h1>",
            f"<p>{escape(meeting.place)}, {escape(meeting.date.isoformat())}</p>",
            f"<h2>{escape(_('Agenda'))}</h2>",
            linebreaks(meeting.agenda, autoescape=True),
            f"<h2>{escape(_('Summary'))}</h2>",
            linebreaks(self.text, autoescape=True),
        ]
        return "\n".join(parts)

    def document_state(self):
        return None  # no specific country situation (P 52 (b)): the material of no State

    def document_restricted(self) -> bool:
        return False  # submitted to the working groups as a CRP, for circulation (P 52 (g))


class ActivityReport(models.Model):
    """A report of stakeholders' activities and contributions to implementing the recommendations,
    individually or jointly (P 52 (i)): every co-signing organisation is in `organisations`."""

    title = models.CharField(max_length=200)
    body = models.TextField()
    working_groups = models.JSONField(default=list, help_text=_("Codes of the working groups reported to."))
    organisations = models.ManyToManyField(StakeholderProfile, related_name="activity_reports")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "pk"]

    def __str__(self):
        return self.title
