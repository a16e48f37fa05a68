"""A State's decisions to disclose material of its own review (P 36, P 41, P 42): every decision
keeps who took it and when; a withdrawal is recorded on the decision, never by deleting it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import State, WorkplanPhase

from .enums import Audience, Material, RequestDecision


class DisclosureQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)


class Disclosure(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="disclosures")
    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="+")
    material = models.CharField(max_length=16, choices=Material.choices)
    part = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Empty for the whole material; else one part: an instrument's section, a thread, a file."),
    )
    part_label = models.CharField(max_length=200, blank=True, help_text=_("The part in words, as the State chose it."))
    audience = models.CharField(max_length=16, choices=Audience.choices)
    to_state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "DisclosureRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["state__name", "phase__number", "material", "part", "decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="state", to_state__isnull=False)
                | (~Q(audience="state") & Q(to_state__isnull=True)),
                name="disclosure_to_one_state_names_it",
            ),
            models.UniqueConstraint(
                fields=["state", "phase", "material", "part", "audience", "to_state"],
                condition=Q(withdrawn_at__isnull=True),
                nulls_distinct=False,
                name="one_disclosure_in_force_per_part_and_audience",
            ),
        ]
        indexes = [models.Index(fields=["state", "phase", "material"])]

    def __str__(self):
        return f"{self.state} {self.phase} {self.material} {self.part or '*'} → {self.audience}"


class DisclosureRequest(models.Model):
    """Another State party asks to see the dialogue or documentation of a State's review (P 41)."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="disclosure_requests_received")
    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="+")
    material = models.CharField(max_length=16, choices=[c for c in Material.choices if c[0] != Material.RESPONSES])
    requesting_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="disclosure_requests_made")
    reason = models.TextField(max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=RequestDecision.choices, default=RequestDecision.PENDING)
    decision_note = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "phase", "material", "requesting_state"],
                condition=Q(decision="pending"),
                name="one_pending_request_per_material",
            ),
        ]

    def __str__(self):
        return f"{self.requesting_state} asks {self.state} for {self.material} ({self.phase})"


class PublicUseRequest(models.Model):
    """P 36: the State asks the secretariat to use information of its review in public SHERLOC pages."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="public_use_requests")
    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="+")
    scope = models.TextField(max_length=2000, help_text=_("What information the secretariat may use."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.state} ({self.phase}): public use"
