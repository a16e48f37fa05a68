"""The access log (docs/access-log.md): one row per read of confidential material, per refused access and per
disclosure decision. Rows are only ever added: on PostgreSQL the portal's role may not UPDATE, DELETE or
TRUNCATE the table (sherloc/database.py) and a trigger refuses all three to anyone (migrations/0001).

The user and the State are kept as plain ids (no foreign-key constraint): a row must outlive anything it names,
and nothing elsewhere may cascade into it. The user's name at the time is kept beside the id.

Changes to submissions, agreements, memberships and permissions are recorded separately, by database triggers
(django-pghistory): the event models of guardian's permissions live here, those of the domain models beside
them (responses, reviews, accounts)."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermission, UserObjectPermission

from sherloc.accounts.models import User

from .enums import AccessAction


class AccessEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the index on (user, -at) below serves every lookup by user
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True, help_text=_("The user's name when it happened."))
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    allowed = models.BooleanField()
    object_type = models.CharField(max_length=64, help_text=_("e.g. reviews.dialoguethread"))
    object_id = models.BigIntegerField(null=True, blank=True)
    state = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the index on (state, -at) below serves every lookup by State
        related_name="+",
        help_text=_("The State whose material it is."),
    )
    path = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text=_("For a disclosure decision: what was decided."))

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-at"]),
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.object_type}#{self.object_id}"


def tracked():
    """Fresh trackers for one model (a tracker is bound to the model it tracks)."""
    return [pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()]


# guardian's tables are tracked through proxies, so that the triggers are installed by this app's migrations
class UserObjectPermissionProxy(UserObjectPermission):
    class Meta:
        proxy = True


class GroupObjectPermissionProxy(GroupObjectPermission):
    class Meta:
        proxy = True


class UserObjectPermissionEvent(pghistory.create_event_model(UserObjectPermissionProxy, *tracked())):
    """Who was given or lost an object permission (a State's material, a section to draft), however it was done."""


class GroupObjectPermissionEvent(pghistory.create_event_model(GroupObjectPermissionProxy, *tracked())):
    """An object permission given to or taken from a group."""


class UserGroupEvent(pghistory.create_event_model(User.groups.through, *tracked(), app_label="audit")):
    """Who was given or lost a portal-wide role (a role group: the secretariat's powers, a stakeholder's)."""
