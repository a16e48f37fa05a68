from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    """The life of one country review in one phase (P 25–36), in order."""

    SCHEDULED = "scheduled", _("scheduled")
    CONSULTATIONS = "consultations", _("consultations on time frames and language")
    RESPONSES_DUE = "responses_due", _("responses to the questionnaire due")
    RESPONSES_RECEIVED = "responses_received", _("responses received; articles being divided")
    FEEDBACK_DUE = "feedback_due", _("written feedback due")
    DIALOGUE = "dialogue", _("constructive dialogue")
    OBSERVATIONS = "observations", _("list of observations")
    CLOSED = "closed", _("completed")

    # The named sets of stages the rules speak of (reviews.permissions reads them; no view keeps its own).
    @classmethod
    def allocation_states(cls) -> frozenset:
        """P 31: the articles are divided between the consultations and the written feedback."""
        return frozenset({cls.RESPONSES_DUE, cls.RESPONSES_RECEIVED, cls.FEEDBACK_DUE})

    @classmethod
    def question_states(cls) -> frozenset:
        """P 34: questions are asked with the feedback or in the dialogue."""
        return frozenset({cls.FEEDBACK_DUE, cls.DIALOGUE})

    @classmethod
    def reading_states(cls) -> frozenset:
        """The reviewing States read the submitted responses to divide the articles, write the feedback
        and hold the dialogue (P 31, P 34)."""
        return frozenset({cls.RESPONSES_RECEIVED, cls.FEEDBACK_DUE, cls.DIALOGUE})

    @classmethod
    def open_states(cls) -> frozenset:
        """Every stage before the review of the phase is complete."""
        return frozenset(set(cls) - {cls.CLOSED})

    @classmethod
    def reopenable_states(cls) -> frozenset:
        """A submission reopened on the State's request (P 19) takes its review back to "responses due"
        while the written feedback has not gone to the State."""
        return frozenset({cls.RESPONSES_RECEIVED, cls.FEEDBACK_DUE})


class Duty(models.TextChoices):
    """Whose duty a deadline is (P 17: reminders go to the States that owe it)."""

    UNDER_REVIEW = "under_review", _("the State under review")
    REVIEWING = "reviewing", _("the reviewing States")
    ALL_PARTIES = "all_parties", _("the State under review and its reviewing States")


class DeadlineKind(models.TextChoices):
    RESPONSES = "responses", _("responses to the questionnaire (P 33)")
    FEEDBACK = "feedback", _("written feedback (P 34)")
    DIALOGUE = "dialogue", _("end of the constructive dialogue")
    OBSERVATIONS = "observations", _("agreement on the list of observations")
    FOCAL_POINT = "focal_point", _("appointment of the focal point")
    EXPERTS = "experts", _("appointment of the governmental experts")

    @property
    def duty(self) -> "Duty":
        return DEADLINE_DUTY[self]


DEADLINE_DUTY = {
    DeadlineKind.RESPONSES: Duty.UNDER_REVIEW,  # P 33
    DeadlineKind.FEEDBACK: Duty.REVIEWING,  # P 34
    DeadlineKind.DIALOGUE: Duty.ALL_PARTIES,
    DeadlineKind.OBSERVATIONS: Duty.ALL_PARTIES,  # P 39
    DeadlineKind.FOCAL_POINT: Duty.UNDER_REVIEW,
    DeadlineKind.EXPERTS: Duty.UNDER_REVIEW,
}


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("message")
    CALL_RECORD = "call", _("record of a conference call")
    VIDEOCONFERENCE_RECORD = "videoconference", _("record of a videoconference")
    MEETING_RECORD = "meeting", _("record of a meeting")


class QuestionKind(models.TextChoices):
    CLARIFICATION = "clarification", _("request for clarification or additional information")
    SUPPLEMENTARY = "supplementary", _("supplementary question")


class AdvancementBasis(models.TextChoices):
    FIRST_PHASE = "first_phase", _("first review phase")
    THRESHOLD = "threshold", _("share of completed reviews reached the threshold (P 9)")
    CONFERENCE_DECISION = "conference_decision", _("decision of the Conference (P 9)")
