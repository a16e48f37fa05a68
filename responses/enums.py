from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseStatus(models.TextChoices):
    DRAFTING = "drafting", _("being drafted")
    SUBMITTED = "submitted", _("submitted")


class ClosedAnswer(models.TextChoices):
    """The answers of a yes / no / partly question, in the order the 2020 questionnaires used."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Yes, in part")
    NO = "no", _("No")


class AnswerSource(models.TextChoices):
    OWN = "", _("written for this response")
    EARLIER = "earlier", _("reused from an earlier response")
    UNCAC = "uncac", _("reused from the UNCAC review")
