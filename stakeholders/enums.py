"""States and kinds of the stakeholders' part of the Mechanism (P 52, docs/stakeholders.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingGroup(models.TextChoices):
    """The working groups, by the code of their UN document symbols.

    The same values as `documents.enums.WorkingGroup` (the documents app owns the list); kept
    here so that this app never imports `documents` (the summaries are document sources)."""

    WG2 = "WG.2", _("Working Group of Government Experts on Technical Assistance")
    WG3 = "WG.3", _("Working Group on International Cooperation")
    WG4 = "WG.4", _("Working Group on Trafficking in Persons")
    WG6 = "WG.6", _("Working Group on Firearms")
    WG7 = "WG.7", _("Working Group on the Smuggling of Migrants")


class EcosocStatus(models.TextChoices):
    NONE = "", _("none")
    GENERAL = "general", _("general consultative status")
    SPECIAL = "special", _("special consultative status")
    ROSTER = "roster", _("on the Roster")


class InvitationStatus(models.TextChoices):
    QUEUED = "queued", _("to be sent")
    SENT = "sent", _("sent")
    BOUNCED = "bounced", _("bounced")
    CONFIRMED = "confirmed", _("attendance confirmed")

    @classmethod
    def confirmable(cls) -> list[str]:
        return [cls.QUEUED, cls.SENT, cls.BOUNCED]


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("referred to the working group")
    UPHELD = "upheld", _("upheld: the organization does not participate")
    DISMISSED = "dismissed", _("dismissed: the organization participates")


class CommentStatus(models.TextChoices):
    CIRCULATED = "circulated", _("circulated")
    FLAGGED = "flagged", _("waiting for the secretariat (names a State)")
    RELEASED = "released", _("released by the secretariat")
    RETURNED = "returned", _("returned to its author")

    @classmethod
    def circulating(cls) -> list[str]:
        return [cls.CIRCULATED, cls.RELEASED]
