"""The page cache (docs/page-cache.md): a page seen again comes from the cache only while nothing it showed
has changed, for the user who saw it alone, with its read logged again every time.

These tests commit (transactional): a page is kept only outside a transaction, so that what it read was
committed. They need PostgreSQL, whose triggers tell which transactions changed which tables."""

import datetime as dt
import io
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.enums import DeadlineKind, ReviewStatus
from reviews.models import Deadline
from sherloc.accounts.models import Membership
from sherloc.audit.models import AccessEvent
from sherloc.pagecache import changes
from sherloc.pagecache.pages import HEADER, _key, _session_fingerprint
from tests.conftest import verified_client
from tests.factories import UserFactory, advance

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_and_reference_data(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the page cache needs PostgreSQL: its triggers tell what changed (docs/page-cache.md)")
    from sherloc.registry.models import State

    if not State.objects.exists():  # an earlier transactional test emptied the tables
        call_command("load_reference", stdout=io.StringIO())


def _seen(client, path):
    """GET the page; (status, what the cache did, the HTML)."""
    answer = client.get(path)
    return answer.status_code, answer.get(HEADER, ""), answer.content.decode()


def _kept(client, path):
    """Open the page until it is kept (the first visit hands out the CSRF cookie, the second keeps the page)."""
    for _ in range(3):
        status, served, html = _seen(client, path)
        assert status == 200
        if served == "miss" and _seen(client, path)[1] == "hit":
            return html
    raise AssertionError(f"{path} was never served from the page cache")


def _reads(of) -> int:
    return AccessEvent.objects.filter(object_type="reviews.countryreview", object_id=of.pk, allowed=True).count()


def test_a_page_seen_again_comes_from_the_cache_and_its_read_is_logged_every_time(client, review, people):
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    first = _kept(alice, path)
    before = _reads(review)
    status, served, again = _seen(alice, path)
    assert (status, served) == (200, "hit")
    assert again == first
    # docs/access-log.md: every read of confidential material is logged, the cached ones too
    assert _reads(review) == before + 1
    event = AccessEvent.objects.filter(object_type="reviews.countryreview", object_id=review.pk).latest("pk")
    assert (event.user_id, event.path, event.state_id, event.action) == (
        people["alice"].pk,
        path,
        review.state_id,
        "view",
    )


def test_a_change_made_by_a_bulk_update_or_raw_sql_shows_at_once(client, review, people):
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    due = timezone.localdate() + dt.timedelta(days=40)
    Deadline.objects.create(
        review=review, kind=DeadlineKind.FEEDBACK, due=due, agreed_at=timezone.now(), agreed_by=people["sam"]
    )
    assert due.isoformat() in _kept(alice, path)
    later = due + dt.timedelta(days=3)
    Deadline.objects.filter(review=review).update(due=later)  # no signal is sent: the trigger still sees it
    status, served, html = _seen(alice, path)
    assert (status, served) == (200, "miss")
    assert later.isoformat() in html and due.isoformat() not in html
    assert _seen(alice, path)[1] == "hit"
    latest = later + dt.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_deadline SET due = %s WHERE review_id = %s", [latest, review.pk])
    status, served, html = _seen(alice, path)
    assert served == "miss" and latest.isoformat() in html


def test_a_change_to_a_table_the_page_never_read_keeps_it(client, review, people):
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(alice, path)
    read = set(cache.get(_key_of(alice, path))["tables"])
    with connection.cursor() as cursor:
        untouched = [t for t in changes.tracked_tables(cursor) if t not in read]
        assert "stakeholders_meeting" in untouched
        cursor.execute("UPDATE stakeholders_meeting SET id = id")  # statement with no row: not a change
        cursor.execute("UPDATE registry_state SET name = name WHERE code = 'KEN'")  # a table it read: a change
    assert "registry_state" in read
    assert _seen(alice, path)[1] == "miss"
    assert _seen(alice, path)[1] == "hit"
    UserFactory(username="someone-else")  # accounts_user, read by every page: it is rendered again
    assert _seen(alice, path)[1] == "miss"


def _key_of(client, path):
    """The page's key, as the portal computes it for this client's next request."""
    from django.conf import settings
    from django.contrib.auth import get_user
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get(path)
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.session = SessionStore(request.COOKIES[settings.SESSION_COOKIE_NAME])
    request.user = get_user(request)
    request.META["CSRF_COOKIE"] = request.COOKIES[settings.CSRF_COOKIE_NAME]
    request._messages = FallbackStorage(request)
    with translation.override("en"):
        return _key(request, _session_fingerprint(request.session))


def test_a_role_withdrawn_takes_the_page_away_at_once(client, review, people):
    """Who and when together: the expert's permissions deleted by raw SQL, which no signal reports, end the
    access before the kept page could be served again (404, as for every refusal)."""
    erin = verified_client(client, people["erin"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(erin, path)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM guardian_userobjectpermission WHERE user_id = %s", [people["erin"].pk])
    status, served, _html = _seen(erin, path)
    assert (status, served) == (404, "")


def test_a_membership_ended_takes_the_page_away_at_once(client, review, people):
    from sherloc.accounts.services import end_membership

    erin = verified_client(client, people["erin"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(erin, path)
    end_membership(membership=Membership.objects.get(user=people["erin"]))
    assert _seen(erin, path)[0] == 404


def test_a_page_is_never_served_to_another_user_or_another_session(client, review, people):
    from django.test import Client

    path = reverse("reviews:detail", args=[review.pk])
    alice = verified_client(client, people["alice"])
    html_alice = _kept(alice, path)
    bob = verified_client(Client(), people["bob"])
    # a reviewing State's view of the same page is its own: rendered for bob, then kept for bob
    assert [_seen(bob, path)[1] for _ in range(3)] == ["", "miss", "hit"]
    assert _seen(bob, path)[2] != html_alice
    second_session = verified_client(Client(), people["alice"])
    assert _seen(second_session, path)[1] in ("", "miss")  # its own CSRF secret and session: never alice's copy


def test_a_page_with_a_message_to_show_is_rendered_and_not_kept(client, review, people):
    bob = verified_client(client, people["bob"])
    review = advance(review, people, ReviewStatus.DIALOGUE)
    thread = services.general_thread(review)
    path = reverse("reviews:thread", args=[thread.pk])
    _kept(bob, path)
    posted = bob.post(path, {"body": "A question on article 5.", "kind": "message", "idempotency_key": uuid.uuid4()})
    assert posted.status_code == 302
    status, served, html = _seen(bob, path)
    assert served == "" and "Posted to the archived dialogue." in html and "A question on article 5." in html
    status, served, html = _seen(bob, path)
    assert "Posted to the archived dialogue." not in html  # shown once
    assert _seen(bob, path)[1] == "hit"


def test_every_table_but_the_untracked_carries_the_triggers(db):
    with connection.cursor() as cursor:
        tables = changes.tracked_tables(cursor)
        cursor.execute(
            "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'pagecache_change_%%' GROUP BY c.relname"
        )
        counted = dict(cursor.fetchall())
    assert len(tables) > 80
    assert {t: counted.get(t, 0) for t in tables} == dict.fromkeys(tables, 4)
    assert not set(counted) & changes.UNTRACKED


def test_pruning_forgets_the_changes_and_renders_every_page_again(client, review, people):
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(alice, path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pagecache_change")
        assert cursor.fetchone()[0] > 0
        changes.prune()
        # what every snapshot sees is gone; a transaction still running anywhere in the cluster (another
        # database's, say) holds back the rest
        cursor.execute("SELECT count(*) FROM pagecache_change WHERE txid < pg_snapshot_xmin(pg_current_snapshot())")
        assert cursor.fetchone()[0] == 0
    assert _seen(alice, path)[1] == "miss"
    assert _seen(alice, path)[1] == "hit"


def test_a_kept_page_never_read_what_is_not_tracked(client, review, people):
    """The tables written on every request (the access log, the sessions) are not tracked: no kept page may
    show them. Every cached page of a review's parties is opened and its tables checked."""
    review = advance(review, people, ReviewStatus.DIALOGUE)
    thread = services.general_thread(review)
    alice = verified_client(client, people["alice"])
    for path in (
        reverse("portal:home"),
        reverse("reviews:dashboard"),
        reverse("reviews:detail", args=[review.pk]),
        reverse("reviews:thread", args=[thread.pk]),
        reverse("reviews:feedback", args=[review.pk]),
    ):
        _kept(alice, path)
        tables = set(cache.get(_key_of(alice, path))["tables"])
        assert not tables & changes.UNTRACKED, (path, tables & changes.UNTRACKED)


def test_a_page_served_again_costs_one_statement(client, review, people):
    """docs/page-cache.md: the check that the page is still true and its access-log rows are one statement.
    The stakeholder check of the review apps' middleware was made when the page was rendered (sherloc/web/deferred_checks.py)."""
    from django.test.utils import CaptureQueriesContext

    alice = verified_client(client, people["alice"])
    for path in (reverse("reviews:detail", args=[review.pk]), reverse("portal:home")):
        _kept(alice, path)
        with CaptureQueriesContext(connection) as queries:
            assert _seen(alice, path)[1] == "hit"
        assert len(queries) == 1, [q["sql"][:80] for q in queries]


def test_the_check_of_a_page_served_again_is_planned_once_per_connection(client, review, people):
    """sherloc/postgresql/base.py: the statement made on every visit of a kept page is prepared on the server
    the first time a connection runs it, and reused; the page and its logged read are as before."""
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(alice, path)

    def prepared():
        """(statements, runs with the plan made once, runs planned anew) of this connection's check"""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), sum(generic_plans), sum(custom_plans) FROM pg_prepared_statements "
                "WHERE statement LIKE 'INSERT INTO audit_accessevent%%'"
            )
            return cursor.fetchone()

    assert _seen(alice, path)[1] == "hit"
    _, runs, _ = prepared()
    logged = AccessEvent.objects.filter(path=path).count()
    for visit in range(1, 8):
        assert _seen(alice, path)[1] == "hit"
        assert prepared() == (1, runs + visit, 0)
    assert AccessEvent.objects.filter(path=path).count() == logged + 7


def test_a_kept_page_is_served_from_the_process_memory_and_still_checked_every_time(client, review, people):
    """docs/page-cache.md, "Where a kept page lives": a page this process kept is served again without being
    read back from Redis, and it is still served only while true: a change renders it again."""
    from sherloc.pagecache import nearby

    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    first = _kept(alice, path)
    key = _key_of(alice, path)
    cache.delete(key)  # the shared copy gone: this process still has its own
    status, served, again = _seen(alice, path)
    assert (status, served, again) == (200, "hit", first)
    Deadline.objects.create(
        review=review,
        kind=DeadlineKind.FEEDBACK,
        due=timezone.localdate(),
        agreed_at=timezone.now(),
        agreed_by=people["sam"],
    )
    assert _seen(alice, path)[1] == "miss"
    # a page another process kept is read from Redis once, then from memory
    nearby.pages.clear()
    assert _seen(alice, path)[1] == "hit"
    assert nearby.pages.get(_key_of(alice, path)) is not None
    cache.delete(_key_of(alice, path))
    assert _seen(alice, path)[1] == "hit"


def test_with_no_memory_for_them_kept_pages_are_read_from_redis(client, review, people, settings):
    from sherloc.pagecache import nearby

    settings.PAGE_CACHE_NEARBY_MIB = 0
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(alice, path)
    assert len(nearby.pages) == 0
    cache.delete(_key_of(alice, path))
    assert _seen(alice, path)[1] == "miss"


def _only_a_stakeholder_now(user):
    """The user's roles but a stakeholder's ended by raw SQL, which no signal reports; their object
    permissions stay, so that nothing but the stakeholder rule can refuse them."""
    from sherloc.accounts.enums import Role
    from tests.factories import member

    member(user, Role.STAKEHOLDER)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_membership SET active = false WHERE user_id = %s AND role <> %s",
            [user.pk, Role.STAKEHOLDER.value],
        )


def test_a_user_become_a_stakeholder_only_is_refused_the_kept_page(client, review, people):
    """docs/stakeholders.md: stakeholders reach no review material. The check is made when a cached page is
    rendered; a kept page is served again only while the roles are unchanged, so it is made again here."""
    alice = verified_client(client, people["alice"])
    path = reverse("reviews:detail", args=[review.pk])
    _kept(alice, path)
    _only_a_stakeholder_now(people["alice"])
    assert _seen(alice, path)[:2] == (404, "")
    assert _seen(alice, path)[:2] == (404, "")  # nothing kept for a refusal


def test_a_stakeholder_only_user_is_refused_a_cached_page_on_every_visit(client, review, people):
    """The deferred check on the path that renders (a first visit, with its CSRF cookie) and on the path that
    keeps nothing: 404 each time, whatever object permissions the user still holds."""
    _only_a_stakeholder_now(people["alice"])
    alice = verified_client(client, people["alice"])
    for path in (reverse("reviews:detail", args=[review.pk]), reverse("reviews:dashboard")):
        assert [_seen(alice, path)[:2] for _ in range(3)] == [(404, "")] * 3


def test_a_check_is_deferred_only_for_a_cached_page(rf):
    """Truth table of sherloc.web.deferred_checks: made at once before any other view; made by the cached
    page's wrapper before rendering."""
    from django.contrib.auth.decorators import login_required
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404, HttpResponse

    from sherloc.pagecache.pages import cached_page
    from sherloc.web.deferred_checks import check_before_view, make_pending_checks

    made = []

    def check():
        made.append("check")

    def refuse():
        raise Http404

    def page(request):
        made.append("rendered")
        return HttpResponse("page")

    request = rf.get("/")
    check_before_view(request, page, check)
    assert made == ["check"]
    made.clear()
    decorated = login_required(cached_page(page))  # the attribute survives the decorators around the page
    check_before_view(request, decorated, check)
    assert made == []
    make_pending_checks(request)
    make_pending_checks(request)
    assert made == ["check"]  # once
    made.clear()
    request = rf.get("/")
    request.user = AnonymousUser()  # a page that is not kept: the checks are made before the view all the same
    check_before_view(request, cached_page(page), refuse)
    with pytest.raises(Http404):
        cached_page(page)(request)
    assert made == []


def test_the_nightly_pruning_is_scheduled_and_runs_as_a_task(settings):
    from sherloc.celery import app
    from sherloc.pagecache.tasks import prune_changes

    schedule = settings.CELERY_BEAT_SCHEDULE["page-cache-prune"]
    assert schedule["task"] == prune_changes.name
    assert prune_changes.name in app.tasks
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM pagecache_epoch")
        (epoch,) = cursor.fetchone()
        prune_changes.delay().get()
        cursor.execute("SELECT value FROM pagecache_epoch")
        assert cursor.fetchone()[0] == epoch + 1


@pytest.mark.parametrize("synchronous", [False, True])
def test_the_rows_of_a_page_seen_again_commit_as_the_setting_says(rf, settings, people, synchronous):
    """docs/access-log.md, "Pages seen again": the replayed rows commit without waiting for the disk, unless
    ACCESS_LOG_REPLAY_SYNCHRONOUS_COMMIT; nothing is written, and nothing changed, when the page is stale."""
    from django.db import transaction

    from sherloc import audit

    settings.ACCESS_LOG_REPLAY_SYNCHRONOUS_COMMIT = synchronous
    request = rf.get("/en/reviews/1/")
    request.user = people["alice"]
    event = {"action": "view", "allowed": True, "object_type": "reviews.countryreview", "object_id": 1}
    event |= {"state_id": None, "note": ""}
    before = AccessEvent.objects.count()

    def replayed(condition):
        with transaction.atomic(), connection.cursor() as cursor:
            written = audit.replay(request, [event], only_if=(condition, []))
            cursor.execute("SHOW synchronous_commit")
            return written, cursor.fetchone()[0]

    assert replayed("false") == (False, "on")
    assert AccessEvent.objects.count() == before
    assert replayed("true") == (True, "on" if synchronous else "off")
    assert AccessEvent.objects.filter(user_id=people["alice"].pk, path="/en/reviews/1/").count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")  # for that transaction alone
        assert cursor.fetchone()[0] == "on"
