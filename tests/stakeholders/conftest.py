"""Personas of the informal meetings (P 52): nadia acts for an NGO invited to the meeting, igor for an IGO;
otto for an NGO entitled at an older session only (not invited); alice is Austria's focal point
(a State party), erin Austria's expert; sam the secretariat; an anonymous visitor.
"""

import datetime as dt

import pytest
from django.utils import timezone

from sherloc.accounts.enums import OrganisationKind, Role
from sherloc.accounts.models import Organisation
from stakeholders import services
from stakeholders.enums import WorkingGroup
from stakeholders.models import ObserverEntitlement, StakeholderProfile
from tests.factories import UserFactory, member


def make_profile(name, kind=OrganisationKind.NGO, *, sessions=(), ecosoc=""):
    organisation = Organisation.objects.create(name=name, kind=kind)
    profile = StakeholderProfile.objects.create(
        organisation=organisation, email=f"{name.split()[0].lower()}@example.org", ecosoc_status=ecosoc
    )
    for session in sessions:
        ObserverEntitlement.objects.create(profile=profile, session=session)
    return profile


@pytest.fixture
def sessions(db):
    today = timezone.localdate()
    old = services.add_conference_session(
        number=10, title="tenth session", starts_on=dt.date(2020, 10, 12), ends_on=dt.date(2020, 10, 16)
    )
    last = services.add_conference_session(
        number=11,
        title="eleventh session",
        starts_on=today - dt.timedelta(days=300),
        ends_on=today - dt.timedelta(days=296),
    )
    return old, last


@pytest.fixture
def world(db, sessions, secretariat, focal_point, state):
    old, last = sessions
    ngo = make_profile("Alliance against Trafficking", sessions=[old, last], ecosoc="special")
    igo = make_profile("Interregional Council", OrganisationKind.IGO, sessions=[last])
    older = make_profile("Old Friends Network", sessions=[old])
    nadia = member(UserFactory(username="nadia"), Role.STAKEHOLDER, organisation=ngo.organisation)
    igor = member(UserFactory(username="igor"), Role.STAKEHOLDER, organisation=igo.organisation)
    otto = member(UserFactory(username="otto"), Role.STAKEHOLDER, organisation=older.organisation)
    from sherloc.registry.models import Instrument

    erin = member(
        UserFactory(username="erin"),
        Role.GOVERNMENTAL_EXPERT,
        state=state,
        instrument=Instrument.objects.get(code="UNTOC"),
    )
    return {
        "ngo": ngo,
        "igo": igo,
        "older": older,
        "nadia": nadia,
        "igor": igor,
        "otto": otto,
        "alice": focal_point,
        "erin": erin,
        "sam": secretariat,
        "state": state,
    }


def new_meeting(by, *, days=30, **kwargs):
    values = {
        "working_group": WorkingGroup.WG4,
        "working_group_session": "fifteenth meeting",
        "title": "Victims' voices",
        "date": timezone.localdate() + dt.timedelta(days=days),
        "place": "Vienna",
        "agenda": "1. Opening\n2. Briefing",
        "president_request": "Letter of the President",
        "chair": "The chair",
    }
    values.update(kwargs)
    return services.create_meeting(by=by, **values)


@pytest.fixture
def meeting(world):
    return new_meeting(world["sam"])


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs what the writes queued for after their commit (Celery is eager in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def invited(world, meeting, commit):
    """The meeting with its invitations e-mailed."""
    with commit():
        services.invite_all(meeting=meeting, by=world["sam"])
    return meeting
