import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def render_snapshot_pdf(snapshot_id: int) -> None:
    """Render a submitted response as PDF once; a second run finds it done."""
    from .documents import ensure_pdf
    from .models import Snapshot

    snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        return
    try:
        ensure_pdf(snapshot)
    except OSError:
        # WeasyPrint's system libraries missing (a bare quick start): the submission stands,
        # and the PDF is rendered when someone asks for it on a machine that has them
        logger.exception("PDF of submission %s not rendered", snapshot_id)


@shared_task(acks_late=True)
def tell(event: str, pk: int, by: int | None = None, users: list[int] | None = None) -> int:
    """Once a write has committed: the notices of what happened (P 17, P 32), see responses.notices."""
    from .notices import tell as record

    return record(event, pk, by=by, users=users)
