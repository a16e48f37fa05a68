from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "sherloc.registry"
    label = "registry"
    verbose_name = "Reference registry"
