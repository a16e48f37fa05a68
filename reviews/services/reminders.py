"""Reminders (P 17, P 33, P 34): before each deadline and once it passed, to whoever owes it."""

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.accounts.selectors import communications_recipient
from sherloc.registry.models import MechanismSettings

from ..enums import ReviewStatus
from ..models import Deadline, ReminderSent

logger = logging.getLogger(__name__)


def reminder_steps() -> list[int]:
    raw = MechanismSettings.current().reminder_days_before
    return sorted({int(x) for x in raw.replace(" ", "").split(",") if x.isdigit()})


def due_step(deadline_due: dt.date, today: dt.date, steps: list[int]) -> str | None:
    """The reminder a deadline calls for today: the nearest step already reached, or the notice that
    it passed. Steps skipped while no run happened (or set after a late agreement) are not sent late."""
    left = (deadline_due - today).days
    if left < 0:
        return ReminderSent.PASSED
    reached = [n for n in steps if left <= n]
    return str(min(reached)) if reached else None


def secretariat_emails() -> list[str]:
    return sorted(
        set(
            Membership.objects.active()
            .filter(role=Role.SECRETARIAT, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """Send every reminder due today, each at most once; returns how many were sent.

    Crash-safety: each reminder is one transaction that (1) inserts its ReminderSent row, whose
    unique (deadline, step) constraint is the claim, (2) sends the e-mail, (3) stamps sent_at,
    then commits. A second run, even concurrent, blocks on the uncommitted row and then skips it.
    A worker that dies before the commit leaves no row, so the next run sends it: nothing is
    lost; a duplicate needs a crash between the mail server accepting the message and the COMMIT.
    """
    today = today or timezone.localdate()
    steps = reminder_steps()
    deadlines = list(
        Deadline.objects.filter(met_at__isnull=True, due__lte=today + dt.timedelta(days=max(steps, default=0)))
        .exclude(review__status=ReviewStatus.CLOSED)
        .select_related("review__state", "review__phase")
        .order_by("due", "pk")
    )
    wanted = [(d, step) for d in deadlines if (step := due_step(d.due, today, steps)) is not None]
    if not wanted:
        return 0
    done = set(ReminderSent.objects.filter(deadline__in=[d.pk for d, _s in wanted]).values_list("deadline_id", "step"))
    todo = [(d, step) for d, step in wanted if (d.pk, step) not in done]
    if not todo:
        return 0
    copy = secretariat_emails()
    recipients: dict[int, object] = {}
    sent = 0
    for deadline, step in todo:
        state = deadline.review.state
        if state.pk not in recipients:
            recipients[state.pk] = communications_recipient(state)
        if _send_one(deadline, step, recipients[state.pk], copy, today):
            sent += 1
    return sent


def _send_one(deadline: Deadline, step: str, recipient, copy: list[str], today: dt.date) -> bool:
    to = [recipient.email] if recipient is not None and recipient.email else []
    if not to and not copy:
        return False
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(deadline=deadline, step=step, claimed_at=timezone.now())
            review = deadline.review
            with translation.override(review.mail_language):
                context = {
                    "review": review,
                    "deadline": deadline,
                    "kind": deadline.get_kind_display(),
                    "passed": step == ReminderSent.PASSED,
                    "days": (deadline.due - today).days,
                    "recipient": recipient,
                }
                if step == ReminderSent.PASSED:
                    subject = _("Deadline passed: %(kind)s — review of %(state)s") % {
                        "kind": context["kind"],
                        "state": review.state,
                    }
                else:
                    subject = _("Reminder: %(kind)s due on %(due)s — review of %(state)s") % {
                        "kind": context["kind"],
                        "due": deadline.due.isoformat(),
                        "state": review.state,
                    }
                body = render_to_string("reviews/email/reminder.txt", context)
            EmailMessage(subject=subject, body=body, to=to or copy, cc=copy if to else []).send()
            claim.sent_at = timezone.now()
            claim.recipients = ", ".join(to + copy)
            claim.save(update_fields=["sent_at", "recipients"])
    except IntegrityError:
        return False  # another run holds or has sent this one
    except Exception:
        # the claim rolled back with the failure: the next run tries again
        logger.exception("Reminder for deadline %s (%s) not sent", deadline.pk, step)
        return False
    return True
