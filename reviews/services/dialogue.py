"""The constructive dialogue (P 34, P 35): archived threads, messages, records, read markers."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sherloc.registry.models import Article
from sherloc.uploads import UploadRefused, check_uploads

from .. import notices, permissions
from ..enums import MessageKind, ReviewStatus
from ..models import Attachment, CountryReview, DialogueThread, Message, ReadMarker
from ..selectors import articles_in_scope
from .core import ReviewRefused


def general_thread(review: CountryReview) -> DialogueThread:
    thread, _created = DialogueThread.objects.get_or_create(
        review=review,
        article=None,
        defaults={"subject": _("Constructive dialogue"), "created_at": timezone.now()},
    )
    return thread


def open_article_thread(review: CountryReview, *, article: Article, by) -> DialogueThread:
    p = permissions.participation(by, review)
    if article.pk not in {a.pk for a in articles_in_scope(review)}:
        raise ReviewRefused(_("That article is not reviewed in this phase."))
    if not permissions.may_open_article_thread(p, review, article):
        raise ReviewRefused(_("Only the parties to this review and the secretariat take part in its dialogue."))
    thread, _created = DialogueThread.objects.get_or_create(
        review=review, article=article, defaults={"subject": str(article), "created_at": timezone.now()}
    )
    return thread


def post_message(
    thread: DialogueThread,
    *,
    by,
    body: str,
    idempotency_key: uuid.UUID | str,
    kind: str = MessageKind.MESSAGE,
    held_on: dt.date | None = None,
    corrects: Message | None = None,
    files: Iterable[UploadedFile] = (),
) -> tuple[Message, bool]:
    """Post to the archived dialogue. The form's key makes a double click post once: the
    second request gets the first message back, with `created` False."""
    key = uuid.UUID(str(idempotency_key))
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_post(existing, thread, by)
    review = thread.review
    p = permissions.participation(by, review)
    if review.status == ReviewStatus.CLOSED:
        raise ReviewRefused(_("This review is complete: its dialogue is archived and closed."))
    if not permissions.may_post(p, review, thread):
        raise ReviewRefused(_("Only the parties to this review and the secretariat take part in its dialogue."))
    if not body.strip():
        raise ReviewRefused(_("Write the message."))
    if len(body.strip()) > settings.DIALOGUE_MESSAGE_MAX_CHARS:
        raise ReviewRefused(
            _("A message has at most %(limit)s characters; this one has %(count)s. Post the rest as a second message.")
            % {"limit": settings.DIALOGUE_MESSAGE_MAX_CHARS, "count": len(body.strip())}
        )
    if kind not in MessageKind.values:
        raise ReviewRefused(_("Unknown kind of message."))
    if kind != MessageKind.MESSAGE and held_on is None:
        raise ReviewRefused(_("Say when the call, videoconference or meeting took place (P 35)."))
    if corrects is not None and (corrects.thread_id != thread.pk or corrects.author_id != by.pk):
        raise ReviewRefused(_("You can correct only your own messages, in the same thread."))
    try:
        # every file is checked before anything is stored: a refused file refuses the post
        checked = check_uploads(files)
    except UploadRefused as error:
        raise ReviewRefused(str(error)) from None
    if p.under_review:
        on_behalf_of = review.state_id
    elif p.reviewing:
        on_behalf_of = min(p.reviewing)
    else:
        on_behalf_of = None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                thread=thread,
                author=by,
                on_behalf_of_id=on_behalf_of,
                kind=kind,
                held_on=held_on if kind != MessageKind.MESSAGE else None,
                body=body.strip(),
                corrects=corrects,
                idempotency_key=key,
                posted_at=timezone.now(),
            )
            for f in checked:
                Attachment.objects.create(
                    message=message, file=f.file, name=f.name, size=f.size, content_type=f.content_type, sha256=f.sha256
                )
            notices.announce(notices.MESSAGE_POSTED, message.pk)
    except IntegrityError:
        # two clicks raced past the first check: the other request stored it
        return _same_post(Message.objects.get(idempotency_key=key), thread, by)
    return message, True


def _same_post(message: Message, thread: DialogueThread, by) -> tuple[Message, bool]:
    if message.thread_id != thread.pk or message.author_id != by.pk:
        raise ReviewRefused(_("This form was already used. Reload the page and write again."))
    return message, False


def mark_read(thread: DialogueThread, *, user, up_to: int) -> None:
    """Move the user's marker forward (never back: an older page open in another tab does not unread)."""
    if not user.is_authenticated or not up_to:
        return
    marker, created = ReadMarker.objects.get_or_create(
        user=user, thread=thread, defaults={"last_read_message_id": up_to, "read_at": timezone.now()}
    )
    if not created and marker.last_read_message_id < up_to:
        ReadMarker.objects.filter(pk=marker.pk, last_read_message_id__lt=up_to).update(
            last_read_message_id=up_to, read_at=timezone.now()
        )
