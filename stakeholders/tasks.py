"""E-mails of the stakeholders' part (P 52 (c), (d)), sent by Celery once the write that asks for them commits.

**Never twice.** An invitation is created once (unique meeting × organisation) and e-mailed in the
transaction that stamps it: the queued rows are locked, sent on one connection and stamped `sent`
before the commit, so a second run of the task finds nothing queued; a worker that dies before the
commit leaves them queued and the next run sends them. The work is by batches: a constant number of
queries per batch of BATCH invitations, whatever their number (benchmarks/stakeholders.py).
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership

from .enums import InvitationStatus
from .models import Invitation, Meeting, Objection
from .services import confirmation_deadline

BATCH = 500


@shared_task(acks_late=True)
def send_invitations(meeting_id: int) -> int:
    """E-mail the queued invitations of a meeting; returns how many were sent."""
    meeting = Meeting.objects.select_related("conference_session").get(pk=meeting_id)
    with translation.override(meeting.language):
        link = settings.PORTAL_URL.rstrip("/") + reverse("stakeholders:meeting", args=[meeting.pk])
        subject = translation.gettext("Invitation: informal meeting with stakeholders — %(title)s") % {
            "title": meeting.title
        }
        deadline = confirmation_deadline(meeting)
        sent = 0
        while True:
            with transaction.atomic():
                batch = list(
                    Invitation.objects.select_for_update(skip_locked=True)
                    .filter(meeting=meeting, status=InvitationStatus.QUEUED, sent_at__isnull=True)
                    .select_related("profile__organisation")
                    .order_by("pk")[:BATCH]
                )
                if not batch:
                    return sent
                messages = [
                    EmailMessage(
                        subject=subject[:300],
                        body=render_to_string(
                            "stakeholders/email/invitation.txt",
                            {
                                "meeting": meeting,
                                "organisation": inv.profile.organisation,
                                "link": link,
                                "deadline": deadline,
                            },
                        ),
                        to=[inv.email],
                    )
                    for inv in batch
                ]
                mailers.default.send_messages(messages)  # one connection for the batch
                Invitation.objects.filter(pk__in=[inv.pk for inv in batch]).update(
                    status=InvitationStatus.SENT, sent_at=timezone.now()
                )
                sent += len(batch)


@shared_task(acks_late=True)
def tell_on_hold(objection_id: int) -> bool:
    """Tell the NGO that a State objected to its participation and that its attendance is on hold until the
    working group decides (P 52 (d)). Once only: the objection is stamped in the transaction that e-mails."""
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update()
            .select_related("invitation__meeting", "invitation__profile__organisation")
            .get(pk=objection_id)
        )
        if objection.ngo_told_at is not None:
            return False
        invitation = objection.invitation
        users = Membership.objects.active().filter(
            organisation=invitation.profile.organisation, role=Role.STAKEHOLDER, user__is_active=True
        )
        to = sorted({invitation.email, *users.values_list("user__email", flat=True)} - {""})
        meeting = invitation.meeting
        with translation.override(meeting.language):
            link = settings.PORTAL_URL.rstrip("/") + reverse("stakeholders:meeting", args=[meeting.pk])
            EmailMessage(
                subject=translation.gettext("Your attendance at %(title)s is on hold") % {"title": meeting.title},
                body=render_to_string(
                    "stakeholders/email/on_hold.txt",
                    {"meeting": meeting, "organisation": invitation.profile.organisation, "link": link},
                ),
                to=to,
            ).send()
        objection.ngo_told_at = timezone.now()
        objection.save(update_fields=["ngo_told_at"])
    return True
