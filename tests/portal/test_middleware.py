"""Issue 10, hole 3: every response to a signed-in user carries Cache-Control: no-store, private."""

import pytest
from django.conf import settings
from django.urls import reverse

from sherloc.accounts.services import set_totp_secret
from tests.conftest import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_served_no_store_private(client, focal_point):
    """Hole 3: the profile names the user's States and roles; no cache may keep it."""
    page = verified_client(client, focal_point).get(reverse("accounts:profile"))
    assert page.status_code == 200 and "Austria" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"


def test_after_the_password_step_the_code_page_is_no_store_too(client):
    """Hole 3: between the password and the code the user is signed in, not yet verified."""
    user = UserFactory(username="paula")
    set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    signed_in = client.post(reverse("accounts:login"), {"username": "paula", "password": "a long test password"})
    assert signed_in.status_code == 302 and signed_in["Cache-Control"] == "no-store, private"
    page = client.get(reverse("accounts:verify"))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store, private"


def test_an_anonymous_page_is_left_alone(client):
    page = client.get(reverse("portal:home"))
    assert "no-store" not in page.get("Cache-Control", "")
