"""A State's response to the self-assessment questionnaires of a phase (P 18–23, P 33).

A response is drafted in sections (one per instrument, for the phase's cluster) that the
focal point gives to national contributors and experts (P 22); it is submitted through the
module (P 19) as a frozen snapshot, and reopened only by the secretariat.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questionnaires.models import Question, Questionnaire
from sherloc.registry.models import State, WorkplanPhase
from sherloc.storage import private_storage, random_name

from .enums import AnswerSource, ResponseStatus


class Response(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="questionnaire_responses")
    phase = models.ForeignKey(WorkplanPhase, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, help_text=_("The working language of the response (P 18).")
    )
    deadline = models.DateField(help_text=_("Agreed date for submission: at most six months (P 33)."))
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFTING)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True, help_text=_("Of the latest submission."))

    class Meta:
        ordering = ["state__name", "phase__number"]
        constraints = [models.UniqueConstraint(fields=["state", "phase"], name="one_response_per_state_and_phase")]

    def __str__(self):
        return f"{self.state} — {self.phase}"

    @property
    def cluster(self):
        return self.phase.cluster

    @property
    def overdue(self) -> bool:
        return self.status == ResponseStatus.DRAFTING and self.deadline < timezone.localdate()


class Section(models.Model):
    """The questions of one instrument for the phase's cluster, in the version in force at opening."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="sections")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="response_sections")

    class Meta:
        ordering = ["response", "questionnaire__instrument__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "questionnaire"], name="one_section_per_questionnaire")
        ]
        permissions = [("draft_section", "Draft the answers of a section of a response")]

    def __str__(self):
        return str(self.questionnaire.instrument)


class Answer(models.Model):
    """The current answer to one question. `version` rises with every save, so two people
    editing the same answer meet a conflict instead of overwriting each other."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=AnswerSource.choices, blank=True, default=AnswerSource.OWN)
    source_label = models.CharField(max_length=300, blank=True, help_text=_("Where a reused answer came from."))
    edited_since_reuse = models.BooleanField(default=False)

    class Meta:
        ordering = ["response", "question__position"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]


def attachment_path(instance, filename):
    """A random name: the State, the response and the user's file name stay in the database only."""
    return random_name("answers")


def pdf_path(instance, filename):
    return random_name("submissions")


class Attachment(models.Model):
    """A file given with an answer. Never deleted once uploaded: a removed file stays readable
    from the snapshots that include it."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(max_length=200, help_text=_("The name the user gave the file."))
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, help_text=_("Of the bytes uploaded; checked on every download."))
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


# every insert, change and deletion is recorded by a database trigger (docs/access-log.md)
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Snapshot(models.Model):
    """A submission, frozen: the content as submitted, its time and its SHA-256 (P 19)."""

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="snapshots")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=pdf_path, storage=private_storage, blank=True, max_length=300)
    pdf_sha256 = models.CharField(max_length=64, blank=True, help_text=_("Of the PDF; checked on every download."))
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_request = models.CharField(max_length=300, blank=True, help_text=_("The State's request to reopen."))

    class Meta:
        ordering = ["response", "number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"], name="snapshots_numbered_once")]

    def __str__(self):
        return f"{self.response} #{self.number}"
