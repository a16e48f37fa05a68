"""People and their roles: memberships of a user in a State or organisation (docs/rules.md, P 17, P 27)."""

import hashlib
import secrets

import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import Instrument, State
from sherloc.storage import private_storage, random_name

from .enums import DutyStation, NominationStatus, OrganisationKind, Role


class User(AbstractUser):
    preferred_language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class Organisation(models.Model):
    """A body that is not a State: UNODC, a Bureau, an NGO, an IGO, a UN entity."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


# every insert, change and deletion is recorded by a database trigger (docs/access-log.md)
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Membership(models.Model):
    """One user holding one role for one State or organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.PROTECT, help_text=_("For governmental experts (P 27).")
    )
    active = models.BooleanField(default=True)
    since = models.DateField(default=timezone.localdate)
    ended = models.DateField(null=True, blank=True)
    nomination = models.ForeignKey("Nomination", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["state__name", "role", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=Role.state_roles()) | Q(state__isnull=False),
                name="state_role_needs_state",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.GOVERNMENTAL_EXPERT) | Q(instrument__isnull=False),
                name="expert_needs_instrument",
            ),
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(role="focal_point", active=True),
                name="one_focal_point_per_state",
            ),
        ]

    def __str__(self):
        where = self.state or self.organisation or ""
        return f"{self.user} — {self.get_role_display()} {where}".strip()


class PermanentRepresentative(models.Model):
    """Who acts as temporary focal point of a State without one (P 17)."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="permanent_representatives")
    duty_station = models.CharField(max_length=10, choices=DutyStation.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["state__name", "duty_station"]
        constraints = [models.UniqueConstraint(fields=["state", "duty_station"], name="one_representative_per_station")]

    def __str__(self):
        return f"{self.name} ({self.get_duty_station_display()})"


def note_verbale_path(instance, filename):
    return random_name("notes-verbales")


class Nomination(models.Model):
    """A person a State nominated by note verbale, registered by the secretariat."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("State"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("instrument")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"))
    note_verbale_reference = models.CharField(_("reference of the note verbale"), max_length=120)
    note_verbale_date = models.DateField(_("date of the note verbale"))
    note_verbale_scan = models.FileField(
        _("scan of the note verbale"), upload_to=note_verbale_path, storage=private_storage, max_length=300
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    status = models.CharField(max_length=12, choices=NominationStatus.choices, default=NominationStatus.PENDING)

    class Meta:
        ordering = ["-registered_at"]

    def __str__(self):
        return f"{self.full_name} — {self.get_role_display()}, {self.state}"


class ActivationLink(models.Model):
    """A single-use link that lets a nominee set a password; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def usable(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at
