"""The drawing of lots in the portal: the command-line contract, the meeting screen, and who sees what."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lots import services
from lots.models import DrawingSession, LogEntry, ReviewingAssignment
from sherloc.registry.models import State
from sherloc.registry.selectors import states_subject_to_review
from tests.conftest import verified_client as sign_in


@pytest.fixture
def draw_file(db, tmp_path):
    out = tmp_path / "draw.json"
    call_command("draw_lots", "--seed", "00ff", "--out", str(out), stdout=io.StringIO())
    return out


def test_draw_lots_writes_the_contracted_json_for_every_state_subject_to_review_P16_P28(draw_file):
    data = json.loads(draw_file.read_text())
    assert set(data) == {"seed", "rules", "states", "year_groups", "assignments", "volunteers"}
    assert data["seed"] == "00ff"
    assert data["rules"] == {"min_reviews": 1, "max_reviews": 3, "redraws_per_state": 2}  # the settings' figures
    subject = sorted(s.code for s in states_subject_to_review())
    assert [s["code"] for s in data["states"]] == subject  # alphabetical, every one (178)
    first = data["states"][0]
    assert set(first) == {"code", "region", "legal_system", "instruments", "uncac_party"}
    assert {s["region"] for s in data["states"]} == {"AFRICAN", "APSG", "EEG", "GRULAC", "WEOG"}
    assert sorted(c for y in ("1", "2", "3") for c in data["year_groups"][y]) == subject
    assert {a["under_review"] for a in data["assignments"]} == set(subject)
    for a in data["assignments"]:
        assert a["year"] in (1, 2, 3)
        assert {r["role"] for r in a["reviewers"]} <= {"same_region", "other_region", "additional"}
    load = Counter(r["state"] for a in data["assignments"] for r in a["reviewers"])
    assert set(load) == set(subject) and min(load.values()) >= 1 and max(load.values()) <= 3  # P 29


def test_same_seed_gives_byte_identical_json_and_verify_draw_accepts_it(draw_file, tmp_path):
    again = tmp_path / "again.json"
    call_command("draw_lots", "--seed", "00FF", "--out", str(again), stdout=io.StringIO())
    assert again.read_bytes() == draw_file.read_bytes()
    out = io.StringIO()
    call_command("verify_draw", str(draw_file), stdout=out)
    assert "every rule holds" in out.getvalue()


def test_verify_draw_fails_naming_each_broken_rule_and_the_states_P28(draw_file):
    data = json.loads(draw_file.read_text())
    a, b = data["assignments"][0], None
    reviewer = a["reviewers"][0]["state"]
    b = next(x for x in data["assignments"] if x["under_review"] == reviewer)
    b["reviewers"][0]["state"] = a["under_review"]  # now they review each other
    draw_file.write_text(json.dumps(data))
    err = io.StringIO()
    with pytest.raises(CommandError, match="rule"):
        call_command("verify_draw", str(draw_file), stderr=err)
    assert "no_mutual_reviews (P 28)" in err.getvalue()
    assert a["under_review"] in err.getvalue() and reviewer in err.getvalue()


@pytest.mark.parametrize("seed", ["xyz", "0x1f", "12 34"])
def test_a_seed_that_is_not_hex_is_refused_and_nothing_is_written(db, tmp_path, seed):
    out = tmp_path / "draw.json"
    with pytest.raises(CommandError, match="hexadecimal.*Nothing was written"):
        call_command("draw_lots", "--seed", seed, "--out", str(out))
    assert not out.exists()


def test_reference_data_missing_a_region_is_refused_naming_the_state(db, tmp_path):
    State.objects.filter(code="AUT").update(review_group="", un_regional_group="")
    out = tmp_path / "draw.json"
    with pytest.raises(CommandError, match=r"AUT .*regional group.*Nothing was written"):
        call_command("draw_lots", "--seed", "01", "--out", str(out))
    assert not out.exists()


def test_reference_data_missing_an_instrument_status_is_refused(db, tmp_path):
    from sherloc.registry.models import TreatyStatus

    TreatyStatus.objects.filter(state__code="KEN", instrument__code="SOM").delete()
    out = tmp_path / "draw.json"
    with pytest.raises(CommandError, match="KEN has no treaty status for SOM"):
        call_command("draw_lots", "--seed", "01", "--out", str(out))
    assert not out.exists()


# -- the meeting screen ------------------------------------------------------------------------


def open_session(client):
    response = client.post(
        reverse("lots:index"),
        {"meeting": "Joint intersessional meeting", "meeting_date": "2026-06-01", "seed": "c0ffee"},
    )
    session = DrawingSession.objects.get()
    assert response.status_code == 302 and response.url == reverse("lots:session", args=[session.pk])
    return session


def test_secretariat_runs_a_drawing_pick_by_pick_with_the_log_beside_it_P28(client, secretariat):
    client = sign_in(client, secretariat)
    session = open_session(client)
    client.post(reverse("lots:action", args=[session.pk, "select"]))
    page = client.get(reverse("lots:session", args=[session.pk])).content.decode()
    assert "Year 1" in page and "Next draw" in page
    client.post(reverse("lots:action", args=[session.pk, "pick"]))
    pick = LogEntry.objects.filter(session=session).order_by("position").last().entry
    assert pick["action"] == "pick" and pick["role"] == "same_region"
    page = client.get(reverse("lots:session", args=[session.pk])).content.decode()
    assert State.objects.get(code=pick["reviewer"]).name in page
    log = client.get(reverse("lots:log", args=[session.pk])).json()
    assert log["seed"] == "c0ffee" and log["log"][-1] == pick and len(log["states"]) == 178


def test_redraw_requests_are_kept_with_who_asked_and_the_result_P28(client, secretariat):
    client = sign_in(client, secretariat)
    session = open_session(client)
    client.post(reverse("lots:action", args=[session.pk, "select"]))
    client.post(reverse("lots:action", args=[session.pk, "pick"]))
    pick = LogEntry.objects.filter(session=session).order_by("position").last().entry
    u, r = pick["under_review"], pick["reviewer"]
    form = {"under_review": u, "reviewer": r, "requested_by": u}
    client.post(reverse("lots:action", args=[session.pk, "redraw"]), form)
    request = session.redraw_requests.get()
    assert request.requested_by.code == u and request.new_reviewer and request.new_reviewer.code != r
    deferred = {**form, "reviewer": request.new_reviewer.code, "deferred_to": "Next intersessional meeting"}
    client.post(reverse("lots:action", args=[session.pk, "redraw"]), deferred)
    assert session.redraw_requests.count() == 2 and session.redraw_requests.last().new_reviewer is None
    third = {**form, "reviewer": request.new_reviewer.code}
    response = client.post(reverse("lots:action", args=[session.pk, "redraw"]), third, follow=True)
    assert "exceptional decision" in response.content.decode()
    assert session.redraw_requests.count() == 2  # the refused request changed nothing


def test_confirming_turns_the_results_into_reviewing_assignments_P28(secretariat):
    session = services.open_session(meeting="M", meeting_date=dt.date(2026, 6, 1), seed="ab", opened_by=secretariat)
    services.run_selection(session=session, user=secretariat)
    with pytest.raises(services.DrawingRefused):
        services.confirm_session(session=session, user=secretariat)  # not every pick is drawn
    services.draw_remaining(session=session, user=secretariat)
    count = services.confirm_session(session=session, user=secretariat)
    assert count == ReviewingAssignment.objects.count() >= 2 * 178
    assert not ReviewingAssignment.objects.filter(reviewer__isnull=True).exists()
    # the stored log replays to the same result, from the seed alone
    services._live.clear()
    assert services.live_draw(session).result().assignments
    with pytest.raises(services.DrawingRefused, match="closed"):
        services.draw_next(session=session, user=secretariat)


def test_focal_points_see_their_own_state_and_cannot_run_or_watch_a_drawing(client, secretariat, focal_point, state):
    session = services.open_session(meeting="M", meeting_date=dt.date(2026, 6, 1), seed="ab", opened_by=secretariat)
    services.run_selection(session=session, user=secretariat)
    services.draw_remaining(session=session, user=secretariat)
    services.confirm_session(session=session, user=secretariat)
    client = sign_in(client, focal_point)
    page = client.get(reverse("lots:index")).content.decode()
    mine = ReviewingAssignment.objects.filter(under_review=state)
    for a in mine:
        assert a.reviewer.name in page
    others = ReviewingAssignment.objects.exclude(under_review=state).exclude(reviewer=state)
    stranger = others.exclude(under_review__in=[a.reviewer for a in mine]).first()
    assert f">{stranger.under_review.name}<" not in page
    assert client.get(reverse("lots:session", args=[session.pk])).status_code == 404
    assert client.get(reverse("lots:log", args=[session.pk])).status_code == 404
    assert client.post(reverse("lots:action", args=[session.pk, "pick"])).status_code == 404
    assert (
        client.post(reverse("lots:index"), {"meeting": "x", "meeting_date": "2026-01-01", "seed": "01"}).status_code
        == 404
    )
    assert DrawingSession.objects.count() == 1


def test_demo_world_has_a_confirmed_drawing_its_focal_points_see(db, client):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", "--force", stdout=io.StringIO())
    fp = get_user_model().objects.get(username="fp-aut")
    page = sign_in(client, fp).get(reverse("lots:index")).content.decode()
    aut = State.objects.get(code="AUT")
    assert ReviewingAssignment.objects.filter(under_review=aut).count() >= 2
    for a in ReviewingAssignment.objects.filter(reviewer=aut):
        assert a.under_review.name in page


def test_volunteers_recorded_by_the_secretariat_are_inputs_of_the_next_draw_P29(secretariat, tmp_path):
    from lots.models import Volunteer
    from lots.selectors import draw_inputs

    Volunteer.objects.create(state=State.objects.get(code="FRA"), max_reviews=5, decision_reference="note 2026/12")
    assert draw_inputs()[1] == {"FRA": 5}
    out = tmp_path / "draw.json"
    call_command("draw_lots", "--seed", "0f", "--out", str(out), stdout=io.StringIO())
    data = json.loads(out.read_text())
    assert data["volunteers"] == {"FRA": 5}
    load = Counter(r["state"] for a in data["assignments"] for r in a["reviewers"])
    assert 1 <= load["FRA"] <= 5
