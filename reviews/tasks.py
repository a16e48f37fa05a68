from celery import shared_task

from . import services


@shared_task
def send_deadline_reminders() -> int:
    """Beat, daily: reminders 30, 7 and 1 days before each deadline and a notice once passed."""
    return services.send_due_reminders()
