"""Kinds and steps of the documents capability (docs/documents.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CRP = "crp", _("conference room paper")
    REPORT = "report", _("report")


class WorkingGroup(models.TextChoices):
    """The working groups of the Conference, by the code of their UN document symbols (docs/documents.md)."""

    WG2 = "WG.2", _("Working Group of Government Experts on Technical Assistance")
    WG3 = "WG.3", _("Working Group on International Cooperation")
    WG4 = "WG.4", _("Working Group on Trafficking in Persons")
    WG6 = "WG.6", _("Working Group on Firearms")
    WG7 = "WG.7", _("Working Group on the Smuggling of Migrants")


class Language(models.TextChoices):
    """The six working languages of the Mechanism (P 48), in the order of the portal's settings."""

    AR = "ar", _("Arabic")
    ZH = "zh-hans", _("Chinese")
    EN = "en", _("English")
    FR = "fr", _("French")
    RU = "ru", _("Russian")
    ES = "es", _("Spanish")


class VersionStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    IN_TRANSLATION = "in_translation", _("in translation")
    RECEIVED = "received", _("received")
    PUBLISHED = "published", _("published")


# the only moves a person makes by hand; "received" is reached by uploading or typing the text
NEXT_BY_HAND = {
    VersionStatus.REQUESTED: VersionStatus.IN_TRANSLATION,
    VersionStatus.RECEIVED: VersionStatus.PUBLISHED,
}


class Origin(models.TextChoices):
    NONE = "", _("no text yet")
    UPLOADED = "uploaded", _("uploaded")
    TYPED = "typed", _("typed")
    RENDERED = "rendered", _("rendered from its source")


class RenderStatus(models.TextChoices):
    NONE = "", _("no file yet")
    PENDING = "pending", _("waiting to be rendered")
    RENDERING = "rendering", _("rendering")
    READY = "ready", _("ready")
    FAILED = "failed", _("rendering failed")

    @classmethod
    def in_progress(cls) -> list[str]:
        return [cls.PENDING, cls.RENDERING]
