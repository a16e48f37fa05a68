"""Private storage for confidential files, and the one way they leave the portal (docs/files.md).

Files live under PRIVATE_MEDIA_ROOT with random names (no State, no phase, no original name
in the path); no URL route serves that folder in any mode. A view that has checked who may
read a file hands it to `download`, which checks its SHA-256 against the one recorded at
upload and sends it as an attachment that browsers must not sniff.
"""

import hashlib
import logging
import uuid

from django.core.files.storage import FileSystemStorage, storages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

logger = logging.getLogger("sherloc.files")


class PrivateStorage(FileSystemStorage):
    """A file system storage without URLs: its files are reached through views only."""

    def url(self, name):
        raise ValueError("Confidential files have no URL; link to the view that checks who may read them.")


def private_storage():
    return storages["private"]


def random_name(folder: str) -> str:
    """A name for a new file in `folder` that tells nothing: no State, phase or original name."""
    return f"{folder}/{uuid.uuid4().hex}"


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as f:
            return f.read()
    except (OSError, ValueError):
        return None


def download(request, field_file, *, filename: str, sha256: str, content_type: str, what: str):
    """Serve a file the view has cleared, if its bytes are still those recorded at upload.

    A mismatch (or a missing file) is never served: the user reads why, and it is logged
    with `what` (e.g. "dialogue attachment 12") for the secretariat to look into."""
    # the bytes checked are the bytes sent (files are at most UPLOAD_MAX_BYTES)
    data = _read(field_file)
    actual = hashlib.sha256(data).hexdigest() if data is not None else None
    if not sha256 or actual != sha256:
        logger.error(
            "%s refused: its bytes do not match the SHA-256 recorded at upload (recorded %s, found %s), user %s",
            what,
            sha256 or "none",
            actual or "no file",
            request.user.pk,
        )
        reply = render(
            request,
            "portal/file_refused.html",
            {
                "filename": filename,
                "message": _(
                    "This file is not served: its content no longer matches the fingerprint (SHA-256) "
                    "recorded when it was uploaded. The refusal is logged; please tell the secretariat."
                ),
            },
            status=409,
        )
        reply["X-Content-Type-Options"] = "nosniff"
        return reply
    reply = HttpResponse(data, content_type=content_type)
    reply["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    reply["X-Content-Type-Options"] = "nosniff"
    return reply
