"""Controlled lists of the follow-up (docs/followup.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssistanceKind(models.TextChoices):
    """The kinds of technical assistance, in the order every table and chart shows them (never by count)."""

    LEGISLATIVE = "legislative", _("legislative drafting")
    TRAINING = "training", _("training")
    INSTITUTION = "institution", _("institution building")
    EQUIPMENT = "equipment", _("equipment")
    DATA = "data", _("data and statistics")
    OTHER = "other", _("other")


KIND_ORDER = list(AssistanceKind)

# words (English, lower case) that suggest the kind of a need when it is first tracked; the State or
# the secretariat corrects it. The first kind whose word appears wins; otherwise "other".
KIND_HINTS = [
    (AssistanceKind.LEGISLATIVE, ("legislat", "draft law", "bill ", "law ")),
    (AssistanceKind.TRAINING, ("training", "train ")),
    (AssistanceKind.INSTITUTION, ("institution", "unit", "agency", "system")),
    (AssistanceKind.EQUIPMENT, ("equipment", "hardware", "vehicle")),
    (AssistanceKind.DATA, ("data", "statistic")),
]


class NeedStatus(models.TextChoices):
    OPEN = "open", _("not reported yet")
    ADDRESSED = "addressed", _("addressed")
    PARTLY = "partly", _("partly addressed")
    NOT_ADDRESSED = "not_addressed", _("not addressed")


class MeasureStage(models.TextChoices):
    PLANNED = "planned", _("planned")
    TAKEN = "taken", _("taken")


class Breakdown(models.TextChoices):
    """The ways the Working Group on Technical Assistance may cut the needs (P 44)."""

    ARTICLE = "article", _("article")
    CLUSTER = "cluster", _("cluster")
    INSTRUMENT = "instrument", _("instrument")
    KIND = "kind", _("kind of assistance")


MAX_TEXT = 10_000
MAX_SHORT = 300
