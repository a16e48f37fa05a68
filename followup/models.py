"""Follow-up of the reviews (P 44–46) and the general report of trends (P 18, P 12).

Every write goes through `followup.services`. A tracked need is made from a technical-assistance item of
a final list of observations (observations.signals.list_final); the general report is a document source
(documents/sources.py) and keeps its tables frozen as generated.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from observations.models import ListVersion, ObservationList
from sherloc.registry.models import Article, Cluster, State, WorkplanPhase

from .enums import AssistanceKind, MeasureStage, NeedStatus


class Need(models.Model):
    """A technical-assistance need identified in a review (P 44, P 45): one item of a final list."""

    observation_list = models.ForeignKey(ObservationList, on_delete=models.PROTECT, related_name="needs")
    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    item_index = models.PositiveIntegerField(help_text=_("Position of the item in the final version."))
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="assistance_needs")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    articles = models.ManyToManyField(Article, related_name="assistance_needs")
    kind = models.CharField(max_length=20, choices=AssistanceKind.choices, default=AssistanceKind.OTHER)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    addressed_by = models.CharField(max_length=300, blank=True, help_text=_("Who provided the assistance."))
    status_note = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["state__name", "observation_list__review__phase__number", "item_index"]
        constraints = [models.UniqueConstraint(fields=["version", "item_index"], name="one_need_per_item")]

    def __str__(self):
        return str(_("Need %(n)s of %(state)s") % {"n": self.item_index + 1, "state": self.state})


class AssistanceRequest(models.Model):
    """P 45: the State asks for assistance with a need; the secretariat records how it was answered
    (seeking voluntary contributions happens outside the portal)."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="requests")
    text = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ProgressReport(models.Model):
    """P 46: progress achieved on one observation of a final list, and measures planned or taken."""

    observation_list = models.ForeignKey(ObservationList, on_delete=models.PROTECT, related_name="progress_reports")
    item_index = models.PositiveIntegerField()
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    progress = models.TextField()
    measures = models.TextField(blank=True)
    stage = models.CharField(max_length=10, choices=MeasureStage.choices, default=MeasureStage.PLANNED)
    as_of = models.DateField(help_text=_("The date the report speaks of."))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["item_index", "as_of", "pk"]


class GeneralReport(models.Model):
    """A general report of trends for one phase (and so one cluster), P 18: its tables frozen as generated."""

    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=10, default="en")
    tables = models.JSONField()
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["phase__number", "number"]
        constraints = [models.UniqueConstraint(fields=["phase", "number"], name="one_general_report_number")]

    def __str__(self):
        return self.document_title()

    # the documents contract (documents/sources.py) -------------------------------------------------
    def document_title(self) -> str:
        return str(
            _("General report of trends: phase %(n)s, %(cluster)s (edition %(e)s)")
            % {"n": self.tables.get("phase", ""), "cluster": self.tables.get("cluster", ""), "e": self.number}
        )

    def document_language(self) -> str:
        return self.language

    def document_html(self) -> str:
        from .report import report_html

        return report_html(self.tables)

    def document_state(self):
        return None  # aggregates of every State: no one State's material

    def document_restricted(self) -> bool:
        return False
