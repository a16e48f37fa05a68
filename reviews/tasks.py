from celery import shared_task

from . import notices, services


@shared_task
def send_deadline_reminders() -> int:
    """Beat, daily: reminders 30, 7 and 1 days before each deadline and a notice once passed."""
    return services.send_due_reminders()


@shared_task(acks_late=True)
def tell(event: str, pk: int, by: int | None = None) -> int:
    """Once a write has committed: the notices of what happened (P 17, P 32), see reviews.notices."""
    return notices.tell(event, pk, by=by)
