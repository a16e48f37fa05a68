"""Issue 10, hole 5: hostile input to sign-in and the directory is a 400 with a message, nothing stored."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from tests.conftest import verified_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def nothing_recorded():
    return not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()


def test_a_10000_character_user_name_is_a_400_and_no_attempt_is_stored(client):
    """Hole 5: the sign-in form had no max_length; on PostgreSQL the failed attempt overflowed its column (500)."""
    reply = client.post(reverse("accounts:login"), {"username": "u" * 10_000, "password": "whatever"})
    assert reply.status_code == 400
    assert "Ensure this value has at most 150 characters (it has 10000)." in reply.content.decode()
    assert nothing_recorded()
    assert "_auth_user_id" not in client.session


def test_a_user_name_of_the_longest_allowed_length_is_an_ordinary_failed_sign_in(client):
    reply = client.post(reverse("accounts:login"), {"username": "u" * 150, "password": "whatever"})
    assert reply.status_code == 200
    assert "Please enter a correct username and password." in reply.content.decode()


def test_a_wrong_password_is_still_an_ordinary_failed_sign_in(client):
    UserFactory(username="wanda")
    reply = client.post(reverse("accounts:login"), {"username": "wanda", "password": "not it"})
    assert reply.status_code == 200
    assert AccessAttempt.objects.get(username="wanda").failures_since_start == 1


def test_a_nul_byte_in_the_user_name_is_a_400_and_nothing_is_stored(client):
    """Hole 5: NUL reached PostgreSQL through the sign-in records."""
    reply = client.post(reverse("accounts:login"), {"username": "admin\x00", "password": "whatever"})
    assert reply.status_code == 400
    assert "The request contained a NUL character (U+0000)" in reply.content.decode()
    assert nothing_recorded()


def test_a_nul_byte_in_a_query_parameter_is_a_400(client, secretariat):
    """Hole 5: ?state= of the directory went to PostgreSQL with its NUL (500)."""
    reply = verified_client(client, secretariat).get(reverse("accounts:directory"), {"state": "AUT\x00"})
    assert reply.status_code == 400
    assert "The request contained a NUL character (U+0000)" in reply.content.decode()
