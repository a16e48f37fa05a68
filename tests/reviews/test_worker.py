"""Reminders through a real Celery worker: two runs at once send each reminder once."""

import datetime as dt
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from responses.models import Response
from reviews.enums import ReviewStatus
from reviews.models import ReminderSent
from tests.reviews.conftest import advance

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reference_data(transactional_db):
    """The worker reads committed rows: this test commits, and the tables are flushed after it."""
    from sherloc.registry.models import State

    if not State.objects.exists():
        call_command("load_reference", stdout=io.StringIO())


@pytest.fixture
def worker():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("a real worker needs the test database on PostgreSQL and a Redis broker (DATABASE_URL, REDIS_URL)")
    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sherloc.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "sherloc",
            "worker",
            "-Q",
            queue,
            "--concurrency=2",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    from sherloc.celery import app

    eager, app.conf.task_always_eager = app.conf.task_always_eager, False  # this test goes through the broker
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=30)


def test_two_runs_of_the_reminder_task_at_once_send_each_reminder_once(reference_data, review, people, worker):
    from sherloc.celery import app

    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    responses = Response.objects.get(state=review.state, phase=review.phase)
    Response.objects.filter(pk=responses.pk).update(deadline=timezone.localdate() + dt.timedelta(days=7))
    runs = [app.send_task("reviews.tasks.send_deadline_reminders", queue=worker) for _ in range(2)]
    sent = [run.get(timeout=120) for run in runs]
    assert sorted(sent) == [0, 1]
    [claim] = ReminderSent.objects.filter(response=responses)
    assert claim.step == "7" and claim.sent_at is not None
    # a later run, as beat would start it, finds nothing left to send
    assert app.send_task("reviews.tasks.send_deadline_reminders", queue=worker).get(timeout=120) == 0
