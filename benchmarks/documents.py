"""Time the PDF rendering of a final report and the document library (issue 11).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_docs_bench .venv/bin/python benchmarks/documents.py

Works in its own throwaway database (Django's test database, here `test_sherloc_docs_bench`), created
at the start and dropped at the end. Prints:

1. a 4,000-word final desk review report with tables (ten sections, a table in each), in English and
   in Arabic: the median of 5 renders through the portal's path (the Celery task `render_version`,
   run in-process: the HTML from the template, WeasyPrint, the SHA-256, the file stored in private
   storage, the row saved), its page count, and WeasyPrint alone on the same HTML, interleaved in the
   same run; the portal's overhead over WeasyPrint alone (the bar: at most 20 %);
2. the library page (first page, and a full-text search) for a conference officer and for the public,
   with 200 and with 2,000 documents of six language versions each: server time (median, min, max of
   20 requests after one warm-up) and SQL queries (the count must not grow with the documents).
"""

import io
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sherloc.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.html import escape  # noqa: E402

RENDERS = 5
PAGE_REQUESTS = 20
WORDS = 4000

EN_WORDS = [
    "the",
    "reviewing",
    "States",
    "noted",
    "that",
    "the",
    "State",
    "under",
    "review",
    "has",
    "adopted",
    "legislation",
    "on",
    "the",
    "liability",
    "of",
    "legal",
    "persons",
    "and",
    "on",
    "the",
    "confiscation",
    "of",
    "proceeds",
    "of",
    "crime",
    "and",
    "that",
    "its",
    "central",
    "authority",
    "answers",
    "requests",
    "for",
    "mutual",
    "legal",
    "assistance",
    "within",
    "the",
    "agreed",
    "time",
    "frames",
    "while",
    "training",
    "of",
    "investigators",
    "remains",
    "a",
    "need",
]
AR_WORDS = [
    "لاحظت",
    "الدول",
    "المستعرضة",
    "أن",
    "الدولة",
    "الطرف",
    "المستعرضة",
    "اعتمدت",
    "تشريعات",
    "بشأن",
    "مسؤولية",
    "الهيئات",
    "الاعتبارية",
    "وبشأن",
    "مصادرة",
    "عائدات",
    "الجريمة",
    "وأن",
    "سلطتها",
    "المركزية",
    "ترد",
    "على",
    "طلبات",
    "المساعدة",
    "القانونية",
    "المتبادلة",
    "في",
    "الآجال",
    "المتفق",
    "عليها",
    "بينما",
    "يظل",
    "تدريب",
    "المحققين",
    "حاجة",
    "قائمة",
]


class ReportSource:
    """A final report as a source app would give it: an HTML fragment of sections, paragraphs and tables."""

    def __init__(self, language, words):
        self.language, self.words = language, words

    def document_title(self):
        return "Final desk review report (benchmark)" if self.language == "en" else "تقرير الاستعراض المكتبي النهائي"

    def document_language(self):
        return self.language

    def document_state(self):
        return None

    def document_restricted(self):
        return True

    def document_html(self):
        words, n, parts = self.words, 0, []

        def take(count):
            nonlocal n
            chunk = " ".join(words[(n + i) % len(words)] for i in range(count))
            n += count
            return escape(chunk)

        for section in range(1, 11):
            parts.append(f"<h2>{section}. {take(4)}</h2>")
            rows = "".join(
                f"<tr><td>{r}</td><td>{take(3)}</td><td>{take(3)}</td><td>{take(2)}</td></tr>" for r in range(6)
            )
            parts.append(
                f"<table><thead><tr><th>#</th><th>{take(2)}</th><th>{take(2)}</th><th>{take(1)}</th></tr></thead><tbody>{rows}</tbody></table>"
            )
            for _ in range(5):
                parts.append(f"<p>{take(69)}.</p>")
        return "".join(parts)


def ms(values) -> str:
    return f"{statistics.median(values):8.1f} {min(values):8.1f} {max(values):8.1f}"


def bench_rendering(user) -> None:
    from weasyprint import HTML

    from documents import rendering, services
    from documents.enums import RenderStatus
    from documents.models import LanguageVersion
    from documents.rendering import html_for
    from documents.tasks import render_version

    inside = []  # WeasyPrint's share of each portal render, timed inside the same call
    weasyprint = rendering.pdf_from_html

    def timed(html):
        started = time.perf_counter()
        try:
            return weasyprint(html)
        finally:
            inside.append((time.perf_counter() - started) * 1000)

    rendering.pdf_from_html = timed

    print("1. PDF of a 4,000-word final report with tables (ms; median, min, max of 5; interleaved)")
    print(
        f"{'':10} {'words':>6} {'pages':>6} {'portal median':>14} {'min':>8} {'max':>8} {'WeasyPrint alone':>17} {'min':>8} {'max':>8} {'overhead':>9}"
    )
    for language, words in (("en", EN_WORDS), ("ar", AR_WORDS)):
        source = ReportSource(language, words)
        document = services.track_translations(source=source, by=user)
        version = document.versions.get(language=language)
        count = len(re.sub(r"<[^>]+>", " ", version.body_html).split())  # tags as spaces: table cells are words
        portal, alone = [], []
        inside.clear()
        html = html_for(version)
        HTML(string=html).write_pdf()  # warm-up: fonts loaded once per process
        for _ in range(RENDERS):
            LanguageVersion.objects.filter(pk=version.pk).update(render_status=RenderStatus.PENDING)
            started = time.perf_counter()
            assert render_version(version.pk) == RenderStatus.READY
            portal.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            HTML(string=html_for(LanguageVersion.objects.select_related("document").get(pk=version.pk))).write_pdf()
            alone.append((time.perf_counter() - started) * 1000)
        pages = len(HTML(string=html).render().pages)
        overhead = statistics.median(portal) / statistics.median(alone) - 1
        print(
            f"{language:10} {count:6d} {pages:6d} {ms(portal)[:8]:>14} {ms(portal)[8:17]:>8} {ms(portal)[17:]:>8} {ms(alone)[:8]:>17} {ms(alone)[8:17]:>8} {ms(alone)[17:]:>8} {overhead:+9.1%}"
        )
        own = statistics.median(p - w for p, w in zip(portal, inside, strict=True))
        print(
            f"{'':10} the portal's own work in each render (all but WeasyPrint, timed in the call): median {own:.1f} ms"
        )
    rendering.pdf_from_html = weasyprint
    print("   (WeasyPrint alone includes making the same HTML from the template; the portal adds the")
    print("    SHA-256, the private file and the row's updates. On a shared, loaded machine the two medians")
    print("    move by several per cent from run to run; the portal's own work is the steadier figure)")


def make_documents(user, n, start):
    from documents.models import Document, DocumentWorkingGroup, LanguageVersion

    groups = ["WG.2", "WG.3", "WG.4", "WG.6", "WG.7"]
    documents = Document.objects.bulk_create(
        Document(
            kind="crp",
            symbol=f"CTOC/COP/{groups[i % 5]}/2027/CRP.{i + 1}",
            title=f"Conference room paper {i + 1} on {' '.join(EN_WORDS[i % 20 : i % 20 + 6])}",
            session="Thirteenth session (2027)",
            issued_on="2027-06-02",
            restricted=i % 7 == 0,
            body_text=" ".join(EN_WORDS[(i + k) % len(EN_WORDS)] for k in range(300)),
            created_by=user,
        )
        for i in range(start, start + n)
    )
    DocumentWorkingGroup.objects.bulk_create(
        DocumentWorkingGroup(document=d, working_group=groups[i % 5]) for i, d in enumerate(documents, start)
    )
    LanguageVersion.objects.bulk_create(
        LanguageVersion(
            document=d, language=code, status="published", render_status="ready", file="documents/x", sha256="0" * 64
        )
        for d in documents
        for code in ("ar", "zh-hans", "en", "fr", "ru", "es")
    )
    from documents.services import index_for_search

    index_for_search(Document.objects.filter(pk__in=[d.pk for d in documents]))


def verified_client(user) -> Client:
    from django_otp import DEVICE_ID_SESSION_KEY

    from sherloc.accounts.services import set_totp_secret

    device = set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_page(client, url, params):
    client.get(url, params)
    times = []
    for _ in range(PAGE_REQUESTS):
        started = time.perf_counter()
        reply = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert reply.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return times, len(queries.captured_queries)


def bench_library(officer) -> None:
    print("\n2. The library page (ms; median, min, max of 20) and its SQL queries")
    print(f"{'documents':>9} {'who':10} {'page':22} {'median':>8} {'min':>8} {'max':>8} {'queries':>8}")
    url = reverse("documents:library")
    clients = {"officer": verified_client(officer), "public": Client()}
    made = 0
    for size in (200, 2000):
        make_documents(officer, size - made, made)
        made = size
        connection.cursor().execute("ANALYZE")
        for who, client in clients.items():
            for label, params in (("first page", {}), ("search 'confiscation'", {"q": "confiscation"})):
                times, queries = time_page(client, url, params)
                print(f"{size:9d} {who:10} {label:22} {ms(times)} {queries:8d}")


def main() -> None:
    from sherloc.accounts.enums import Role
    from tests.factories import UserFactory, member

    officer = member(UserFactory(username="officer-bench"), Role.CONFERENCE_OFFICER)
    started = time.perf_counter()
    bench_rendering(officer)
    bench_library(officer)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ntotal {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs, load average {load} at the end")


if __name__ == "__main__":
    setup_test_environment(debug=False)
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_docs_bench")
    connection.creation.create_test_db(verbosity=0, autoclobber=old_name.endswith("_bench"), keepdb=False)
    print(
        f"database {connection.settings_dict['NAME']} (PostgreSQL {connection.cursor().connection.info.server_version})"
    )
    try:
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        main()
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
