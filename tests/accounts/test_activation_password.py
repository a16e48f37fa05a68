"""Issue 10, deliverable 15 (semgrep: a password set without the validators): the activation service checks
the password rules itself, not only the form in front of it."""

import pytest

from sherloc.accounts import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def nominee():
    user = UserFactory(username="nina", is_active=False)
    user.set_unusable_password()
    user.save()
    return user, services.issue_activation_link(user=user)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "This password is too short. It must contain at least 12 characters."),
        ("123456789012", "This password is entirely numeric."),
    ],
)
def test_activation_refuses_a_password_the_rules_refuse(password, message):
    user, token = nominee()
    with pytest.raises(services.AccountError, match=message):
        services.activate_account(token=token, password=password)
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()


def test_activation_with_a_good_password(db):
    user, token = nominee()
    services.activate_account(token=token, password="a-long-passphrase-2026")
    user.refresh_from_db()
    assert user.is_active and user.check_password("a-long-passphrase-2026")
