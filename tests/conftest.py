import base64
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django_otp.oath import totp

from tests.factories import UserFactory, member


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real reference data, loaded once for the whole run; each test rolls back its own changes."""
    with django_db_blocker.unblock():
        call_command("load_reference", stdout=io.StringIO())


@pytest.fixture(scope="session", autouse=True)
def _archive_emptied_between_transactional_tests():
    """The archive refuses TRUNCATE (reviews/migrations/0004, responses/migrations/0003), and Django
    empties the tables with TRUNCATE after each transactional test. The test database's owner, a
    superuser, empties it as a replica would, without firing triggers: the portal's role cannot
    (tests/test_database_roles.py)."""
    from django.core.management.commands import flush

    original = flush.sql_flush

    def sql_flush(style, connection, **kwargs):
        statements = original(style, connection, **kwargs)
        if connection.vendor == "postgresql" and statements:
            return ["SET LOCAL session_replication_role = replica", *statements]
        return statements

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "sql_flush", sql_flush)
        yield


def totp_now(base32_secret: str = "JBSWY3DPEHPK3PXP") -> str:
    return f"{totp(base64.b32decode(base32_secret)):06d}"


@pytest.fixture
def state(db):
    from sherloc.registry.models import State

    return State.objects.get(code="AUT")


@pytest.fixture
def other_state(db):
    from sherloc.registry.models import State

    return State.objects.get(code="KEN")


@pytest.fixture
def secretariat(db):
    from sherloc.accounts.enums import Role

    return member(UserFactory(username="sam"), Role.SECRETARIAT)


@pytest.fixture
def focal_point(state):
    from sherloc.accounts import services

    user = UserFactory(username="alice")
    services.appoint_focal_point(state=state, user=user)
    return user


@pytest.fixture
def outsider(other_state):
    """The focal point of an unrelated State."""
    from sherloc.accounts import services

    user = UserFactory(username="charlie")
    services.appoint_focal_point(state=other_state, user=user)
    return user


@pytest.fixture
def stakeholder(db):
    from sherloc.accounts.enums import Role

    return member(UserFactory(username="ngo"), Role.STAKEHOLDER)


def verified_client(client, user):
    """A client signed in with both factors, as every portal page needs."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from sherloc.accounts.services import set_totp_secret

    device = set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    # one request, as a browser makes on signing in: the user and device are cached from here on
    # (sherloc/accounts/signed_in.py), so a test's query counts are those of a signed-in user's pages
    client.get("/en/signed-in/")
    return client


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request in another language leaves it active in the thread; the next test starts in English."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _kept_pages_in_memory_per_test():
    """Pages a test's requests kept in this process's memory (sherloc/pagecache/nearby.py) are not the next's."""
    from sherloc.pagecache import nearby

    nearby.pages.clear()


@pytest.fixture(autouse=True)
def _signed_in_cache_per_test():
    """Users and devices cached by one test (sherloc/accounts/signed_in.py) are never read by the next, whose
    rows may take the same ids."""
    import uuid

    from sherloc.accounts import signed_in

    signed_in.generation = f":{uuid.uuid4().hex}"
