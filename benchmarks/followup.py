"""Time the follow-up's aggregate pages and the general report PDF (issue 13).

    DATABASE_URL=postgres://.../sherloc_bench .venv/bin/python benchmarks/followup.py

Needs a database with the reference data (`manage.py migrate && manage.py load_reference`) and no
country reviews of phase 1 yet. Everything the script creates is rolled back at the end.

Builds, with bulk inserts (followup.scale), 20 and then 190 States' final lists of phase 1 (3
technical-assistance needs, 2 gaps and 1 good practice each) and submitted responses (40 closed
questions each); prints, at both sizes, the server time (median of 20 requests after a warm-up,
Django's test client in process) and SQL query count of the Working Group on Technical Assistance
page (by article) and of the general report page; then the render time and page count of the
general report PDF at 190 States.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from followup import scale, services  # noqa: E402
from followup.enums import KIND_ORDER  # noqa: E402
from sherloc.accounts import services as account_services  # noqa: E402
from sherloc.accounts.enums import Role  # noqa: E402
from sherloc.registry.models import State, WorkplanPhase  # noqa: E402

RUNS = 20
QUESTIONS = 40
User = get_user_model()


def signed_in(u) -> Client:
    client = Client()
    device = account_services.set_totp_secret(user=u, base32_secret="JBSWY3DPEHPK3PXP")
    client.force_login(u)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client, url) -> tuple[float, int]:
    assert client.get(url).status_code == 200  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times), len(ctx.captured_queries)


def content(i: int) -> dict:
    answers = ["yes", "partly", "no"]
    questions = []
    for q in range(QUESTIONS):
        if q % 4 == 3:
            choices = [{"value": f"c{c}", "text": f"Choice {c}"} for c in range(4)]
            questions.append(
                {
                    "id": f"bench-q{q}",
                    "kind": "single_choice",
                    "article": str(5 + q % 10),
                    "text": f"Question {q}",
                    "choices": choices,
                    "answer": f"c{(i + q) % 4}",
                }
            )
        else:
            questions.append(
                {
                    "id": f"bench-q{q}",
                    "kind": "yes_no_partly",
                    "article": str(5 + q % 10),
                    "text": f"Question {q}",
                    "answer": answers[(i * 7 + q) % 3],
                }
            )
    return {"sections": [{"instrument": "UNTOC", "questions": questions}]}


def items(i: int, articles) -> list[dict]:
    def art(k):
        return [articles[(i + k) % len(articles)].pk]

    return [
        *(
            {"kind": "assistance", "text": f"Need {k}", "articles": art(k), "assistance_kind": KIND_ORDER[(i + k) % 6]}
            for k in range(3)
        ),
        *({"kind": "gap", "text": f"Gap {k}", "articles": art(k + 3)} for k in range(2)),
        {"kind": "good_practice", "text": "A practice", "articles": art(6)},
    ]


def build(states, phase, author, articles, start):
    scale.final_lists(
        phase=phase, author=author, items_of={s: items(start + i, articles) for i, s in enumerate(states)}
    )
    scale.submissions(phase=phase, author=author, content_of={s: content(start + i) for i, s in enumerate(states)})


def main():
    setup_test_environment()
    with transaction.atomic():
        sam = User.objects.create(username="bench-sam", email="sam@bench.example")
        from tests.factories import member

        member(sam, Role.SECRETARIAT)
        client = signed_in(sam)
        phase = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number").first()
        articles = list(phase.cluster.articles.order_by("instrument__position", "number"))
        states = list(State.objects.filter(subject_to_review=True).order_by("code")[:190])
        rows, done = [], 0
        for size in (20, 190):
            build(states[done:size], phase, sam, articles, done)
            done = size
            rows.append(("TA needs by article", size, *measure(client, reverse("followup:assistance") + "?by=article")))
            rows.append(
                ("general report page", size, *measure(client, reverse("followup:general_phase", args=[phase.number])))
            )
        for page, size, ms, queries in rows:
            print(f"{page:>22} over {size:>3} States: server time median {ms:7.1f} ms, {queries} SQL queries")

        from weasyprint import HTML

        from documents import services as documents
        from documents.rendering import html_for

        report = services.generate_report(phase=phase, by=sam)
        document = documents.issue_crp(source=report, working_groups=["WG.2"], session="Benchmark session", by=sam)
        version = document.versions.get(language="en")
        html = html_for(version)
        HTML(string=html).write_pdf()  # warm-up: fonts loaded once per process
        times = []
        for _ in range(5):
            started = time.perf_counter()
            HTML(string=html).write_pdf()
            times.append((time.perf_counter() - started) * 1000)
        pages = len(HTML(string=html).render().pages)
        print(
            f"general report PDF over 190 States ({QUESTIONS} questions, {len(articles)} articles in the cluster): "
            f"render median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}, 5 runs), {pages} pages"
        )
        transaction.set_rollback(True)  # leave the database as it was


if __name__ == "__main__":
    main()
