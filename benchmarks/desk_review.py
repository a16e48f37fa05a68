"""Time the desk review's heavy pages and the reminder task (issue 5).

    DATABASE_URL=postgres://.../sherloc_bench .venv/bin/python benchmarks/desk_review.py

Needs a database with the reference data (`manage.py migrate && manage.py load_reference`)
and no country reviews yet. Everything the script creates is rolled back at the end.

Prints, at two data sizes each: the dialogue page of one thread (200 and 2,000 messages) and
the secretariat overview (60 and 600 reviews), as the server time of the request handled in
process by Django's test client (median of 20, after one warm-up) and its SQL query count;
then the reminder task over 600 reviews and 2,400 deadlines: wall time and query count, for
the first run (everything due is sent) and a second run (nothing left to send).
"""

import datetime as dt
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.test")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from reviews import services  # noqa: E402
from reviews.enums import DeadlineKind, ReviewStatus  # noqa: E402
from reviews.models import Attachment, CountryReview, Deadline, DialogueThread, Message  # noqa: E402
from sherloc.accounts import services as account_services  # noqa: E402
from sherloc.accounts.enums import OrganisationKind, Role  # noqa: E402
from sherloc.accounts.models import Organisation, User  # noqa: E402
from sherloc.registry.models import WorkplanPhase  # noqa: E402
from sherloc.registry.selectors import states_subject_to_review  # noqa: E402
from tests.factories import confirmed_drawing  # noqa: E402

RUNS = 20


def user(username, **membership):
    u = User.objects.create(username=username, email=f"{username}@bench.example")
    account_services.grant_membership(user=u, **membership)
    return u


def signed_in(u) -> Client:
    client = Client()
    device = account_services.set_totp_secret(user=u, base32_secret="JBSWY3DPEHPK3PXP")
    client.force_login(u)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client, url) -> tuple[float, int]:
    client.get(url)  # warm-up: templates compiled, read marker created
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times) * 1000, len(ctx.captured_queries)


def world():
    """Every State subject to review placed in a group, each with two reviewing States."""
    unodc = Organisation.objects.create(name="UNODC (bench)", kind=OrganisationKind.UNODC)
    sam = user("bench-secretariat", role=Role.SECRETARIAT, organisation=unodc)
    states = sorted(states_subject_to_review(), key=lambda s: s.name)
    n = len(states)
    # the outcome of a confirmed drawing, built as the tests build it (no module outside lots writes its tables)
    confirmed_drawing(
        pairs={s.code: [states[(i + k) % n].code for k in (1, 2)] for i, s in enumerate(states)},
        groups={s.code: i % 3 + 1 for i, s in enumerate(states)},
        instruments=["UNTOC"],
        opened_by=sam,
    )
    return sam, states


def reviews(states, count, now, agreed_by):
    """`count` reviews (States × phases), each with four deadlines spread around today."""
    phases = list(WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number"))
    existing = CountryReview.objects.count()
    pairs = [(p, s) for p in phases for s in states][existing:count]
    statuses = [s for s in ReviewStatus.values if s != ReviewStatus.CLOSED]
    made = CountryReview.objects.bulk_create(
        CountryReview(
            state=s,
            phase=p,
            year_group=i % 3 + 1,
            status=statuses[i % len(statuses)],
            language="en",
            scheduled_at=now,
            status_changed_at=now,
        )
        for i, (p, s) in enumerate(pairs, start=existing)
    )
    today = timezone.localdate(now)
    kinds = list(DeadlineKind.values)
    Deadline.objects.bulk_create(
        Deadline(
            review=r,
            kind=k,
            due=today + dt.timedelta(days=(r.pk * 7 + j * 11) % 50 - 10),
            agreed_at=now,
            agreed_by=agreed_by,
        )
        for r in made
        for j, k in enumerate(kinds)
    )


def messages(thread, authors, count, now):
    start = Message.objects.filter(thread=thread).count()
    made = Message.objects.bulk_create(
        Message(
            thread=thread,
            author=authors[i % len(authors)],
            on_behalf_of_id=None,
            body=f"Message {i}: " + "text of the constructive dialogue " * 8,
            idempotency_key=uuid.uuid4(),
            posted_at=now + dt.timedelta(seconds=i),
        )
        for i in range(start, count)
    )
    Attachment.objects.bulk_create(
        Attachment(message=m, file=f"reviews/bench/{m.pk}.pdf", name=f"annex-{m.pk}.pdf", size=1234) for m in made[::10]
    )


def main():
    setup_test_environment()
    now = timezone.now()
    with transaction.atomic():
        sam, states = world()
        secretariat = signed_in(sam)
        print(f"{len(states)} States subject to review; {RUNS} requests per figure (median)")
        rows = []
        for size in (60, 600):
            reviews(states, size, now, sam)
            rows.append(("overview", size, *measure(secretariat, reverse("reviews:overview"))))

        review = CountryReview.objects.order_by("pk").first()
        thread = DialogueThread.objects.create(review=review, subject="Constructive dialogue", created_at=now)
        fp = User.objects.create(username="bench-fp", email="fp@bench.example")
        account_services.appoint_focal_point(state=review.state, user=fp)
        reader = signed_in(fp)
        url = reverse("reviews:thread", args=[thread.pk])
        for size in (200, 2000):
            messages(thread, [sam, fp], size, now)
            rows.append(("dialogue thread", size, *measure(reader, url)))
        for page, size, ms, queries in rows:
            print(f"{page:>16} with {size:>5}: server time median {ms:7.1f} ms, {queries} SQL queries")

        total_reviews, total_deadlines = CountryReview.objects.count(), Deadline.objects.count()
        for run in ("first", "second"):
            mail.outbox = []
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                sent = services.send_due_reminders()
            wall = time.perf_counter() - started
            print(
                f"reminder task, {run} run, {total_reviews} reviews and {total_deadlines} deadlines: "
                f"{wall:.2f} s wall, {len(ctx.captured_queries)} SQL queries, {sent} e-mails sent"
            )
        transaction.set_rollback(True)  # leave the database as it was


if __name__ == "__main__":
    main()
