from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task
def send_activation_email(user_id: int, url: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    with translation.override(user.preferred_language):
        body = render_to_string(
            "accounts/email/activation.txt", {"user": user, "url": url, "days": settings.ACTIVATION_LINK_DAYS}
        )
        send_mail(
            subject=translation.gettext("SHERLOC review module: activate your account"),
            message=body,
            from_email=None,
            recipient_list=[user.email],
        )
