from django.db import models
from django.utils.translation import gettext_lazy as _


class Material(models.TextChoices):
    """What of its review a State may disclose (P 41, P 42)."""

    RESPONSES = "responses", _("responses to the self-assessment questionnaire")
    DIALOGUE = "dialogue", _("the constructive dialogue")
    DOCUMENTATION = "documentation", _("documentation of the review (files of the dialogue)")


class Audience(models.TextChoices):
    STATES_PARTIES = "states_parties", _("all States parties (P 41)")
    STATE = "state", _("one State party, on its request (P 41)")
    PUBLIC = "public", _("the public (P 42)")


class RequestDecision(models.TextChoices):
    PENDING = "pending", _("awaiting the State's decision")
    GRANTED = "granted", _("granted")
    DECLINED = "declined", _("declined")
