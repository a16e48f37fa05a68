from django.db import models
from django.utils.translation import gettext_lazy as _


class Lifecycle(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINALISED = "finalised", _("finalised by a working group")
    ADOPTED = "adopted", _("adopted by the Conference")


class QuestionKind(models.TextChoices):
    YES_NO_PARTLY = "yes_no_partly", _("yes / no / partly")
    SINGLE_CHOICE = "single_choice", _("single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("multiple choice")
    SHORT_TEXT = "short_text", _("short text")
    LEGISLATION = "legislation", _("references to legislation")
    ATTACHMENT = "attachment", _("attachments")
