"""Accounts and roles (docs/rules.md): nominations, activation, P 17 fallback, directory, permissions."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sherloc.accounts import permissions, selectors, services
from sherloc.accounts.enums import DutyStation, Role
from sherloc.accounts.models import ActivationLink, PermanentRepresentative
from sherloc.registry.models import Instrument
from tests.conftest import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def representative(state, station, name):
    return PermanentRepresentative.objects.create(
        state=state, duty_station=station, name=name, email=f"{station}@mission.example"
    )


# P 17: who receives this State's communications


def test_focal_point_receives_communications_P17(state, focal_point):
    PermanentRepresentative.objects.create(
        state=state, duty_station=DutyStation.VIENNA, name="PR Vienna", email="v@x.example"
    )
    recipient = selectors.communications_recipient(state)
    assert (recipient.email, recipient.capacity) == (focal_point.email, "focal_point")


def test_without_focal_point_vienna_representative_is_temporary_focal_point_P17(state):
    representative(state, DutyStation.NEW_YORK, "PR New York")
    representative(state, DutyStation.VIENNA, "PR Vienna")
    representative(state, DutyStation.GENEVA, "PR Geneva")
    recipient = selectors.communications_recipient(state)
    assert (recipient.name, recipient.capacity, recipient.temporary) == ("PR Vienna", "temporary_focal_point", True)


def test_without_vienna_the_geneva_representative_P17(state):
    representative(state, DutyStation.NEW_YORK, "PR New York")
    representative(state, DutyStation.GENEVA, "PR Geneva")
    assert selectors.communications_recipient(state).name == "PR Geneva"


def test_without_vienna_or_geneva_the_new_york_representative_P17(state):
    representative(state, DutyStation.NEW_YORK, "PR New York")
    assert selectors.communications_recipient(state).name == "PR New York"


def test_no_focal_point_and_no_representative_gives_none_P17(state):
    assert selectors.communications_recipient(state) is None


def test_a_new_focal_point_replaces_the_old_one_P17(state, focal_point):
    successor = UserFactory(username="alice2")
    services.appoint_focal_point(state=state, user=successor)
    assert selectors.communications_recipient(state).email == successor.email
    assert not permissions.can_coordinate(focal_point, state)
    assert permissions.can_coordinate(successor, state)


def test_governmental_expert_needs_an_instrument_P27(state):
    with pytest.raises(services.AccountError, match="P 27"):
        services.grant_membership(user=UserFactory(), role=Role.GOVERNMENTAL_EXPERT, state=state)
    expert = UserFactory()
    services.grant_membership(
        user=expert, role=Role.GOVERNMENTAL_EXPERT, state=state, instrument=Instrument.objects.get(code="TIP")
    )
    assert permissions.can_act_for(expert, state) and not permissions.can_coordinate(expert, state)


def test_object_permissions_stay_on_own_state(state, other_state, focal_point):
    assert permissions.can_view_state_material(focal_point, state)
    assert not permissions.can_view_state_material(focal_point, other_state)


def test_ending_one_role_keeps_what_another_still_gives(state):
    user = UserFactory()
    expert = services.grant_membership(
        user=user, role=Role.GOVERNMENTAL_EXPERT, state=state, instrument=Instrument.objects.get(code="UNTOC")
    )
    services.grant_membership(user=user, role=Role.OBSERVER, state=state)
    services.end_membership(membership=expert)
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    assert permissions.can_view_state_material(user, state)
    assert not permissions.can_act_for(user, state)


# Nomination by note verbale and activation


def scan():
    return SimpleUploadedFile("note.pdf", b"%PDF-1.4 note verbale", content_type="application/pdf")


def nominate(client, state, email="nominee@mfa.example", **extra):
    data = {
        "state": state.pk,
        "role": Role.FOCAL_POINT,
        "full_name": "Nora Nominee",
        "email": email,
        "note_verbale_reference": "NV/2026/117",
        "note_verbale_date": "2026-11-02",
        "note_verbale_scan": scan(),
        **extra,
    }
    return client.post(reverse("accounts:nominate"), data)


def activation_url_from_mail():
    return re.search(r"https?://\S+/activate/\S+/", mail.outbox[-1].body).group(0)


def test_secretariat_registers_nominee_who_activates_and_becomes_focal_point(
    client, secretariat, state, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = nominate(verified_client(client, secretariat), state)
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["nominee@mfa.example"]
    url = activation_url_from_mail()
    client.logout()
    page = client.get(url)
    assert "Nora Nominee" in page.text
    response = client.post(url, {"new_password1": "a-long-passphrase-2026", "new_password2": "a-long-passphrase-2026"})
    assert response.url == reverse("accounts:login")
    assert selectors.communications_recipient(state).email == "nominee@mfa.example"
    nomination = state.nominations.get()
    assert (nomination.note_verbale_reference, nomination.note_verbale_date, nomination.status) == (
        "NV/2026/117",
        dt.date(2026, 11, 2),
        "active",
    )
    # the link works once
    assert client.get(url).status_code == 410


def test_activation_link_expires_after_ten_days_and_a_new_one_can_be_asked(
    client, secretariat, state, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nominate(verified_client(client, secretariat), state)
    url = activation_url_from_mail()
    ActivationLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    link = ActivationLink.objects.get()
    assert link.expires_at - link.created_at < dt.timedelta(days=10, seconds=1)
    client.logout()
    assert client.get(url).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:new_link"), {"email": "nominee@mfa.example"})
    new_url = activation_url_from_mail()
    assert new_url != url
    assert client.get(new_url).status_code == 200


def test_new_link_page_answers_the_same_for_unknown_addresses(client):
    response = client.post(reverse("accounts:new_link"), {"email": "nobody@nowhere.example"}, follow=True)
    assert "If this address belongs to a nominee" in response.text
    assert mail.outbox == []


def test_nomination_refuses_wrong_scan_type_and_keeps_the_form(client, secretariat, state):
    bad = SimpleUploadedFile("note.exe", b"MZ", content_type="application/x-msdownload")
    response = nominate(verified_client(client, secretariat), state, note_verbale_scan=bad)
    assert response.status_code == 200
    assert "Attach the note verbale as a PDF, PNG or JPEG file." in response.text
    assert 'value="Nora Nominee"' in response.text
    assert not state.nominations.exists()


def test_nomination_page_denied_to_focal_point_and_anonymous(client, focal_point, state):
    assert verified_client(client, focal_point).get(reverse("accounts:nominate")).status_code == 404
    assert nominate(client, state).status_code == 404
    assert not state.nominations.exists()


# Directory


def test_directory_lists_focal_points_and_experts_for_states_users(client, focal_point, outsider, state):
    response = verified_client(client, outsider).get(reverse("accounts:directory"))
    assert response.status_code == 200
    rows = [(m.state.code, m.role, m.user.username) for m in response.context["entries"]]
    assert ("AUT", "focal_point", "alice") in rows
    names = [m.state.name for m in response.context["entries"]]
    assert names == sorted(names)


def test_directory_denied_to_stakeholder_and_anonymous(client, stakeholder):
    assert client.get(reverse("accounts:directory")).status_code == 302
    assert verified_client(client, stakeholder).get(reverse("accounts:directory")).status_code == 404
