from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    OPEN = "open", _("open: seed announced")
    SELECTION = "selection", _("year groups drawn")
    CONFIRMED = "confirmed", _("confirmed")
    CONCLUDED = "concluded", _("later meeting: redraws confirmed")
    ABANDONED = "abandoned", _("abandoned")

    @classmethod
    def closed(cls) -> frozenset["SessionStatus"]:
        """Nothing more is drawn at a session in these states."""
        return frozenset({cls.CONFIRMED, cls.CONCLUDED, cls.ABANDONED})


class AssignmentRole(models.TextChoices):
    SAME_REGION = "same_region", _("from the same regional group")
    OTHER_REGION = "other_region", _("from another regional group")
    ADDITIONAL = "additional", _("additional, for some instruments")
