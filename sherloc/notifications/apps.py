from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sherloc.notifications"
    label = "notifications"
    verbose_name = "Notices"
