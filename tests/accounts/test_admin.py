"""Issue 10, hole 2: a membership ended in the admin ends through the service, and its access goes with it."""

import pytest
from django.urls import reverse

from sherloc.accounts import permissions
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.registry.models import Instrument
from tests.conftest import verified_client
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return verified_client(client, UserFactory(username="root", is_staff=True, is_superuser=True))


@pytest.fixture
def expert(state):
    return member(
        UserFactory(username="erin"),
        Role.GOVERNMENTAL_EXPERT,
        state=state,
        instrument=Instrument.objects.get(code="UNTOC"),
    )


def access(user, state) -> tuple[bool, bool]:
    user = type(user).objects.get(pk=user.pk)  # a fresh user: guardian caches permissions on the instance
    return permissions.can_act_for(user, state), permissions.can_view_state_material(user, state)


def test_the_admin_action_ends_the_membership_and_withdraws_its_access(admin_client, expert, state):
    """Hole 2: ending a membership in the admin goes through services.end_membership."""
    membership = Membership.objects.get(user=expert)
    assert access(expert, state) == (True, True)
    reply = admin_client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "end_memberships", "_selected_action": [membership.pk]},
        follow=True,
    )
    assert "1 membership ended." in reply.content.decode()
    membership.refresh_from_db()
    assert membership.active is False and membership.ended is not None
    assert access(expert, state) == (False, False)


def test_active_cannot_be_unticked_in_the_admin_form(admin_client, expert, state):
    """Hole 2: unticking `active` left the guardian permissions in place; the field is read-only now."""
    membership = Membership.objects.get(user=expert)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="active"' not in page
    admin_client.post(url, {"_save": "Save"})  # the form as posted with the box unticked: no `active`
    membership.refresh_from_db()
    assert membership.active is True
    assert access(expert, state) == (True, True)


def test_memberships_are_neither_added_nor_deleted_in_the_admin(admin_client, expert):
    """Hole 2: a row added or deleted by hand would give no access, or keep it."""
    membership = Membership.objects.get(user=expert)
    assert admin_client.get(reverse("admin:accounts_membership_add")).status_code == 403
    assert admin_client.get(reverse("admin:accounts_membership_delete", args=[membership.pk])).status_code == 403
    changelist = admin_client.get(reverse("admin:accounts_membership_changelist")).content.decode()
    assert "delete_selected" not in changelist and "end_memberships" in changelist


def test_ending_through_the_service_withdraws_the_access(expert, state):
    """Hole 2: the service, the one way a membership ends."""
    from sherloc.accounts import services

    services.end_membership(membership=Membership.objects.get(user=expert))
    assert access(expert, state) == (False, False)
