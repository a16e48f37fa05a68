"""Reads of notices, shared by views, tasks and the domain apps."""

import datetime as dt

from django.contrib.auth import get_user_model

from .enums import Delivery
from .models import Follow, Notice, NoticePreference


def delivery_of(user) -> str:
    preference = NoticePreference.objects.filter(user=user).values_list("delivery", flat=True).first()
    return preference or Delivery.IMMEDIATE


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notices_for(user, *, limit: int = 200) -> list[Notice]:
    """The user's latest notices, newest first."""
    return list(Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")[:limit])


def followers(ref: str) -> list:
    """Active users following `ref`; whether they may still see it is the domain's question."""
    ids = Follow.objects.filter(ref=ref).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def is_following(user, ref: str) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, ref=ref).exists()


def followed_refs(user) -> list[str]:
    if not user.is_authenticated:
        return []
    return list(Follow.objects.filter(user=user).values_list("ref", flat=True))


def digest_recipients() -> list[int]:
    """Users who chose the daily digest and have notices not yet e-mailed."""
    return list(
        Notice.objects.filter(
            sent_at__isnull=True,
            digested_at__isnull=True,
            recipient__notice_preference__delivery=Delivery.DAILY_DIGEST,
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def overdue_immediate(*, before: dt.datetime) -> list[int]:
    return list(
        Notice.objects.filter(sent_at__isnull=True, digested_at__isnull=True, created_at__lt=before)
        .exclude(recipient__notice_preference__delivery=Delivery.DAILY_DIGEST)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
