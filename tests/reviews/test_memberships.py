"""Issue 10, hole 2: an expert whose membership has ended no longer opens the review, whichever way it ended."""

import pytest
from django.urls import reverse

from sherloc.accounts import services as account_services
from sherloc.accounts.models import Membership
from tests.conftest import verified_client as sign_in
from tests.factories import UserFactory


def end_in_the_admin(client, membership):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in(client, root).post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "end_memberships", "_selected_action": [membership.pk]},
    )
    client.logout()


@pytest.mark.parametrize("way", ["service", "admin"])
def test_an_expert_whose_membership_ended_no_longer_opens_the_review(client, review, people, way):
    """Hole 2: Brazil's expert, reviewing Austria, loses the review page when the membership ends."""
    url = reverse("reviews:detail", args=[review.pk])
    assert sign_in(client, people["bea"]).get(url).status_code == 200
    client.logout()
    membership = Membership.objects.get(user=people["bea"], active=True)
    if way == "service":
        account_services.end_membership(membership=membership)
    else:
        end_in_the_admin(client, membership)
    assert not Membership.objects.filter(user=people["bea"], active=True).exists()
    assert sign_in(client, people["bea"]).get(url).status_code == 404
