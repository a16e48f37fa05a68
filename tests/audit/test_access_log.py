"""The access log (issue 10, item 12; docs/access-log.md): reads and refusals of confidential material are
recorded in one append-only table; the secretariat searches it; a focal point sees who read its own State's
material; changes to memberships, permissions and submissions are caught by database triggers."""

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.enums import ReviewStatus
from sherloc import audit
from sherloc.audit.enums import AccessAction
from sherloc.audit.models import AccessEvent
from tests.conftest import verified_client as sign_in
from tests.reviews.conftest import advance

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers exist on PostgreSQL only")


def test_reading_a_review_page_is_recorded_with_who_what_when_and_where(client, review, people):
    sign_in(client, people["bob"]).get(
        reverse("reviews:detail", args=[review.pk]), HTTP_USER_AGENT="Firefox/" + "x" * 500, REMOTE_ADDR="10.1.2.3"
    )
    entry = AccessEvent.objects.get(object_type="reviews.countryreview", object_id=review.pk)
    assert (entry.username, entry.action, entry.allowed, entry.state_id) == ("bob", "view", True, review.state_id)
    assert entry.ip == "10.1.2.3" and entry.user_agent.startswith("Firefox/") and len(entry.user_agent) == 200
    assert entry.path == reverse("reviews:detail", args=[review.pk])
    assert abs(entry.at - timezone.now()) < dt.timedelta(minutes=1)


def test_a_refusal_is_recorded_with_the_state_whose_material_was_asked_for(client, review, people):
    response = sign_in(client, people["charlie"]).get(reverse("reviews:feedback", args=[review.pk]))
    assert response.status_code == 404
    entry = AccessEvent.objects.get(username="charlie")
    assert (entry.allowed, entry.object_id, entry.state_id) == (False, review.pk, review.state_id)


def test_a_guessed_id_beyond_any_row_is_recorded_without_a_server_error(client, people, db):
    response = sign_in(client, people["charlie"]).get(f"/en/reviews/{'9' * 23}/")
    assert response.status_code == 404
    entry = AccessEvent.objects.get(username="charlie")
    assert entry.object_id is None and not entry.allowed and "9" * 23 in entry.path


def test_reading_an_attachment_and_a_submission_is_recorded(client, review, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    in_dialogue = advance(review, people, ReviewStatus.DIALOGUE)
    thread = services.general_thread(in_dialogue)
    message, _ = services.post_message(
        thread,
        by=people["bob"],
        body="See the minutes",
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("m.txt", b"minutes")],
    )
    item = message.attachments.get()
    assert sign_in(client, people["alice"]).get(reverse("reviews:attachment", args=[item.pk])).status_code == 200
    assert sign_in(client, people["charlie"]).get(reverse("reviews:attachment", args=[item.pk])).status_code == 404
    rows = AccessEvent.objects.filter(object_type="reviews.attachment", object_id=item.pk).order_by("pk")
    assert [(r.username, r.action, r.allowed, r.state_id) for r in rows] == [
        ("alice", "attachment", True, review.state_id),
        ("charlie", "attachment", False, review.state_id),
    ]
    from responses.models import Response

    submitted = Response.objects.get(state=review.state)
    shot = submitted.snapshots.get()
    url = reverse("responses:snapshot_pdf", args=[submitted.pk, shot.number])
    assert sign_in(client, people["sam"]).get(url).status_code == 200
    assert AccessEvent.objects.filter(username="sam", action="pdf", object_type="responses.snapshot").count() == 1


def test_recording_is_one_insert(rf, people, review, django_assert_num_queries):
    request = rf.get("/x/")
    request.user = people["sam"]
    with django_assert_num_queries(1):
        audit.record(request, action=AccessAction.VIEW, obj=review, state=review.state_id)


def test_a_disclosure_decision_is_recorded_through_the_same_function(rf, people, review):
    request = rf.post("/x/")
    request.user = people["alice"]
    entry = audit.record_disclosure(request, obj=review, state=review.state, note="responses released to all States")
    assert (entry.action, entry.allowed, entry.note) == ("disclosure", True, "responses released to all States")


def test_an_unknown_action_is_refused(rf, people):
    request = rf.get("/x/")
    request.user = people["sam"]
    with pytest.raises(ValueError):
        audit.record(request, action="peek", object_type="x")


def test_the_secretariat_searches_the_log_and_no_one_else_may(client, review, people):
    sign_in(client, people["bob"]).get(reverse("reviews:detail", args=[review.pk]))
    sign_in(client, people["charlie"]).get(reverse("reviews:detail", args=[review.pk]))
    url = reverse("audit:search")
    for name in ("alice", "bob", "charlie"):
        assert sign_in(client, people[name]).get(url).status_code == 404
    page = sign_in(client, people["sam"]).get(url, {"allowed": "no", "state": "AUT"}).content.decode()
    assert "charlie" in page and ">bob<" not in page
    page = sign_in(client, people["sam"]).get(url, {"username": "bob"}).content.decode()
    assert ">bob<" in page and "charlie" not in page
    assert sign_in(client, people["sam"]).get(url, {"object_id": "9" * 23}).status_code == 400
    assert sign_in(client, people["sam"]).get(url, {"since": "2026-02-01", "until": "2026-01-01"}).status_code == 400


def test_the_log_is_paginated(client, people, rf, db):
    request = rf.get("/x/")
    request.user = people["bob"]
    AccessEvent.objects.bulk_create(
        AccessEvent(at=timezone.now(), username="bob", action="view", allowed=True, object_type="t", object_id=i)
        for i in range(1, 121)
    )
    page = sign_in(client, people["sam"]).get(reverse("audit:search"), {"page": "3"}).content.decode()
    assert "Page 3 of 3" in page
    assert sign_in(client, people["sam"]).get(reverse("audit:search"), {"page": "x" * 50}).status_code == 200


def test_a_focal_point_sees_who_read_its_own_states_material_only(client, review, people):
    sign_in(client, people["bob"]).get(reverse("reviews:detail", args=[review.pk]))
    own = sign_in(client, people["alice"]).get(reverse("audit:state", args=["AUT"]))
    assert own.status_code == 200 and "bob" in own.content.decode()
    assert sign_in(client, people["alice"]).get(reverse("audit:state", args=["FRA"])).status_code == 404
    assert sign_in(client, people["charlie"]).get(reverse("audit:state", args=["AUT"])).status_code == 404
    assert sign_in(client, people["erin"]).get(reverse("audit:state", args=["AUT"])).status_code == 404
    assert sign_in(client, people["sam"]).get(reverse("audit:state", args=["AUT"])).status_code == 200


@postgresql
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_accessevent SET allowed = true", "DELETE FROM audit_accessevent", "TRUNCATE audit_accessevent"],
)
def test_no_one_rewrites_the_log_not_even_the_owner(rf, people, db, statement):
    request = rf.get("/x/")
    request.user = people["charlie"]
    audit.record(request, action=AccessAction.VIEW, object_type="reviews.countryreview", object_id=1, allowed=False)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


@postgresql
def test_a_raw_sql_update_and_a_bulk_update_of_a_membership_are_caught_by_triggers(people):
    """pghistory: changes that bypass the models' save() (bulk .update(), raw SQL) are still recorded."""
    from sherloc.accounts.models import Membership, MembershipEvent

    membership = Membership.objects.get(user=people["erin"])
    before = MembershipEvent.objects.filter(pgh_obj=membership).count()
    Membership.objects.filter(pk=membership.pk).update(active=False)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_membership SET active = true WHERE id = %s", [membership.pk])
    events = list(MembershipEvent.objects.filter(pgh_obj=membership).order_by("pgh_id")[before:])
    assert [(e.pgh_label, e.active) for e in events] == [("update", False), ("update", True)]


@postgresql
def test_a_permission_given_by_raw_sql_and_a_submission_changed_in_bulk_are_caught(people, review):
    from guardian.models import UserObjectPermission

    from responses.models import Snapshot, SnapshotEvent
    from sherloc.audit.models import UserObjectPermissionEvent

    advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    granted = UserObjectPermission.objects.filter(user=people["erin"]).first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM guardian_userobjectpermission WHERE id = %s", [granted.pk])
    assert UserObjectPermissionEvent.objects.filter(pgh_obj_id=granted.pk, pgh_label="delete").count() == 1
    shot = Snapshot.objects.get(response__state=review.state)
    Snapshot.objects.filter(pk=shot.pk).update(reopen_request="NV/1")
    assert SnapshotEvent.objects.filter(pgh_obj=shot, pgh_label="update", reopen_request="NV/1").exists()


@postgresql
def test_the_change_history_cannot_be_rewritten(people):
    from sherloc.accounts.models import MembershipEvent

    with pytest.raises(Exception, match="(?i)cannot|refused"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_membershipevent")
    assert MembershipEvent.objects.exists()


@postgresql
def test_a_change_made_through_a_form_is_recorded_with_who_sent_it_and_from_which_page(client, review, people):
    """pghistory's context rides on the requests that may change something: the time frames Austria's focal
    point proposes (P 30) are recorded with her and the consultations page."""
    from reviews.models import TimeFrameProposalEvent

    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    url = reverse("reviews:consultations", args=[review.pk])
    due = timezone.localdate() + dt.timedelta(days=60)
    sign_in(client, people["alice"]).post(
        url, {"action": "propose", "language": "ru", "responses_due": due.isoformat(), "feedback_months": 6}
    )
    event = TimeFrameProposalEvent.objects.get(review=review, pgh_label="insert")
    assert event.pgh_context.metadata == {"user": people["alice"].pk, "url": url}


def test_a_page_read_carries_no_history_context(client, review, people):
    """A GET changes nothing the history tracks (checked for every page of the access matrix,
    tests/access/test_access_matrix.py), so its queries carry no pghistory context: none is sent before each."""
    from django.test.utils import CaptureQueriesContext

    signed_in = sign_in(client, people["bob"])
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("reviews:detail", args=[review.pk])).status_code == 200
    assert len(queries) > 0
    assert not [q["sql"] for q in queries if "pghistory" in q["sql"]]


def test_the_history_context_is_left_out_on_sqlite(rf, monkeypatch):
    """On SQLite (the quick start) pghistory's context wrapper would break every form sent: it is skipped."""
    from django.http import HttpResponse

    from sherloc.audit import middleware

    seen = []

    def view(request):
        seen.append(list(connection.execute_wrappers))
        return HttpResponse("ok")

    monkeypatch.setattr(middleware.connection, "vendor", "sqlite")
    assert middleware.HistoryMiddleware(view)(rf.post("/x/")).status_code == 200
    assert seen == [[]]


def test_a_change_refused_on_a_page_the_user_may_read_is_logged_as_refused(client, review, people):
    """The State under review's focal point reads its review but does not divide the articles (P 31, the
    reviewing States do): the refused change is what the log keeps last."""
    reply = sign_in(client, people["alice"]).post(reverse("reviews:allocation", args=[review.pk]), {})
    assert reply.status_code == 404
    last = AccessEvent.objects.filter(username=reply.wsgi_request.user.username).order_by("-pk").first()
    assert (last.action, last.allowed, last.state_id) == ("write", False, review.state_id)
