"""Who may do what with the informal meetings, and when (P 52; truth table in
tests/stakeholders/test_permissions.py). Views, templates and services all ask these questions; a
refusal is a 404 (the view raises it), so nothing confirms that a meeting exists.

- the secretariat runs everything (P 52 (a), (c), (g));
- a stakeholder sees the meetings its organisation is invited to, confirms, comments and reports
  (P 52 (c), (e), (i)), and never any country review material;
- representatives of States parties and signatories (P 52 (f)) — their focal points, governmental
  experts and observers — see every meeting and register; a focal point may object to an NGO's
  participation for its State (P 52 (d)) until the meeting's day.
"""

from django.utils import timezone

from sherloc.accounts.enums import OrganisationKind, Role
from sherloc.accounts.permissions import coordinated_state_ids, is_secretariat
from sherloc.registry.enums import TreatyStatusKind
from sherloc.registry.models import State

from .enums import CommentStatus, InvitationStatus, ObjectionStatus

REPRESENTATIVE_ROLES = [Role.FOCAL_POINT, Role.GOVERNMENTAL_EXPERT, Role.OBSERVER]


def _cache(user, key, compute):
    store = user.__dict__.setdefault("_stakeholder_permissions", {})
    if key not in store:
        store[key] = compute()
    return store[key]


def profile_ids(user) -> frozenset[int]:
    """The stakeholder organisations a user acts for."""
    if not user.is_authenticated:
        return frozenset()

    def compute():
        from .models import StakeholderProfile

        orgs = user.memberships.active().filter(role=Role.STAKEHOLDER).values("organisation_id")
        return frozenset(StakeholderProfile.objects.filter(organisation_id__in=orgs).values_list("pk", flat=True))

    return _cache(user, "profiles", compute)


def represented_state_ids(user) -> frozenset[int]:
    """The States parties or signatories (of the Convention or a Protocol) the user represents (P 52 (f))."""
    if not user.is_authenticated:
        return frozenset()

    def compute():
        ids = user.memberships.active().filter(role__in=REPRESENTATIVE_ROLES).values("state_id")
        return frozenset(
            State.objects.filter(
                pk__in=ids,
                treaty_statuses__superseded_at__isnull=True,
                treaty_statuses__status__in=[TreatyStatusKind.PARTY, TreatyStatusKind.SIGNATORY],
            ).values_list("pk", flat=True)
        )

    return _cache(user, "states", compute)


def is_stakeholder(user) -> bool:
    return bool(profile_ids(user))


def is_state_representative(user) -> bool:
    return bool(represented_state_ids(user))


def may_manage(user) -> bool:
    """Create meetings, invite, record decisions, screen comments, write summaries, import the list."""
    return is_secretariat(user)


def may_see_meetings(user) -> bool:
    return may_manage(user) or is_stakeholder(user) or is_state_representative(user)


def invitation_of(user, meeting):
    """The invitation of the user's organisation to this meeting, or None."""
    ids = profile_ids(user)
    if not ids:
        return None
    return meeting.invitations.filter(profile_id__in=ids).select_related("profile__organisation").first()


def may_view_meeting(user, meeting) -> bool:
    if may_manage(user) or is_state_representative(user):
        return True
    return invitation_of(user, meeting) is not None


def may_confirm(user, invitation) -> bool:
    """The invited organisation, while its invitation is not confirmed nor refused by the working group; the
    deadline of P 52 (e) is the service's to refuse, naming the date missed."""
    return (
        invitation.profile_id in profile_ids(user)
        and invitation.status in InvitationStatus.confirmable()
        and not invitation.objections.filter(status=ObjectionStatus.UPHELD).exists()
    )


def may_comment(user, meeting) -> bool:
    """A stakeholder whose attendance is confirmed, or a registered State representative (P 52 (e), (f))."""
    if not user.is_authenticated or meeting.date < timezone.localdate():
        return False
    invitation = invitation_of(user, meeting)
    if invitation is not None:  # confirmed, and not on hold nor refused by the working group (P 52 (d))
        return (
            invitation.status == InvitationStatus.CONFIRMED
            and not invitation.objections.exclude(status=ObjectionStatus.DISMISSED).exists()
        )
    return meeting.state_attendances.filter(user=user).exists()


def may_register_state(user, meeting) -> bool:
    return is_state_representative(user) and meeting.date >= timezone.localdate()


def objecting_state_ids(user) -> frozenset[int]:
    """States for which the user may object: those it is the focal point of, parties or signatories."""
    return coordinated_state_ids(user) & represented_state_ids(user)


def may_object(user, invitation) -> bool:
    return (
        bool(objecting_state_ids(user))
        and invitation.profile.organisation.kind == OrganisationKind.NGO
        and invitation.meeting.date >= timezone.localdate()
    )


def may_read_comment(user, comment) -> bool:
    """The secretariat and the author always; the meeting's participants once it circulates."""
    if not user.is_authenticated:
        return False
    if may_manage(user) or comment.author_id == user.pk:
        return True
    return comment.status in CommentStatus.circulating() and may_view_meeting(user, comment.meeting)


def may_view_briefing(user, material) -> bool:
    return may_view_meeting(user, material.meeting)


def may_view_summary(user, meeting) -> bool:
    return may_view_meeting(user, meeting)


def may_report_activity(user) -> bool:
    return is_stakeholder(user)


def may_see_activity_reports(user) -> bool:
    return may_see_meetings(user) or (
        user.is_authenticated and user.memberships.active().filter(role=Role.CONFERENCE_OFFICER).exists()
    )
