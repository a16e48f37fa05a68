from celery import shared_task

from . import changes


@shared_task
def prune_changes() -> int:
    """Nightly: the transactions every snapshot sees are forgotten, and the kept pages rendered again."""
    return changes.prune() if changes.enabled() else 0
