from celery import shared_task


@shared_task(acks_late=True)
def render_snapshot_pdf(snapshot_id: int) -> None:
    """Render a submitted response as PDF once; a second run finds it done."""
    from .documents import ensure_pdf
    from .models import Snapshot

    snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is not None:
        ensure_pdf(snapshot)
