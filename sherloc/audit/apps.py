from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The access log (docs/access-log.md): a core app that imports no domain app."""

    name = "sherloc.audit"
    label = "audit"
    verbose_name = _("Access log")
