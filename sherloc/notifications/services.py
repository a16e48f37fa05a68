"""Every write of notices: record them, e-mail them once, follow a review, choose the delivery.

The domain apps decide who is told (only users their permissions let see the matter) and call
`notify` with the kind, the review and the link; this app knows nothing of them.

**Once only, and crash-safety** (as the deadline reminders, docs/desk-review.md): a notice is
recorded once per event and recipient (unique constraint, so a task run twice records nothing
new). E-mailing it is one transaction: lock the row while it is not yet e-mailed, send, stamp
`sent_at` (or `digested_at`), commit. A second run waits on the lock and then finds it stamped;
a worker that dies before the commit leaves it unstamped, and `send_pending` sends it later.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import permissions, selectors
from .enums import SUBJECTS, Delivery, NoticeKind
from .models import Follow, Notice, NoticePreference
from .refs import review_ref

logger = logging.getLogger(__name__)


class NoticeRefused(Exception):
    """A write the rules do not allow; the message is for the user."""


def notify(
    *,
    recipients: Iterable,
    kind: str,
    event: str,
    ref: str,
    language: str,
    link: tuple[str, Sequence],
    params: Mapping[str, str],
) -> list[int]:
    """Record that `event` happened for each recipient, once, and e-mail the notices of those who
    want each as it happens once the caller's transaction commits. Returns the notices' ids.

    `params` fill the kind's subject (state, phase, and stage or section): names, never content."""
    users = {u.pk: u for u in recipients if u.is_active}
    if not users:
        return []
    with translation.override(language):
        subject = (str(SUBJECTS[NoticeKind(kind)]) % params)[:300]
    name, args = link
    now = timezone.now()
    Notice.objects.bulk_create(
        [
            Notice(
                recipient_id=pk,
                kind=kind,
                event=event,
                ref=ref,
                language=language,
                subject=subject,
                link_name=name,
                link_args=list(args),
                created_at=now,
            )
            for pk in sorted(users)
        ],
        ignore_conflicts=True,  # the same event told again (a task run twice): nothing new
    )
    notices = Notice.objects.filter(event=event, recipient_id__in=list(users))
    ids = list(notices.values_list("pk", flat=True))
    immediate = list(
        notices.filter(sent_at__isnull=True, digested_at__isnull=True)
        .exclude(recipient__notice_preference__delivery=Delivery.DAILY_DIGEST)
        .values_list("pk", flat=True)
    )
    if immediate:
        from .tasks import send_notices

        # robust: the event has committed; a broker outage must not turn it into an error page
        transaction.on_commit(lambda: send_notices.delay(immediate), robust=True)
    return ids


def notify_review(*, recipients, kind: str, event: str, state, phase, language: str, link, **params) -> int:
    """`notify` for what happens in one State's review in one phase: the State and phase named in the
    review's language, the notice filed under the review. Returns how many notices were recorded."""
    with translation.override(language):
        names = {"state": str(state), "phase": str(phase)}
        names.update({k: str(v) for k, v in params.items()})
    return len(
        notify(
            recipients=recipients,
            kind=kind,
            event=event,
            ref=review_ref(state.pk, phase.pk),
            language=language,
            link=link,
            params=names,
        )
    )


def portal_url(name: str, args: Sequence, language: str) -> str:
    """An absolute link into the portal, in the given language."""
    with translation.override(language):
        path = reverse(name, args=list(args))
    return settings.PORTAL_URL.rstrip("/") + path


def _settings_url(language: str) -> str:
    return portal_url("notifications:preferences", [], language)


def send_immediate(notice_id: int) -> bool:
    """E-mail one notice on its own, at most once; left for the digest if its recipient chose one."""
    try:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=notice_id, sent_at__isnull=True, digested_at__isnull=True)
                .first()
            )
            if notice is None or selectors.delivery_of(notice.recipient) != Delivery.IMMEDIATE:
                return False
            user = notice.recipient
            to = user.email if user.is_active else ""
            if to:
                with translation.override(notice.language):
                    body = render_to_string(
                        "notifications/email/notice.txt",
                        {
                            "user": user,
                            "notice": notice,
                            "url": portal_url(notice.link_name, notice.link_args, notice.language),
                            "settings_url": _settings_url(notice.language),
                        },
                    )
                EmailMessage(subject=notice.subject, body=body, to=[to]).send()
            notice.sent_at, notice.emailed_to = timezone.now(), to
            notice.save(update_fields=["sent_at", "emailed_to"])
    except Exception:
        # nothing was stamped: send_pending tries again
        logger.exception("Notice %s not e-mailed", notice_id)
        return False
    return bool(to)


def send_digest(user_id: int) -> int:
    """E-mail one user, in one message, every notice not yet e-mailed; returns how many it holds."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    try:
        with transaction.atomic():
            pending = list(
                Notice.objects.select_for_update()
                .filter(recipient=user, sent_at__isnull=True, digested_at__isnull=True)
                .order_by("created_at", "pk")
            )
            if not pending:
                return 0
            to = user.email if user.is_active else ""
            if to:
                language = user.preferred_language or settings.LANGUAGE_CODE
                items = [
                    {"notice": n, "url": portal_url(n.link_name, n.link_args, n.language)}
                    for n in pending  # each in its own review's language
                ]
                with translation.override(language):
                    subject = ngettext(
                        "SHERLOC review module: %(count)s notice of the day",
                        "SHERLOC review module: %(count)s notices of the day",
                        len(pending),
                    ) % {"count": len(pending)}
                    body = render_to_string(
                        "notifications/email/digest.txt",
                        {"user": user, "items": items, "settings_url": _settings_url(language)},
                    )
                EmailMessage(subject=subject, body=body, to=[to]).send()
            Notice.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=timezone.now(), emailed_to=to)
    except Exception:
        logger.exception("Daily digest of user %s not e-mailed", user_id)
        return 0
    return len(pending)


def send_daily_digests() -> int:
    """Beat, once a day: one e-mail per user who chose the digest and has notices waiting."""
    users = selectors.digest_recipients()
    return sum(1 for user_id in users if send_digest(user_id))


def send_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Beat: notices of immediate users still not e-mailed a while after they were recorded (a lost
    task, a mail server that refused), sent now."""
    sent = 0
    for notice_id in selectors.overdue_immediate(before=timezone.now() - older_than):
        sent += send_immediate(notice_id)
    return sent


@transaction.atomic
def set_delivery(*, user, delivery: str) -> NoticePreference:
    if not permissions.may_set_delivery(user):
        raise NoticeRefused(_("Sign in to choose how you receive notices."))
    if delivery not in Delivery.values:
        raise NoticeRefused(_("Choose how you receive notices."))
    preference, _created = NoticePreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery, "updated_at": timezone.now()}
    )
    return preference


def follow(*, user, ref: str) -> Follow:
    """The secretariat follows a review (P 32): its notices reach them too."""
    if not permissions.may_follow(user):
        raise NoticeRefused(_("Only the secretariat follows reviews."))
    item, _created = Follow.objects.get_or_create(user=user, ref=ref, defaults={"since": timezone.now()})
    return item


def unfollow(*, user, ref: str) -> None:
    Follow.objects.filter(user=user, ref=ref).delete()


def mark_read(*, user, notice_ids: Iterable[int]) -> int:
    """Mark the user's own notices read (another user's ids change nothing)."""
    return Notice.objects.filter(recipient=user, pk__in=list(notice_ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )
