"""P 28: "If needed, the drawing of the lots may be repeated at a subsequent intersessional meeting".

A redraw deferred at the drawing is carried out at a later meeting, in the same log, and
the confirmed reviewing assignments follow when that meeting confirms its redraws.
"""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from lots import services
from lots.enums import SessionStatus
from lots.models import DrawingSession, LogEntry, RedrawRequest, ReviewingAssignment
from lots.selectors import deferred_redraws
from sherloc.registry.models import State
from tests.conftest import verified_client as sign_in


def drawn(secretariat) -> DrawingSession:
    session = services.open_session(meeting="First", meeting_date=dt.date(2026, 6, 1), seed="28", opened_by=secretariat)
    services.run_selection(session=session, user=secretariat)
    services.draw_remaining(session=session, user=secretariat)
    return session


def spare_reviewer(session) -> tuple[str, str]:
    """(State under review, its same-region reviewer) where the reviewer keeps a review when withdrawn (P 29)."""
    result = services.live_draw(session).result()
    load = Counter(r.state for a in result.assignments for r in a.reviewers)
    return next(
        (a.under_review, r.state)
        for a in result.assignments
        for r in a.reviewers
        if r.role == "same_region" and load[r.state] >= 2
    )


def defer(session, secretariat, under_review, reviewer, requested_by=None):
    states = {s.code: s for s in State.objects.filter(code__in=[under_review, reviewer])}
    return services.request_redraw(
        session=session,
        under_review=states[under_review],
        reviewer=states[reviewer],
        requested_by=states[requested_by or under_review],
        user=secretariat,
        deferred_to="Second intersessional meeting",
    )


@pytest.fixture
def confirmed_with_deferred(small_world, secretariat):
    session = drawn(secretariat)
    u, x = spare_reviewer(session)
    request = defer(session, secretariat, u, x)
    services.confirm_session(session=session, user=secretariat)
    return session, request


def test_a_deferred_redraw_is_carried_out_at_a_later_meeting_and_the_assignments_follow_P28(
    secretariat, confirmed_with_deferred, tmp_path
):
    session, request = confirmed_with_deferred
    u, x = request.under_review, request.reviewer
    assert ReviewingAssignment.objects.filter(under_review=u, reviewer=x).exists()  # deferred: changes nothing now
    with pytest.raises(services.DrawingRefused, match="closed"):
        services.carry_out_redraw(session=session, request=request, user=secretariat)

    later = services.open_later_meeting(
        drawing=session,
        meeting="Second intersessional meeting",
        meeting_date=dt.date(2027, 6, 1),
        opened_by=secretariat,
    )
    assert later.continues == session and later.status == SessionStatus.SELECTION
    assert list(deferred_redraws(session)) == [request]
    with pytest.raises(services.DrawingRefused, match="open"):
        services.open_later_meeting(
            drawing=session, meeting="Third", meeting_date=dt.date(2027, 7, 1), opened_by=secretariat
        )
    request = services.carry_out_redraw(session=later, request=request, user=secretariat)
    assert request.carried_out_in == later and request.new_reviewer not in (None, x, u)
    assert list(deferred_redraws(session)) == []
    assert ReviewingAssignment.objects.filter(under_review=u, reviewer=x).exists()  # until the meeting confirms
    while services.draw_next(session=later, user=secretariat) is not None:
        pass  # any additional reviewer the withdrawn one leaves to draw
    changed = services.confirm_session(session=later, user=secretariat)
    later.refresh_from_db()
    assert later.status == SessionStatus.CONCLUDED and changed >= 2
    assert not ReviewingAssignment.objects.filter(under_review=u, reviewer=x).exists()
    assert ReviewingAssignment.objects.filter(under_review=u, reviewer=request.new_reviewer, session=session).exists()

    # one log, appended to: the first meeting's entries unchanged, then the later meeting's
    log = list(LogEntry.objects.filter(session=session).order_by("position").values_list("entry", flat=True))
    actions = [e["action"] for e in log]
    assert actions[later.resume_step - 1 : later.resume_step + 1] == ["confirm", "resume"]
    assert log[later.resume_step]["meeting"] == "Second intersessional meeting"
    carried = next(e for e in log if e.get("carries_out") == request.step)
    assert carried["outcome"] == "redrawn" and carried["new_reviewer"] == request.new_reviewer.code
    assert not LogEntry.objects.filter(session=later).exists()
    # replayed from the seed and inputs, the whole log arrives at the assignments now recorded
    services._live.clear()
    result = services.live_draw(later).result()
    rows = {(a.under_review.code, a.reviewer.code, a.role) for a in ReviewingAssignment.objects.all()}
    assert rows == {(a.under_review, r.state, r.role) for a in result.assignments for r in a.reviewers}
    with pytest.raises(services.DrawingRefused, match="closed"):
        services.draw_next(session=later, user=secretariat)


def test_the_redraw_counts_still_apply_at_a_later_meeting_P28(small_world, secretariat):
    session = drawn(secretariat)
    result = services.live_draw(session).result()
    load = Counter(r.state for a in result.assignments for r in a.reviewers)
    a = next(a for a in result.assignments if all(load[r.state] >= 2 for r in a.reviewers))
    for r in a.reviewers[:2]:  # two requests by the State under review, both deferred: both count
        defer(session, secretariat, a.under_review, r.state)
    services.confirm_session(session=session, user=secretariat)
    later = services.open_later_meeting(
        drawing=session, meeting="Second", meeting_date=dt.date(2027, 6, 1), opened_by=secretariat
    )
    under_review = State.objects.get(code=a.under_review)
    reviewer = ReviewingAssignment.objects.filter(under_review=under_review).first().reviewer
    with pytest.raises(services.DrawingRefused, match="already requested 2 redraws"):
        services.request_redraw(
            session=later, under_review=under_review, reviewer=reviewer, requested_by=under_review, user=secretariat
        )
    for request in deferred_redraws(session):  # carrying them out does not count again
        services.carry_out_redraw(session=later, request=request, user=secretariat)
    assert RedrawRequest.objects.filter(carried_out_in=later).count() == 2


def test_the_secretariat_carries_out_deferred_redraws_on_the_meeting_screen_P28(
    client, secretariat, confirmed_with_deferred, tmp_path
):
    session, request = confirmed_with_deferred
    client = sign_in(client, secretariat)
    page = client.get(reverse("lots:session", args=[session.pk])).content.decode()
    assert "Take up the drawing at a later meeting" in page and "1 deferred redraw waits" in page
    response = client.post(
        reverse("lots:action", args=[session.pk, "later"]),
        {"meeting": "Second intersessional meeting", "meeting_date": "2027-06-01"},
    )
    later = DrawingSession.objects.get(continues=session)
    assert response.status_code == 302 and response.url == reverse("lots:session", args=[later.pk])
    page = client.get(reverse("lots:session", args=[session.pk])).content.decode()
    assert "Open the later meeting" not in page and "Second intersessional meeting" in page  # one at a time
    page = client.get(reverse("lots:session", args=[later.pk])).content.decode()
    assert "Deferred redraws to carry out" in page and f'name="request" value="{request.pk}"' in page
    client.post(reverse("lots:action", args=[later.pk, "carry_out"]), {"request": request.pk})
    request.refresh_from_db()
    assert request.carried_out_in == later and request.new_reviewer
    page = client.get(reverse("lots:session", args=[later.pk])).content.decode()
    assert "None left." in page and "carried out at" in page
    while "Next draw" in page:  # additional reviewers left to draw, if any
        client.post(reverse("lots:action", args=[later.pk, "pick"]))
        page = client.get(reverse("lots:session", args=[later.pk])).content.decode()
    response = client.post(reverse("lots:action", args=[later.pk, "confirm"]), follow=True)
    assert "Redraws confirmed" in response.content.decode()
    assert ReviewingAssignment.objects.filter(under_review=request.under_review, reviewer=request.new_reviewer).exists()
    assert not ReviewingAssignment.objects.filter(under_review=request.under_review, reviewer=request.reviewer).exists()
    # the later meeting's download is the drawing's whole log; verify_draw replays it to the same assignments
    body = client.get(reverse("lots:log", args=[later.pk])).json()
    assert body["log"][0]["action"] == "start" and body["log"][-1]["action"] == "confirm"
    mine = next(a for a in body["assignments"] if a["under_review"] == request.under_review.code)
    assert request.new_reviewer.code in {r["state"] for r in mine["reviewers"]}
    path = tmp_path / "log.json"
    path.write_text(json.dumps(body))
    out = io.StringIO()
    call_command("verify_draw", str(path), stdout=out)
    assert "every rule holds" in out.getvalue()


def test_only_the_secretariat_opens_a_later_meeting_or_carries_out_a_redraw_P28(
    client, secretariat, focal_point, confirmed_with_deferred
):
    session, request = confirmed_with_deferred
    later = services.open_later_meeting(
        drawing=session, meeting="Second", meeting_date=dt.date(2027, 6, 1), opened_by=secretariat
    )
    client = sign_in(client, focal_point)
    assert client.get(reverse("lots:session", args=[later.pk])).status_code == 404
    later_form = {"meeting": "Mine", "meeting_date": "2027-06-01"}
    assert client.post(reverse("lots:action", args=[session.pk, "later"]), later_form).status_code == 404
    assert client.post(reverse("lots:action", args=[later.pk, "carry_out"]), {"request": request.pk}).status_code == 404
    assert client.post(reverse("lots:action", args=[later.pk, "confirm"])).status_code == 404
    assert client.get(reverse("lots:log", args=[later.pk])).status_code == 404
    request.refresh_from_db()
    assert request.carried_out_in is None and DrawingSession.objects.count() == 2
