"""Time the answering page and the autosave of the review module, at 1 and at every State's worth of data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_bench .venv/bin/python benchmarks/responses.py

Works in its own throwaway database (Django's test database, here `test_sherloc_bench`), created
at the start and dropped at the end: nothing of a developer's data is read or changed. Loads the
reference data, adopts the shipped questionnaires, then has the focal point of one State open
phase 1 (criminalization) and answer every mandatory question through the services. The State is
one shown the most Convention questions (one not party to UNCAC is asked more; Austria if it is one).

Prints, for the Convention (UNTOC) section of that response with every answer filled:
server time of the answering page (median, min, max of 20 requests, after one warm-up) and its
SQL queries, with only that State's response in the database and again with a filled phase 1
response for every State subject to review; then the round trip of the autosave (median, min,
max of 50 JSON posts of one answer, each from the version the last one returned).
"""

import datetime as dt
import io
import os
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
from django.utils import timezone  # noqa: E402

PAGE_REQUESTS = 20
AUTOSAVE_REQUESTS = 50
MEASURED_STATE = "AUT"


class Form(dict):
    """Posted form data, as the answering page sends it (as in tests/responses/conftest.py)."""

    def getlist(self, key):
        value = self.get(key)
        return value if isinstance(value, list) else [] if value is None else [value]


def data_for(question) -> Form:
    if question.kind == "yes_no_partly":
        return Form(value="yes")
    if question.kind == "legislation":
        return Form(title="Criminal Code", article="§ 278", link="https://www.ris.bka.gv.at/", text="")
    if question.kind == "short_text":
        return Form(value="A case from 2024.")
    if question.kind == "multiple_choice":
        return Form(value=[question.choices[0]["value"]])
    return Form(value=question.choices[0]["value"])


def answer_everything(response, by) -> None:
    """Give every mandatory answer through the service, as the drafters would (dependent questions
    appear once the answers they depend on are given, hence the loop)."""
    from responses import selectors, services

    while missing := selectors.draft(response).missing():
        for _view, q in missing:
            current = response.answers.filter(question=q).first()
            services.save_answer(
                response=response,
                question=q,
                data=data_for(q),
                expected_version=current.version if current else 0,
                by=by,
            )


def adopt_questionnaires() -> None:
    from questionnaires import services
    from questionnaires.definitions import parse

    for path in sorted((Path(settings.BASE_DIR) / "data" / "questionnaires").glob("*.json")):
        questionnaire, _ = services.import_definition(parse(path.read_text(encoding="utf-8")))
        services.adopt(questionnaire, decision_reference="benchmark")


def filled_response(state, phase):
    """A focal point appointed for the State opens phase 1 and answers everything."""
    from django.contrib.auth import get_user_model

    from responses import services
    from sherloc.accounts.services import appoint_focal_point

    user = get_user_model().objects.create_user(
        username=f"fp-{state.code.lower()}", email=f"fp-{state.code.lower()}@example.org", password="bench password"
    )
    appoint_focal_point(state=state, user=user)
    deadline = timezone.localdate() + dt.timedelta(days=90)
    response = services.open_response(state=state, phase=phase, language="en", deadline=deadline, by=user)
    answer_everything(response, user)
    return response, user


def verified_client(user) -> Client:
    """A client signed in with both factors, as every portal page needs (as in tests/conftest.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from sherloc.accounts.services import set_totp_secret

    device = set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def ms(values) -> str:
    return f"{statistics.median(values):8.1f} {min(values):8.1f} {max(values):8.1f}"


def time_page(client, url) -> tuple[list[float], int]:
    assert client.get(url).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries.captured_queries)  # now: the next request empties the connection's log
    times = []
    for _ in range(PAGE_REQUESTS):
        started = time.perf_counter()
        page = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert page.status_code == 200, page.status_code
    return times, count


def largest_page_state(states, phase):
    """A State shown the most Convention questions of the phase (States not party to UNCAC are asked
    more), Austria if it is one."""
    from questionnaires.models import Question
    from questionnaires.selectors import asked_of, in_force
    from sherloc.registry.selectors import parties_to

    questions = Question.objects.filter(questionnaire=in_force("UNTOC"), cluster=phase.cluster_id)
    asked = {uncac: len(asked_of(questions, uncac_party=uncac)) for uncac in (True, False)}
    by_size = sorted(states, key=lambda s: (-asked["UNCAC" in parties_to(s)], s.code != MEASURED_STATE))
    return by_size[0]


def main() -> None:
    from responses import selectors
    from sherloc.registry.models import WorkplanPhase
    from sherloc.registry.selectors import states_subject_to_review

    phase = WorkplanPhase.objects.get(number=1)
    states = states_subject_to_review()
    measured_state = largest_page_state(states, phase)
    others = [s for s in states if s.pk != measured_state.pk][:189]

    started = time.perf_counter()
    response, user = filled_response(measured_state, phase)
    client = verified_client(user)
    section = response.sections.get(questionnaire__instrument__code="UNTOC")
    url = reverse("responses:section", args=[response.pk, section.pk])
    draft = selectors.draft(response)
    view = next(v for v in draft.sections if v.section.pk == section.pk)
    on_page = sum(1 for q in view.questions if q.pk in draft.answers)
    print(
        f"Measured: {measured_state.name}, phase 1 ({phase.cluster.code}), UNTOC section: {len(view.questions)} questions, "
        f"{len(view.shown)} shown, {on_page} answers ({view.answered}/{view.required} mandatory answered); "
        f"{len(draft.sections)} sections, {len(draft.answers)} answers in the response"
    )

    rows = [("1 State", *time_page(client, url))]

    setup = time.perf_counter()
    for state in others:
        filled_response(state, phase)
    from responses.models import Answer, Response

    print(
        f"{len(states)} States subject to review in the registry; {len(others)} more responses opened and filled "
        f"through the services (open_response, save_answer) in {time.perf_counter() - setup:.1f} s: "
        f"{Response.objects.count()} responses, {Answer.objects.count()} answers in the database"
    )
    rows.append((f"{1 + len(others)} States", *time_page(client, url)))

    print()
    print(f"Answering page, UNTOC section ({PAGE_REQUESTS} requests after a warm-up, server time in-process)")
    print(f"{'data':>12} {'median ms':>9} {'min ms':>8} {'max ms':>8} {'queries':>8}")
    for label, times, queries in rows:
        print(f"{label:>12}  {ms(times)} {queries:8d}")
    same = rows[0][2] == rows[1][2]
    print(f"query count {'constant' if same else 'GROWS'} with the data ({rows[0][2]} → {rows[1][2]})")

    # Autosave: one legislation answer, a different article each time so every save writes a new version.
    question = next(q for q in view.shown if q.kind == "legislation")
    save_url = reverse("responses:save_answer", args=[response.pk, question.pk])
    version = draft.answers[question.pk].version
    times = []
    for i in range(AUTOSAVE_REQUESTS + 1):
        data = {"version": version, "title": "Criminal Code", "article": f"§ {i}", "link": "https://example.org/"}
        t = time.perf_counter()
        reply = client.post(save_url, data, headers={"accept": "application/json"})
        elapsed = (time.perf_counter() - t) * 1000
        assert reply.status_code == 200, (reply.status_code, reply.content[:300])
        assert reply.json()["version"] == version + 1
        version = reply.json()["version"]
        if i:  # the first is the warm-up
            times.append(elapsed)
    with CaptureQueriesContext(connection) as queries:
        data = {"version": version, "title": "Criminal Code", "article": "§ 278", "link": "https://example.org/"}
        assert client.post(save_url, data, headers={"accept": "application/json"}).status_code == 200
    save_queries = len(queries.captured_queries)
    print()
    print(f"Autosave round trip ({AUTOSAVE_REQUESTS} JSON posts of one answer, version incremented each time)")
    print(f"{'':>12} {'median ms':>9} {'min ms':>8} {'max ms':>8} {'queries':>8}")
    print(f"{'autosave':>12}  {ms(times)} {save_queries:8d}   (answer version {version} after the last timed save)")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\ntotal {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs, load average {load} at the end")


if __name__ == "__main__":
    setup_test_environment(debug=False)
    if "testserver" not in settings.ALLOWED_HOSTS:
        sys.exit("ALLOWED_HOSTS does not accept the test client ('testserver').")
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/sherloc_bench")
    # a leftover test_<name> is dropped without asking only for a benchmark database of its own
    connection.creation.create_test_db(verbosity=0, autoclobber=old_name.endswith("_bench"), keepdb=False)
    print(
        f"database {connection.settings_dict['NAME']} (PostgreSQL {connection.cursor().connection.info.server_version})"
    )
    try:
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
        adopt_questionnaires()
        main()
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
