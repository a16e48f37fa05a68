"""Query budgets: every page of the portal answers in a number of SQL queries that does not grow with the
data, and stays within its budget.

Every GET URL name of the URL configuration (walked as tests/access does) is either in BUDGETS below, or
refuses a GET with 405 (the POST-only endpoints: excluded by that rule, which the test checks), or
belongs to a namespace of EXCLUDED_NAMESPACES. A new page without a budget fails, naming it.

Each page is requested, as a user who may see it, twice at each of two sizes of one world (the access
tests' world, tests/access/world.py, then the same world grown several times over by grow(): more
States' reviews and responses, every answer of a draft, more messages with attachments, documents,
disclosure decisions, meetings, notices…); the second request of each size is counted with
CaptureQueriesContext. The counts at both sizes must be equal, and at most the page's budget.

The table of budgets is also docs/query-budgets.md, generated from BUDGETS (a test checks that they
match):

    DJANGO_SETTINGS_MODULE=sherloc.settings.test .venv/bin/python -m tests.portal.test_query_budgets \\
        > docs/query-budgets.md
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

DOC = Path(__file__).resolve().parents[2] / "docs" / "query-budgets.md"
FIGURES = (
    Path(__file__).resolve().parents[2] / "tmp" / "query-budgets.json"
)  # the counts of the last run (and .sql.json)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    user: str  # a persona of tests/access/world.py (PERSONAS), "maria" (Mexico's focal point) or "anonymous"
    budget: int
    args: Callable | None = None  # world -> reverse() arguments; default: the access classification's first target
    status: tuple[int, ...] = (200,)


def _first_target(name):
    from tests.access.classification import URLS, Confidential

    classified = URLS.get(name)
    if isinstance(classified, Confidential):
        return lambda w: classified.targets(w)[0][1]
    return lambda w: []


# The budget of each page: the number of queries it answers in at both sizes, as the user named.
BUDGETS: dict[str, Page] = {
    # the portal, signing in, languages
    "portal:home": Page("alice", 28),
    "healthz": Page("anonymous", 0),
    "portal:signed_in": Page("alice", 0),
    "set_language": Page("anonymous", 0, status=(302,)),
    "public_feed_json": Page("anonymous", 4),
    "public_feed_csv": Page("anonymous", 4),
    "accounts:login": Page("anonymous", 0),
    "accounts:logout": Page("alice", 9),
    "accounts:verify": Page("alice", 0, status=(302,)),
    "accounts:enrol": Page("alice", 1, status=(302,)),
    "accounts:activate": Page("anonymous", 1, args=lambda w: ["no-such-link"], status=(410,)),
    "accounts:new_link": Page("anonymous", 0),
    "accounts:profile": Page("alice", 10),
    "accounts:nominate": Page("sam", 8),
    "accounts:directory": Page("sam", 7),
    # reference data
    "registry:states": Page("alice", 12),
    "registry:state": Page("alice", 11, args=lambda w: ["AUT"]),
    "registry:import": Page("sam", 5),
    "registry:table_one": Page("alice", 10),
    "registry:workplan": Page("alice", 10),
    # the drawing of lots
    "lots:index": Page("sam", 7),
    "lots:session": Page("sam", 11, args=lambda w: [w.open_drawing.pk]),
    "lots:log": Page("sam", 4, args=lambda w: [w.open_drawing.pk]),
    # questionnaires
    "questionnaires:index": Page("alice", 18),
    "questionnaires:instrument": Page("alice", 12, args=lambda w: ["UNTOC"]),
    "questionnaires:cluster": Page("alice", 28, args=lambda w: ["criminalization"]),
    "questionnaires:definitions": Page("sam", 6),
    "questionnaires:version": Page("sam", 7),
    "questionnaires:new_version": Page("sam", 6),
    "questionnaires:finalise": Page("sam", 3, status=(302,)),
    "questionnaires:question_add": Page("sam", 3, status=(302,)),
    "questionnaires:question_edit": Page("sam", 3, status=(302,)),
    "questionnaires:question_delete": Page("sam", 3, status=(302,)),
    # notices
    "notifications:list": Page("alice", 10),
    "notifications:preferences": Page("alice", 10),
    # responses
    "responses:index": Page("alice", 25),
    "responses:detail": Page("maria", 27, args=lambda w: [w.mex_response.pk]),
    "responses:section": Page("maria", 23, args=lambda w: [w.mex_response.pk, w.mex_section.pk]),
    "responses:attachment": Page("maria", 7, args=lambda w: [w.mex_response.pk, w.mex_file.pk]),
    "responses:reuse_uncac": Page("maria", 22, args=lambda w: [w.mex_response.pk]),
    "responses:snapshot": Page("bob", 28),
    "responses:snapshot_pdf": Page("bob", 14),
    "responses:shared": Page("alice", 4, status=(302,)),
    # country reviews
    "reviews:dashboard": Page("alice", 14),
    "reviews:overview": Page("sam", 11),
    "reviews:public": Page("anonymous", 1),
    "reviews:phases": Page("sam", 14),
    "reviews:detail": Page("alice", 28),
    "reviews:submission": Page("bob", 34),
    "reviews:consultations": Page("alice", 16),
    "reviews:allocation": Page("bob", 22),
    "reviews:feedback": Page("bob", 22),
    "reviews:dialogue": Page("bob", 8, status=(302,)),
    "reviews:thread": Page("bob", 18, args=lambda w: [w.general.pk]),
    "reviews:attachment": Page("bob", 8),
    "reviews:shared": Page("alice", 5, status=(302,)),
    "reviews:shared_attachment": Page("alice", 6),
    # lists of observations and final reports
    "observations:list": Page("alice", 24),
    "observations:report": Page("alice", 24),
    "observations:report_edit": Page("sam", 11),
    "observations:blueprint": Page("sam", 7),
    # documents
    "documents:library": Page("sam", 11),
    "documents:new_crp": Page("sam", 7),
    "documents:translations": Page("sam", 10),
    "documents:detail": Page("sam", 9),
    "documents:download": Page("sam", 5),
    # follow-up
    "followup:index": Page("alice", 13),
    "followup:review": Page("alice", 20),
    "followup:progress_collected": Page("alice", 15),
    "followup:assistance": Page("sam", 8),
    "followup:assistance_csv": Page("sam", 3),
    "followup:general": Page("sam", 11),
    "followup:general_phase": Page("sam", 11),
    "followup:edition": Page("sam", 9, args=lambda w: [w.edition.pk]),
    # disclosure decisions
    "disclosure:index": Page("alice", 17),
    "disclosure:public": Page("anonymous", 1),
    "disclosure:state": Page("alice", 18),
    # informal meetings with stakeholders and activity reports
    "stakeholders:index": Page("sam", 7),
    "stakeholders:meeting_new": Page("sam", 5),
    "stakeholders:import": Page("sam", 8),
    "stakeholders:reports": Page("sam", 7),
    "stakeholders:report_new": Page("ngo", 8),
    "stakeholders:meeting": Page("sam", 18),
    "stakeholders:briefing": Page("ngo", 5),
    "stakeholders:comment_file": Page("alice", 3),
    # the access log
    "audit:search": Page("sam", 9),
    "audit:state": Page("alice", 12),
}

# Pages the world cannot show, with the reason (as tests/access/classification.py's refusals_only).
NOT_MEASURED = {
    "observations:list_edit": "the world has no list being drafted: Austria's is final, Mexico's review has not "
    "reached its list",
}

# Namespaces whose patterns are not the portal's pages, with the reason.
EXCLUDED_NAMESPACES = {
    "admin": "Django's generated admin (staff only, behind the portal's sign-in): its pages are Django's own",
}


def url_names():
    from tests.access.test_access_matrix import url_names as walk

    return [(name, namespace) for name, namespace in walk() if namespace.split(":")[0] not in EXCLUDED_NAMESPACES]


# --- the two sizes of the world ---------------------------------------------------------------------


def grow(w) -> None:
    """The same world several times over: the pages must not notice."""
    from disclosure import services as disclosure
    from disclosure.enums import Audience, Material
    from documents import services as documents
    from documents.sources import TypedSource
    from lots import services as lots
    from responses import services as responses
    from reviews import selectors
    from reviews import services as reviews
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview
    from sherloc.accounts import services as accounts
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import Instrument, State, WorkplanPhase
    from stakeholders import services as meetings
    from stakeholders.enums import WorkingGroup
    from tests.factories import UserFactory, answer_everything, confirmed_drawing, dialogue_thread, member

    users, sam = w.users, w.users["sam"]
    phase = WorkplanPhase.objects.get(number=1)
    untoc = Instrument.objects.get(code="UNTOC")
    # eight more States under review in a second year group, each with a focal point and an expert; four
    # open their consultations, two of them their responses with every mandatory answer given
    codes = ["DEU", "ITA", "ESP", "NGA", "IDN", "ARG", "CAN", "ZAF"]
    confirmed_drawing(pairs={code: ["FRA", "BRA"] for code in codes}, groups=dict.fromkeys(codes, 2))
    reviews.open_phase(phase=phase, year_group=2, by=sam)
    focal_points = {}
    for i, code in enumerate(codes):
        state = State.objects.get(code=code)
        fp = focal_points[code] = UserFactory(username=f"b-fp-{code.lower()}")
        accounts.appoint_focal_point(state=state, user=fp)
        member(
            UserFactory(username=f"b-expert-{code.lower()}"), Role.GOVERNMENTAL_EXPERT, state=state, instrument=untoc
        )
        review = CountryReview.objects.get(state=state, phase=phase)
        if i < 4:
            reviews.open_consultations(review, by=fp)
        if i < 2:
            opened = responses.open_response(
                state=state, phase=phase, language="en", deadline=timezone.localdate() + dt.timedelta(days=90), by=fp
            )
            answer_everything(opened, fp)
    # Mexico's draft: from one answer to every mandatory answer
    answer_everything(w.mex_response, w.maria)
    # the dialogue: twelve times the messages, with files, and more article threads. Austria's review is
    # complete (its dialogue closed); it is set back in dialogue for the posting, through the archive's
    # service, then restored
    bob, alice = users["bob"], users["alice"]
    status = w.review.status
    CountryReview.objects.filter(pk=w.review.pk).update(status=ReviewStatus.DIALOGUE)
    w.review.refresh_from_db()
    dialogue_thread(w.review, by=bob, messages=6, files_per_message=2)
    dialogue_thread(w.review, by=alice, messages=6, files_per_message=1)
    articles = selectors.articles_in_scope(w.review)
    for article in [a for a in articles if a.instrument.code == "UNTOC"][1:4]:
        dialogue_thread(w.review, by=bob, article=article, messages=3, files_per_message=1)
    dialogue_thread(w.review, by=bob, article=w.firearms_thread.article, messages=4, files_per_message=1)
    CountryReview.objects.filter(pk=w.review.pk).update(status=status)
    w.review.refresh_from_db()
    # documents: more CRPs, restricted and public
    for n in range(8):
        source = TypedSource(
            title=f"CRP {n}", language="en", text=f"Text {n}", state=State.objects.get(code=codes[n]), restricted=n % 2
        )
        documents.issue_crp(source=source, working_groups=["WG.3"], session="Thirteenth session", by=sam)
    # Austria shares more, and more States ask it
    for code in ("DEU", "ITA", "ESP", "NGA"):
        disclosure.disclose(
            state=w.review.state,
            phase=phase,
            material=Material.DOCUMENTATION,
            audience=Audience.STATE,
            to_state=State.objects.get(code=code),
            by=alice,
        )
    for code in ("DEU", "ITA"):
        disclosure.ask(
            state=w.review.state,
            phase=phase,
            material=Material.DIALOGUE,
            requesting_state=State.objects.get(code=code),
            by=focal_points[code],
            reason="We ask for the dialogue.",
        )
    # more informal meetings
    for n in range(4):
        meetings.create_meeting(
            by=sam,
            working_group=WorkingGroup.WG4,
            working_group_session=f"meeting {n}",
            title=f"Meeting {n}",
            date=timezone.localdate() + dt.timedelta(days=40 + n),
            place="Vienna",
            agenda="1. Opening",
            president_request="Letter of the President",
            chair="The chair",
        )
    # the second drawing session: more of its picks drawn
    lots.draw_next(session=w.open_drawing, user=sam)
    lots.draw_next(session=w.open_drawing, user=sam)
    lots.draw_next(session=w.open_drawing, user=sam)


def _measure(w) -> dict[str, tuple[int, int, list[str]]]:
    counts = {}
    for name, page in BUDGETS.items():
        client = w.clients[page.user]
        url = reverse(name, args=(page.args or _first_target(name))(w))
        client.get(url)  # caches warmed (content types, translations, the site's settings)
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
        counts[name] = (answer.status_code, len(queries), [q["sql"] for q in queries.captured_queries])
    return counts


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker):
    """The access world measured, grown, measured again; built once for the module inside a transaction that
    is rolled back at its end."""
    from documents.tasks import render_version
    from followup import services as followup
    from lots import services as lots
    from tests.access.world import build_world
    from tests.conftest import verified_client

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = build_world()
            w.open_drawing = lots.open_session(
                meeting="Intersessional meeting", meeting_date=dt.date(2027, 6, 1), seed="ab", opened_by=w.users["sam"]
            )
            lots.run_selection(session=w.open_drawing, user=w.users["sam"])
            lots.draw_next(session=w.open_drawing, user=w.users["sam"])
            # the CRP's PDF, rendered as the worker does once the issuing commits; an edition of the general report
            render_version(w.crp_version.pk)
            w.edition = followup.generate_report(phase=w.review.phase, by=w.users["sam"])
            w.clients = {name: verified_client(Client(raise_request_exception=False), u) for name, u in w.users.items()}
            w.clients["maria"] = verified_client(Client(raise_request_exception=False), w.maria)
            w.clients["anonymous"] = Client(raise_request_exception=False)
            small = _measure(w)
            grow(w)
            large = _measure(w)
            w.small, w.large = small, large
            figures = {name: {"small": small[name][:2], "large": large[name][:2]} for name in BUDGETS}
            FIGURES.parent.mkdir(exist_ok=True)
            FIGURES.write_text(json.dumps(figures, indent=1), encoding="utf-8")
            statements = {name: large[name][2] for name in BUDGETS}
            FIGURES.with_suffix(".sql.json").write_text(json.dumps(statements, indent=1), encoding="utf-8")
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the tests --------------------------------------------------------------------------------------


def test_every_budget_is_a_page_of_the_portal():
    names = {name for name, _ in url_names()}
    assert not sorted((set(BUDGETS) | set(NOT_MEASURED)) - names), "budgets of pages that no longer exist"
    assert not set(BUDGETS) & set(NOT_MEASURED)


def test_the_pages_without_a_budget_accept_post_only(sizes):
    """The rule that leaves a URL out of the table: a GET is refused with 405 (require_POST)."""
    client = sizes.clients["sam"]
    not_post_only = []
    for name, _ in url_names():
        if name in BUDGETS or name in NOT_MEASURED:
            continue
        try:
            url = reverse(name, args=_first_target(name)(sizes))
        except Exception:  # noqa: BLE001 - a pattern nobody could request is a page without a budget
            not_post_only.append(f"{name} (no target to request)")
            continue
        status = client.get(url).status_code
        if status != 405:
            not_post_only.append(f"{name} (GET answers {status})")
    assert not not_post_only, "pages without a query budget: " + ", ".join(not_post_only)


def _diff(small: list[str], large: list[str]) -> str:
    import difflib

    return "\n".join(difflib.unified_diff(small, large, "small", "large", lineterm="", n=0))


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_page_queries_do_not_grow_with_the_data(sizes, name):
    page = BUDGETS[name]
    small_status, small, small_sql = sizes.small[name]
    large_status, large, large_sql = sizes.large[name]
    assert small_status in page.status, f"{name} as {page.user}: {small_status}"
    assert large_status in page.status, f"{name} as {page.user} (grown world): {large_status}"
    assert small == large, f"{name}: {small} queries, {large} once the data grew\n{_diff(small_sql, large_sql)}"
    assert large <= page.budget, f"{name}: {large} queries, budget {page.budget}"


def markdown() -> str:
    lines = [
        "# Query budgets",
        "",
        "The number of SQL queries of each page of the portal, the same whatever the size of the data (measured",
        "by `tests/portal/test_query_budgets.py` at two sizes of one world; generated from its table, do not",
        "edit by hand). The POST-only endpoints (a GET answers 405) have no budget.",
        "",
        "| page (URL name) | as | queries |",
        "|---|---|---|",
    ]
    lines += [f"| `{name}` | {page.user} | {page.budget} |" for name, page in sorted(BUDGETS.items())]
    lines += ["", "Not measured (the test world cannot show them):", ""]
    lines += [f"- `{name}`: {reason}." for name, reason in sorted(NOT_MEASURED.items())]
    return "\n".join(lines) + "\n"


def test_the_document_matches_the_table():
    assert DOC.read_text(encoding="utf-8") == markdown(), f"regenerate {DOC.name} (see this module's docstring)"


if __name__ == "__main__":
    print(markdown(), end="")
