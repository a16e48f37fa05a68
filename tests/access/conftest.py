import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from tests.access.world import build_world, committed, send_the_worlds_emails


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each test runs in a
    savepoint of it. What the services queue for after their commit (notices, e-mails, PDFs) runs once the world
    is built, as a commit would run it (world.committed); every e-mail sent is kept in `w.outbox`."""
    from tests.conftest import verified_client

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            mail.outbox = []
            with committed():
                w = build_world()
            with committed():
                send_the_worlds_emails(w)
            w.outbox = list(mail.outbox)
            w.clients = {
                name: verified_client(Client(raise_request_exception=False), user) for name, user in w.users.items()
            }
            w.clients["anonymous"] = Client(raise_request_exception=False)
            w.clients["maria"] = verified_client(Client(raise_request_exception=False), w.maria)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
