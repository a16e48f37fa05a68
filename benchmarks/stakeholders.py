"""Time the invitation of every stakeholder entitled as observer to an informal meeting (P 52 (c)).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_stake_bench .venv/bin/python benchmarks/stakeholders.py

Works in its own throwaway database (Django's test database, here `test_sherloc_stake_bench`),
created at the start and dropped at the end. Records 30, 300 and 3,000 organisations entitled at
the previous session of the Conference, then for each size a new meeting and one call of the
secretariat's action (`services.invite_all`), whose e-mails go through the Celery task
`send_invitations` once it commits (eager here, as in the tests; the e-mail backend keeps them in
memory). Prints the wall time of the whole (invitations written and every e-mail built and sent)
and its SQL queries: they must not grow with the number of invitations, but by one select and
one update per batch of tasks.BATCH e-mails.
"""

import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.test")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (30, 300, 3000)


def main() -> None:
    from sherloc.accounts.enums import OrganisationKind
    from sherloc.accounts.models import Organisation
    from stakeholders import services, tasks
    from stakeholders.models import ObserverEntitlement, StakeholderProfile
    from tests.factories import UserFactory

    secretariat = UserFactory(username="bench-secretariat")
    today = timezone.localdate()
    session = services.add_conference_session(
        number=12,
        title="twelfth session",
        starts_on=today - dt.timedelta(days=300),
        ends_on=today - dt.timedelta(days=296),
    )
    made = 0
    rows = []
    for size in SIZES:
        organisations = Organisation.objects.bulk_create(
            [Organisation(name=f"Observer organisation {n:05d}", kind=OrganisationKind.NGO) for n in range(made, size)]
        )
        profiles = StakeholderProfile.objects.bulk_create(
            [StakeholderProfile(organisation=o, email=f"observer{o.pk}@example.org") for o in organisations]
        )
        ObserverEntitlement.objects.bulk_create([ObserverEntitlement(profile=p, session=session) for p in profiles])
        made = size
        meeting = services.create_meeting(
            by=secretariat,
            working_group="WG.4",
            working_group_session="fifteenth meeting",
            title=f"Benchmark meeting for {size}",
            date=today + dt.timedelta(days=30),
            place="Vienna",
            agenda="1. Opening",
            president_request="Letter",
            chair="Chair",
        )
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            count = services.invite_all(meeting=meeting, by=secretariat)  # the task runs when it commits
            elapsed = time.perf_counter() - started
        assert count == size and len(mail.outbox) == size, (count, len(mail.outbox))
        assert tasks.send_invitations(meeting.pk) == 0  # run again: nothing sent twice
        rows.append((size, elapsed, len(queries.captured_queries)))
    print(f"Inviting every entitled stakeholder in one action (e-mail batches of {tasks.BATCH})")
    print(f"{'invitations':>12} {'wall s':>8} {'ms each':>8} {'queries':>8}")
    for size, elapsed, count in rows:
        print(f"{size:12d} {elapsed:8.2f} {elapsed * 1000 / size:8.2f} {count:8d}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} at the end")


if __name__ == "__main__":
    setup_test_environment(debug=False)
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_stake_bench")
    connection.creation.create_test_db(verbosity=0, autoclobber=old_name.endswith("_bench"), keepdb=False)
    try:
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        main()
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
