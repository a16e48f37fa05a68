"""Truth tables of stakeholders.permissions (P 52): every policy against every persona."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from stakeholders import permissions, services
from stakeholders.enums import CommentStatus
from tests.stakeholders.conftest import new_meeting

PERSONAS = ["sam", "nadia", "igor", "otto", "alice", "erin", "anonymous"]


def who(world, name):
    return AnonymousUser() if name == "anonymous" else world[name]


def fresh(user):
    """A new request: the per-user cache of permissions is dropped."""
    user.__dict__.pop("_stakeholder_permissions", None)
    return user


def table(world, allowed, check):
    for name in PERSONAS:
        assert check(fresh(who(world, name))) == (name in allowed), name


def test_p52_who_manages_and_who_sees_meetings(world, invited):
    table(world, {"sam"}, permissions.may_manage)
    table(world, {"sam", "nadia", "igor", "otto", "alice", "erin"}, permissions.may_see_meetings)
    # P 52 (c), (f): the invited organisations and the States' representatives, not an NGO left out
    table(world, {"sam", "nadia", "igor", "alice", "erin"}, lambda u: permissions.may_view_meeting(u, invited))


def test_p52e_only_the_invited_organisation_confirms(world, invited):
    invitation = invited.invitations.get(profile=world["ngo"])
    table(world, {"nadia"}, lambda u: permissions.may_confirm(u, invitation))
    services.confirm_attendance(invitation=invitation, by=world["nadia"], today=invited.date - dt.timedelta(days=20))
    invitation.refresh_from_db()
    table(world, set(), lambda u: permissions.may_confirm(u, invitation))


def test_p52e_f_who_may_comment(world, invited):
    table(world, set(), lambda u: permissions.may_comment(u, invited))
    services.confirm_attendance(
        invitation=invited.invitations.get(profile=world["ngo"]),
        by=world["nadia"],
        today=invited.date - dt.timedelta(days=20),
    )
    services.register_state_attendance(meeting=invited, state=world["state"], by=world["erin"])
    table(world, {"nadia", "erin"}, lambda u: permissions.may_comment(u, invited))
    # P 52 (d): on hold while an objection is before the working group
    objection = services.object_to_participation(
        invitation=invited.invitations.get(profile=world["ngo"]), state=world["state"], reasons="R.", by=world["alice"]
    )
    table(world, {"erin"}, lambda u: permissions.may_comment(u, invited))
    services.decide_objection(objection=objection, upheld=False, decision="Dismissed.", by=world["sam"])
    table(world, {"nadia", "erin"}, lambda u: permissions.may_comment(u, invited))


def test_p52f_states_representatives_register(world, invited):
    table(world, {"alice", "erin"}, lambda u: permissions.may_register_state(u, invited))
    past = new_meeting(world["sam"], days=-3)
    table(world, set(), lambda u: permissions.may_register_state(u, past))


def test_p52d_a_focal_point_objects_to_an_ngo_until_the_meeting(world, invited):
    ngo = invited.invitations.get(profile=world["ngo"])
    igo = invited.invitations.get(profile=world["igo"])
    table(world, {"alice"}, lambda u: permissions.may_object(u, ngo))
    table(world, set(), lambda u: permissions.may_object(u, igo))


@pytest.mark.parametrize(
    ("status", "readers"),
    [
        (CommentStatus.FLAGGED, {"sam", "nadia"}),
        (CommentStatus.RETURNED, {"sam", "nadia"}),
        (CommentStatus.CIRCULATED, {"sam", "nadia", "igor", "alice", "erin"}),
        (CommentStatus.RELEASED, {"sam", "nadia", "igor", "alice", "erin"}),
    ],
)
def test_p52b_who_reads_a_comment_in_each_status(world, invited, status, readers):
    services.confirm_attendance(
        invitation=invited.invitations.get(profile=world["ngo"]),
        by=world["nadia"],
        today=invited.date - dt.timedelta(days=20),
    )
    comment = services.submit_comment(
        meeting=invited,
        by=world["nadia"],
        invitation=invited.invitations.get(profile=world["ngo"]),
        text="Shelters need funding.",
        language="en",
        today=invited.date - dt.timedelta(days=20),
    )
    comment.status = status
    table(world, readers, lambda u: permissions.may_read_comment(u, comment))


def test_p52i_who_reports_and_who_reads_activity_reports(world):
    table(world, {"nadia", "igor", "otto"}, permissions.may_report_activity)
    table(world, {"sam", "nadia", "igor", "otto", "alice", "erin"}, permissions.may_see_activity_reports)
