from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sherloc.portal"
    label = "portal"
    verbose_name = "Portal"
