from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_notices(notice_ids: list[int]) -> int:
    """E-mail these notices, each on its own and once; queued when the event commits."""
    return sum(services.send_immediate(pk) for pk in notice_ids)


@shared_task
def send_daily_digests() -> int:
    """Beat, daily: one e-mail per user who chose the digest, with every notice waiting."""
    return services.send_daily_digests()


@shared_task
def send_pending_notices() -> int:
    """Beat: notices whose e-mail was lost or refused, sent again."""
    return services.send_pending()
