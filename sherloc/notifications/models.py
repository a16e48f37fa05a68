"""Notices: what the portal tells a user happened (P 17 "all communications", P 32 "kept abreast"),
each user's choice of immediate e-mail or daily digest, and the reviews the secretariat follows.

Every write goes through `notifications.services`; a raw `.save()` elsewhere is a bug.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Delivery, NoticeKind


class NoticePreference(models.Model):
    """One user's choice of delivery; without a row, immediate."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    updated_at = models.DateTimeField()


class Follow(models.Model):
    """A secretariat member keeps abreast of one review (P 32): its notices reach them too."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    ref = models.CharField(max_length=100, help_text=_("What is followed (see notifications.refs)."))
    since = models.DateTimeField()

    class Meta:
        ordering = ["since", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "ref"], name="one_follow_per_user_and_ref")]
        indexes = [models.Index(fields=["ref"])]


class Notice(models.Model):
    """One event told to one user, once: the unique (recipient, event) pair is the claim that a
    second run of the same task records nothing new, and `sent_at` / `digested_at` (set in the
    transaction that e-mails it) that it is e-mailed once.

    A notice holds the kind of event, the review (State and phase) and a link, never what was
    written (P 34: the dialogue and the feedback stay in the portal)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    event = models.CharField(max_length=120, help_text=_("What happened, once per event, e.g. message:12."))
    ref = models.CharField(max_length=100, help_text=_("What it is about (see notifications.refs)."))
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, help_text=_("The review's language."))
    subject = models.CharField(max_length=300, help_text=_("In the notice's language."))
    link_name = models.CharField(max_length=100)
    link_args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text=_("E-mailed on its own."))
    digested_at = models.DateTimeField(null=True, blank=True, help_text=_("E-mailed in a daily digest."))
    emailed_to = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="one_notice_per_event_and_recipient"),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(digested_at__isnull=True), name="notice_emailed_one_way"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notices_unread"),
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, digested_at__isnull=True),
                name="notices_not_emailed",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def emailed(self) -> bool:
        return self.sent_at is not None or self.digested_at is not None
