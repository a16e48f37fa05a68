"""The idle time-out without a session write on every request (sherloc.accounts.middleware.IdleSessionMiddleware)."""

import datetime as dt
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from sherloc.accounts import middleware
from sherloc.accounts.services import set_totp_secret
from tests.conftest import totp_now
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password"


@pytest.fixture
def signed_in(client):
    user = UserFactory(username="ines")
    set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    client.post(reverse("accounts:login"), {"username": "ines", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    client.post(reverse("accounts:verify"), {"token": totp_now()}, REMOTE_ADDR="10.0.0.1")
    assert client.get(reverse("portal:signed_in")).status_code == 200
    return client


@pytest.fixture
def saves(monkeypatch):
    """Counts the session writes."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    count = {"n": 0}
    original = store.save

    def counted(self, *args, **kwargs):
        count["n"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(store, "save", counted)
    return count


class Clock:
    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(middleware, "time", fake)
    return fake


def stored_expiry(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def test_pages_within_a_minute_do_not_write_the_session(signed_in, saves, clock):
    for _ in range(5):
        clock.now += 5
        response = signed_in.get(reverse("portal:home"))
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies  # no new cookie either
    assert saves["n"] == 0


def test_a_request_after_a_minute_renews_the_session_once(signed_in, saves, clock):
    before = stored_expiry(signed_in)
    clock.now += settings.SESSION_REFRESH_SECONDS + 1
    first = signed_in.get(reverse("portal:home"))
    second = signed_in.get(reverse("portal:home"))
    assert saves["n"] == 1
    assert settings.SESSION_COOKIE_NAME in first.cookies and settings.SESSION_COOKIE_NAME not in second.cookies
    assert int(first.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE
    renewed = stored_expiry(signed_in)
    assert renewed >= before
    assert abs((renewed - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 5


def test_the_session_still_lapses_after_the_idle_time(signed_in):
    """Idle for SESSION_IDLE_SECONDS: the expiry recorded at the last renewal has passed, and the next
    request is signed out, whatever the session's cache holds."""
    expiry = stored_expiry(signed_in)
    assert expiry <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    cache.clear()
    response = signed_in.get(reverse("portal:signed_in"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_visitors_who_never_signed_in_get_no_session(client, saves):
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert saves["n"] == 0
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_signing_out_ends_the_session(signed_in):
    signed_in.post(reverse("accounts:logout"))
    assert signed_in.get(reverse("portal:signed_in")).status_code == 302


def test_signed_in_trivial_page_reads_nothing_from_the_database_once_cached(signed_in, django_assert_num_queries):
    # the user and the device come from the cache (sherloc/accounts/signed_in.py); the session from the cache
    # where REDIS_URL is set, else one read of its row
    signed_in.get(reverse("portal:signed_in"))
    with django_assert_num_queries(0 if "cache" in settings.SESSION_ENGINE else 1):
        assert signed_in.get(reverse("portal:signed_in")).status_code == 200


def test_a_deactivated_user_is_signed_out_at_the_next_request(signed_in):
    from django.contrib.auth import get_user_model

    signed_in.get(reverse("portal:signed_in"))  # the user is now cached
    user = get_user_model().objects.get(username="ines")
    user.is_active = False
    user.save()
    assert signed_in.get(reverse("portal:signed_in")).status_code == 302


def test_a_changed_password_ends_the_other_sessions_at_once(signed_in):
    from django.contrib.auth import get_user_model

    signed_in.get(reverse("portal:signed_in"))
    user = get_user_model().objects.get(username="ines")
    user.set_password("another long password")
    user.save()
    assert signed_in.get(reverse("portal:signed_in")).status_code == 302


def test_a_removed_authenticator_is_not_accepted_from_the_cache(signed_in):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    signed_in.get(reverse("portal:signed_in"))  # the device is now cached
    TOTPDevice.objects.get(user__username="ines").delete()
    response = signed_in.get(reverse("portal:signed_in"))
    assert response.status_code == 302 and reverse("accounts:enrol") in response["Location"]
