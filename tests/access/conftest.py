import pytest
from django.db import transaction
from django.test import Client

from tests.access.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each test runs in a
    savepoint of it."""
    from tests.conftest import verified_client

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build_world()
            w.clients = {
                name: verified_client(Client(raise_request_exception=False), user) for name, user in w.users.items()
            }
            w.clients["anonymous"] = Client(raise_request_exception=False)
            w.clients["maria"] = verified_client(Client(raise_request_exception=False), w.maria)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
