"""Self-assessment questionnaires as versioned data: questions per article, sections per cluster (P 18)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import Article, Cluster, Instrument

from .enums import Lifecycle, QuestionKind


class Questionnaire(models.Model):
    """One version of the questionnaire for an instrument. Once adopted, it never changes."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="questionnaires")
    version = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Lifecycle.choices, default=Lifecycle.DRAFT)
    finalised_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    decision_reference = models.CharField(max_length=300, blank=True, help_text=_("The decision that adopted it."))

    class Meta:
        ordering = ["instrument__position", "-adopted_at", "version"]
        constraints = [models.UniqueConstraint(fields=["instrument", "version"], name="one_questionnaire_per_version")]

    def __str__(self):
        return f"{self.instrument} {self.version} ({self.get_status_display()})"


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    qid = models.SlugField(max_length=60)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.JSONField(help_text=_("The question in each language: {language code: text}."))
    choices = models.JSONField(default=list, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    condition = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "cluster__position", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "qid"], name="one_question_per_id")]

    def __str__(self):
        return self.qid
