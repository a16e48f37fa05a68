import hashlib
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)  # the page reads the status from the row, not from a result
def render_version(version_id: int) -> str:
    """Render a typed or rendered language version to PDF; the page shows each step of it.

    Without WeasyPrint's system libraries (a bare quick start) the rendering fails with OSError: the
    version is marked failed with the reason, and the secretariat renders it again where they exist."""
    from .enums import RenderStatus
    from .models import LanguageVersion
    from .rendering import render_pdf

    updated = LanguageVersion.objects.filter(pk=version_id, render_status=RenderStatus.PENDING).update(
        render_status=RenderStatus.RENDERING
    )
    if not updated:
        return "nothing to render"
    version = LanguageVersion.objects.select_related("document").get(pk=version_id)
    try:
        data = render_pdf(version)
    except OSError as error:
        logger.exception("PDF of document version %s not rendered", version_id)
        LanguageVersion.objects.filter(pk=version_id).update(
            render_status=RenderStatus.FAILED, render_error=str(error)[:500]
        )
        return RenderStatus.FAILED
    with transaction.atomic():
        version = LanguageVersion.objects.select_for_update().get(pk=version_id)
        if version.render_status != RenderStatus.RENDERING:
            return "superseded"  # typed again meanwhile: the newer text is queued
        old = version.file.name if version.file else ""
        version.file.save("document.pdf", ContentFile(data), save=False)
        version.sha256 = hashlib.sha256(data).hexdigest()
        version.content_type = "application/pdf"
        version.file_name = ""
        version.render_status = RenderStatus.READY
        version.render_error = ""
        version.rendered_at = timezone.now()
        version.save(
            update_fields=[
                "file",
                "sha256",
                "content_type",
                "file_name",
                "render_status",
                "render_error",
                "rendered_at",
            ]
        )
        if old:
            transaction.on_commit(lambda: version.file.storage.delete(old))
    return RenderStatus.READY
