"""Every write about people and roles: nominations, activation, memberships, devices."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sherloc.registry.models import Instrument, State

from . import permissions
from .enums import NominationStatus, Role
from .models import ActivationLink, Membership, Nomination, Organisation

User = get_user_model()
BACKUP_CODES = 10


class AccountError(Exception):
    """A change refused; the message is for the user."""


@transaction.atomic
def grant_membership(
    *,
    user,
    role: str,
    state: State | None = None,
    organisation: Organisation | None = None,
    instrument: Instrument | None = None,
    nomination: Nomination | None = None,
) -> Membership:
    if role in Role.state_roles() and state is None:
        raise AccountError("This role is held for a State: choose the State.")
    if role == Role.GOVERNMENTAL_EXPERT and instrument is None:
        raise AccountError("A governmental expert is designated for an instrument (P 27): choose it.")
    if role == Role.FOCAL_POINT and Membership.objects.active().filter(state=state, role=role).exists():
        raise AccountError(f"{state} already has a focal point: appoint the new one to replace the old one.")
    membership, created = Membership.objects.get_or_create(
        user=user,
        role=role,
        state=state,
        organisation=organisation,
        instrument=instrument,
        active=True,
        defaults={"nomination": nomination},
    )
    permissions.grant(membership)
    return membership


@transaction.atomic
def end_membership(*, membership: Membership) -> Membership:
    membership.active = False
    membership.ended = timezone.localdate()
    membership.save(update_fields=["active", "ended"])
    permissions.revoke(membership)
    return membership


@transaction.atomic
def appoint_focal_point(*, state: State, user) -> Membership:
    """The State's focal point (P 17): the new one replaces any earlier one."""
    for old in Membership.objects.active().select_for_update().filter(state=state, role=Role.FOCAL_POINT):
        end_membership(membership=old)
    return grant_membership(user=user, role=Role.FOCAL_POINT, state=state)


@transaction.atomic
def register_nomination(
    *,
    state: State,
    role: str,
    full_name: str,
    email: str,
    note_verbale_reference: str,
    note_verbale_date: dt.date,
    note_verbale_scan,
    registered_by,
    instrument: Instrument | None = None,
) -> tuple[Nomination, str]:
    """Register a person nominated by note verbale; returns the nomination and its activation token."""
    if role not in Role.state_roles():
        raise AccountError("States nominate focal points, governmental experts, national contributors and observers.")
    if role == Role.GOVERNMENTAL_EXPERT and instrument is None:
        raise AccountError("A governmental expert is designated for an instrument (P 27): choose it.")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        first, _, last = full_name.strip().partition(" ")
        user = User(username=email, email=email, first_name=first, last_name=last, is_active=False)
        user.set_unusable_password()
        user.save()
    nomination = Nomination.objects.create(
        state=state,
        role=role,
        instrument=instrument,
        full_name=full_name.strip(),
        email=email,
        note_verbale_reference=note_verbale_reference.strip(),
        note_verbale_date=note_verbale_date,
        note_verbale_scan=note_verbale_scan,
        registered_by=registered_by,
        user=user,
    )
    token = issue_activation_link(user=user) if not user.has_usable_password() else ""
    if user.has_usable_password():
        _activate_nomination(nomination)
    return nomination, token


def issue_activation_link(*, user) -> str:
    token, digest = ActivationLink.new_token()
    now = timezone.now()
    ActivationLink.objects.create(
        user=user, token_hash=digest, created_at=now, expires_at=now + dt.timedelta(days=settings.ACTIVATION_LINK_DAYS)
    )
    return token


def activation_link_for(token: str) -> ActivationLink | None:
    return ActivationLink.objects.select_related("user").filter(token_hash=ActivationLink.hash(token)).first()


@transaction.atomic
def activate_account(*, token: str, password: str):
    link = ActivationLink.objects.select_for_update().filter(token_hash=ActivationLink.hash(token)).first()
    if link is None or not link.usable:
        raise AccountError("This activation link has expired or was already used. Ask for a new one.")
    user = link.user
    try:
        # the form checks too; the service is the one way a password is set, so it does not rely on that
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from None
    user.set_password(password)  # nosemgrep: ci.semgrep.django-password-set-without-validation -- validated above
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    for nomination in user.nominations.filter(status=NominationStatus.PENDING):
        _activate_nomination(nomination)
    return user


def _activate_nomination(nomination: Nomination) -> None:
    if nomination.role == Role.FOCAL_POINT:
        appoint_focal_point(state=nomination.state, user=nomination.user)
    else:
        grant_membership(
            user=nomination.user,
            role=nomination.role,
            state=nomination.state,
            instrument=nomination.instrument,
            nomination=nomination,
        )
    nomination.status = NominationStatus.ACTIVE
    nomination.save(update_fields=["status"])


def renew_activation_link(*, email: str) -> tuple[object, str] | None:
    """A new link for a nominee who has not activated yet; None otherwise (the page says the same)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=False).first()
    if user is None or not user.nominations.filter(status=NominationStatus.PENDING).exists():
        return None
    return user, issue_activation_link(user=user)


# Second factor


def pending_totp_device(user) -> TOTPDevice:
    """The device a user is enrolling: created once, confirmed by the first good code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm enrolment with a code from the app; returns fresh backup codes."""
    if not device.verify_token(token):
        raise AccountError("That code does not match. Check the time on your phone and try the current code.")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_backup_codes(user=device.user)


@transaction.atomic
def new_backup_codes(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def set_totp_secret(*, user, base32_secret: str) -> TOTPDevice:
    """A confirmed device with a known secret, for the demo world."""
    import base64

    key = base64.b32decode(base32_secret.upper() + "=" * (-len(base32_secret) % 8)).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
