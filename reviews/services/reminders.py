"""Reminders (P 17, P 33, P 34): before each deadline and once it passed, to whoever owes it."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from responses.selectors import drafting_responses_due_by
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.accounts.selectors import communications_recipient
from sherloc.registry.models import MechanismSettings, State

from .. import permissions
from ..enums import DeadlineKind, Duty, ReviewStatus
from ..models import CountryReview, Deadline, ReminderSent

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


@dataclass
class Reminder:
    """One reminder due today: what is owed, by which States, to whom it goes (P 17)."""

    kind: str
    review: CountryReview
    due: dt.date
    step: str
    owed_by: list[State]
    recipients: list  # the P 17 recipient of each State that owes it (None where it has none)
    deadline: Deadline | None = None
    response: object = None  # the State's response, which owns the date for the responses (P 33)

    @property
    def to(self) -> list[str]:
        return sorted({r.email for r in self.recipients if r is not None and r.email})

    def as_json(self, *, today: dt.date, cc: list[str]) -> dict:
        """The line of `manage.py reminders --dry-run` (a contract: checks outside the portal read it)."""
        return {
            "deadline": self.kind,
            "review": self.review.pk,
            "state_under_review": self.review.state.code,
            "owed_by": [s.code for s in self.owed_by],
            "to": self.to,
            "cc": cc,
            "days_before": (self.due - today).days,
        }


def owing_states(review: CountryReview, kind: str) -> list[State]:
    """The States whose duty a deadline is (DeadlineKind.duty): alphabetical, never ranked."""
    duty = DeadlineKind(kind).duty
    ids = set()
    if duty in (Duty.UNDER_REVIEW, Duty.ALL_PARTIES):
        ids.add(review.state_id)
    if duty in (Duty.REVIEWING, Duty.ALL_PARTIES):
        ids |= permissions.reviewer_ids(review)
    return sorted(State.objects.filter(pk__in=ids), key=lambda s: s.name)


APPOINTMENT_ROLES = {DeadlineKind.FOCAL_POINT: Role.FOCAL_POINT, DeadlineKind.EXPERTS: Role.GOVERNMENTAL_EXPERT}


def _appointed(state_ids) -> set[tuple[int, str]]:
    """(State, role) pairs already appointed: an appointment deadline is met once they are."""
    return set(
        Membership.objects.active()
        .filter(state_id__in=state_ids, role__in=APPOINTMENT_ROLES.values(), user__is_active=True)
        .values_list("state_id", "role")
    )


def due_reminders(*, today: dt.date | None = None) -> list[Reminder]:
    """Every reminder due today and not yet sent, in the order of the deadlines. Sends nothing."""
    today = today or timezone.localdate()
    steps = reminder_steps()
    horizon = today + dt.timedelta(days=max(steps, default=0))
    wanted: list[tuple] = []
    deadlines = list(
        Deadline.objects.filter(met_at__isnull=True, due__lte=horizon)
        .exclude(review__status=ReviewStatus.CLOSED)
        .select_related("review__state", "review__phase")
        .order_by("due", "pk")
    )
    appointed = _appointed({d.review.state_id for d in deadlines if d.kind in APPOINTMENT_ROLES})
    for d in deadlines:
        if d.kind in APPOINTMENT_ROLES and (d.review.state_id, APPOINTMENT_ROLES[d.kind]) in appointed:
            continue
        if (step := due_step(d.due, today, steps)) is not None:
            wanted.append((d.kind, d.review, d.due, step, d, None))
    # the date for the responses is the response's own (P 33): owed while its review waits for it
    responses = drafting_responses_due_by(horizon)
    reviews = {
        (r.state_id, r.phase_id): r
        for r in CountryReview.objects.filter(
            status=ReviewStatus.RESPONSES_DUE, state_id__in={x.state_id for x in responses}
        ).select_related("state", "phase")
    }
    for response in responses:
        review = reviews.get((response.state_id, response.phase_id))
        if review is not None and (step := due_step(response.deadline, today, steps)) is not None:
            wanted.append((DeadlineKind.RESPONSES, review, response.deadline, step, None, response))
    sent = set(
        ReminderSent.objects.filter(
            Q(deadline_id__in=[w[4].pk for w in wanted if w[4]]) | Q(response_id__in=[w[5].pk for w in wanted if w[5]])
        ).values_list("deadline_id", "response_id", "step")
    )
    recipients: dict[int, object] = {}
    reminders = []
    for kind, review, due, step, deadline, response in sorted(wanted, key=lambda w: (w[2], w[1].pk, w[0])):
        key = (deadline.pk if deadline else None, response.pk if response else None, step)
        if key in sent:
            continue
        owed_by = owing_states(review, kind)
        for state in owed_by:
            if state.pk not in recipients:
                recipients[state.pk] = communications_recipient(state)
        reminders.append(
            Reminder(
                kind=kind,
                review=review,
                due=due,
                step=step,
                owed_by=owed_by,
                recipients=[recipients[s.pk] for s in owed_by],
                deadline=deadline,
                response=response,
            )
        )
    return reminders


def send_due_reminders(*, today: dt.date | None = None) -> int:
    """Send every reminder due today, each at most once, to the States that owe it with the
    secretariat in copy (P 17); returns how many were sent.

    Crash-safety: each reminder is one transaction that (1) inserts its ReminderSent row, whose
    unique (deadline or response, step) constraint is the claim, (2) sends the e-mail, (3) stamps
    sent_at, then commits. A second run, even concurrent, blocks on the uncommitted row and then skips
    it. A worker that dies before the commit leaves no row, so the next run sends it: nothing is lost;
    a duplicate needs a crash between the mail server accepting the message and the COMMIT.
    """
    today = today or timezone.localdate()
    reminders = due_reminders(today=today)
    if not reminders:
        return 0
    copy = secretariat_emails()
    return sum(1 for reminder in reminders if _send_one(reminder, copy, today))


def _send_one(reminder: Reminder, copy: list[str], today: dt.date) -> bool:
    to = reminder.to
    if not to and not copy:
        return False
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                deadline=reminder.deadline, response=reminder.response, step=reminder.step, claimed_at=timezone.now()
            )
            review = reminder.review
            with translation.override(review.mail_language):
                kind = DeadlineKind(reminder.kind).label
                single = reminder.recipients[0] if len(reminder.recipients) == 1 else None
                context = {
                    "review": review,
                    "due": reminder.due,
                    "kind": kind,
                    "passed": reminder.step == ReminderSent.PASSED,
                    "days": (reminder.due - today).days,
                    "recipient": single,
                    "owed_by": ", ".join(str(s) for s in reminder.owed_by),
                }
                if context["passed"]:
                    subject = _("Deadline passed: %(kind)s — review of %(state)s") % {
                        "kind": kind,
                        "state": review.state,
                    }
                else:
                    subject = _("Reminder: %(kind)s due on %(due)s — review of %(state)s") % {
                        "kind": kind,
                        "due": reminder.due.isoformat(),
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
        logger.exception("Reminder for %s of review %s (%s) not sent", reminder.kind, reminder.review.pk, reminder.step)
        return False
    return True
