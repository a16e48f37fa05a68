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


class DeadlineKind(models.TextChoices):
    RESPONSES = "responses", _("responses to the questionnaire (P 33)")
    FEEDBACK = "feedback", _("written feedback (P 34)")
    DIALOGUE = "dialogue", _("end of the constructive dialogue")
    OBSERVATIONS = "observations", _("agreement on the list of observations")


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
