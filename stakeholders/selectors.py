"""Reads of the stakeholders' part, already filtered by what the user may see; the access_* helpers
answer 404 whether the object is missing or forbidden."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from . import permissions
from .enums import CommentStatus, ObjectionStatus, WorkingGroup
from .models import ActivityReport, BriefingMaterial, Comment, Invitation, Meeting, Objection, StakeholderProfile


def meetings_for(user):
    """The meetings a user may see, the next first, then the past ones from the latest."""
    meetings = Meeting.objects.select_related("conference_session")
    if permissions.may_manage(user) or permissions.is_state_representative(user):
        return meetings.order_by("-date", "pk")
    ids = permissions.profile_ids(user)
    if not ids:
        return meetings.none()
    return meetings.filter(invitations__profile_id__in=ids).distinct().order_by("-date", "pk")


def access_meeting(user, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("conference_session").filter(pk=pk).first()
    if meeting is None or not permissions.may_view_meeting(user, meeting):
        raise Http404
    return meeting


def access_invitation(user, pk: int) -> Invitation:
    invitation = Invitation.objects.select_related("meeting", "profile__organisation").filter(pk=pk).first()
    if invitation is None or not (
        permissions.may_manage(user)
        or invitation.profile_id in permissions.profile_ids(user)
        or permissions.may_object(user, invitation)
    ):
        raise Http404
    return invitation


def access_comment(user, pk: int) -> Comment:
    comment = Comment.objects.select_related("meeting", "author_state").filter(pk=pk).first()
    if comment is None or not permissions.may_read_comment(user, comment):
        raise Http404
    return comment


def access_briefing(user, pk: int) -> BriefingMaterial:
    material = BriefingMaterial.objects.select_related("meeting").filter(pk=pk).first()
    if material is None or not permissions.may_view_briefing(user, material):
        raise Http404
    return material


def access_objection(user, pk: int) -> Objection:
    objection = Objection.objects.select_related("invitation__meeting").filter(pk=pk).first()
    if objection is None or not permissions.may_manage(user):
        raise Http404
    return objection


def invitations_of(meeting: Meeting, user):
    """The secretariat and States' representatives see the list of invitees; a stakeholder its own."""
    invitations = meeting.invitations.select_related("profile__organisation").prefetch_related(
        Prefetch("objections", queryset=Objection.objects.select_related("state"))
    )
    if permissions.may_manage(user) or permissions.is_state_representative(user):
        return invitations.order_by("profile__organisation__name")
    return invitations.filter(profile_id__in=permissions.profile_ids(user))


def comments_of(meeting: Meeting, user):
    comments = meeting.comments.select_related("author_state", "invitation__profile__organisation")
    if permissions.may_manage(user):
        return comments
    return comments.filter(Q(status__in=CommentStatus.circulating()) | Q(author=user))


def pending_objections(meeting: Meeting):
    return Objection.objects.filter(invitation__meeting=meeting, status=ObjectionStatus.PENDING).select_related(
        "state", "invitation__profile__organisation"
    )


def reports_by_working_group() -> list[tuple[str, str, list[ActivityReport]]]:
    """Activity reports, listed per working group (P 52 (i)); a joint report under each group it is for."""
    reports = list(ActivityReport.objects.prefetch_related("organisations__organisation"))
    return [(code, label, [r for r in reports if code in r.working_groups]) for code, label in WorkingGroup.choices]


def home_for(user) -> dict | None:
    """What a stakeholder's home page shows: its meetings, invitations and deadlines; None for others."""
    if not permissions.is_stakeholder(user):
        return None
    from .services import confirmation_deadline

    today = timezone.localdate()
    invitations = list(
        Invitation.objects.filter(profile_id__in=permissions.profile_ids(user))
        .select_related("meeting", "profile__organisation")
        .prefetch_related("objections")
        .order_by("meeting__date")
    )
    rows = []
    for invitation in invitations:
        deadline = confirmation_deadline(invitation.meeting)
        rows.append(
            {
                "invitation": invitation,
                "meeting": invitation.meeting,
                "deadline": deadline,
                "past": invitation.meeting.date < today,
                "late": today > deadline,
                "on_hold": any(o.status == ObjectionStatus.PENDING for o in invitation.objections.all()),
                "excluded": any(o.status == ObjectionStatus.UPHELD for o in invitation.objections.all()),
            }
        )
    profiles = StakeholderProfile.objects.filter(pk__in=permissions.profile_ids(user)).select_related("organisation")
    comments = Comment.objects.filter(author=user).select_related("meeting").order_by("-submitted_at")[:10]
    return {
        "upcoming": [r for r in rows if not r["past"]],
        "past": [r for r in rows if r["past"]],
        "profiles": list(profiles),
        "comments": list(comments),
        "reports": ActivityReport.objects.filter(organisations__in=permissions.profile_ids(user)).distinct()[:10],
    }


def waiting_for_secretariat(user) -> dict | None:
    """For the secretariat's home page: comments held by the screening (P 52 (b)), objections referred to
    the working group, and the next informal meeting; None for anyone who does not manage meetings."""
    if not permissions.may_manage(user):
        return None
    today = timezone.localdate()
    return {
        "flagged": list(
            Comment.objects.filter(status=CommentStatus.FLAGGED)
            .select_related("meeting")
            .order_by("meeting__date", "submitted_at", "pk")
        ),
        "objections": list(
            Objection.objects.filter(status=ObjectionStatus.PENDING)
            .select_related("state", "invitation__meeting", "invitation__profile__organisation")
            .order_by("invitation__meeting__date", "state__name", "pk")
        ),
        "next_meeting": Meeting.objects.filter(date__gte=today).order_by("date", "pk").first(),
    }
