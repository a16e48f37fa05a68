from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a user wants to hear of its notices by e-mail (each is also listed in the portal)."""

    IMMEDIATE = "immediate", _("one e-mail for each notice, as it happens")
    DAILY_DIGEST = "daily", _("one e-mail a day with all my notices (daily digest)")


class NoticeKind(models.TextChoices):
    """What happened. The domain apps choose the kind; the wording of each is here."""

    MESSAGE_POSTED = "message_posted", _("new message in the constructive dialogue")
    FEEDBACK_SENT = "feedback_sent", _("written feedback sent to your State")
    QUESTION_ASKED = "question_asked", _("question to your State in the written feedback")
    SECTION_ASSIGNED = "section_assigned", _("section of a questionnaire response given to you")
    RESPONSE_SUBMITTED = "response_submitted", _("responses to the questionnaire submitted")
    RESPONSE_REOPENED = "response_reopened", _("submitted responses reopened")
    STAGE_CHANGED = "stage_changed", _("review moved to another stage")


# The subject of each kind of notice: the event and where it happened, nothing of its substance.
SUBJECTS = {
    NoticeKind.MESSAGE_POSTED: _("New message in the constructive dialogue — review of %(state)s, %(phase)s"),
    NoticeKind.FEEDBACK_SENT: _("Written feedback sent to your State — review of %(state)s, %(phase)s"),
    NoticeKind.QUESTION_ASKED: _("A question to your State in the written feedback — review of %(state)s, %(phase)s"),
    NoticeKind.SECTION_ASSIGNED: _("A section is yours to draft: %(section)s — responses of %(state)s, %(phase)s"),
    NoticeKind.RESPONSE_SUBMITTED: _("Responses to the questionnaire submitted — %(state)s, %(phase)s"),
    NoticeKind.RESPONSE_REOPENED: _("Submitted responses reopened for changes — %(state)s, %(phase)s"),
    NoticeKind.STAGE_CHANGED: _("The review of %(state)s, %(phase)s moved to the stage: %(stage)s"),
}
