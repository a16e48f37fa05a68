"""A conference room paper's PDF rendered by a real Celery worker (Redis broker): the status goes from
pending to ready and the page offers the download (P 43)."""

import io
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from documents.enums import RenderStatus
from documents.models import LanguageVersion
from tests.documents.conftest import issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(transactional_db):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("a real worker needs the test database on PostgreSQL and a Redis broker (DATABASE_URL, REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    from sherloc.celery import app
    from sherloc.registry.models import State

    if not State.objects.exists():  # the worker reads committed rows; the tables are flushed after this test
        call_command("load_reference", stdout=io.StringIO())
    app.control.purge()  # nothing left over from an earlier run in this Redis database
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False  # through the broker
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"):
            yield app
    finally:
        app.conf.task_always_eager = eager


def test_a_worker_renders_the_pdf_from_pending_to_ready(worker):
    user = UserFactory(username="sec-worker")
    with transaction.atomic():
        document = issue(user, groups=["WG.4"])
        version = document.versions.get()
        seen = [version.render_status]  # the task is queued only once this commits
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = LanguageVersion.objects.get(pk=version.pk).render_status
        if status != seen[-1]:
            seen.append(status)
        if status in (RenderStatus.READY, RenderStatus.FAILED):
            break
        time.sleep(0.1)
    assert seen[0] == RenderStatus.PENDING and seen[-1] == RenderStatus.READY
    version.refresh_from_db()
    with version.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
