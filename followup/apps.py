from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow-up: technical assistance, progress and the general report"

    def ready(self):
        from . import receivers  # noqa: F401 - a final list of observations makes its needs tracked
