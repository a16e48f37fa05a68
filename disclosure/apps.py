from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Disclosure by the State")
    default_auto_field = "django.db.models.BigAutoField"
