from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    """What a user did with confidential material (docs/access-log.md)."""

    VIEW = "view", _("Read a page")
    DOWNLOAD = "download", _("Downloaded a file")
    PDF = "pdf", _("Downloaded a PDF")
    ATTACHMENT = "attachment", _("Downloaded an attachment")
    WRITE = "write", _("Sent a change")
    DISCLOSURE = "disclosure", _("Disclosure decision")
