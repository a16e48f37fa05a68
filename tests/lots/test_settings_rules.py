"""The figures of P 28 and P 29 that the secretariat keeps in the Mechanism's settings are the rules
of the next draw, recorded in its log and JSON, so that a replay stays exact."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lots import engine, services
from lots.models import LogEntry
from sherloc.registry.models import MechanismSettings, State
from tests.conftest import verified_client as sign_in
from tests.portal.test_refs import marker


def settings(**figures) -> None:
    MechanismSettings.objects.filter(pk=MechanismSettings.current().pk).update(**figures)


def draw_lots(tmp_path, seed="29") -> dict:
    out = tmp_path / "draw.json"
    call_command("draw_lots", "--seed", seed, "--out", str(out), stdout=io.StringIO())
    call_command("verify_draw", str(out), stdout=io.StringIO())  # verified with the figures it records
    return json.loads(out.read_text())


def loads(data) -> Counter:
    return Counter(r["state"] for a in data["assignments"] for r in a["reviewers"])


def test_min_and_max_reviews_in_the_settings_are_the_rules_of_draw_lots_P29(small_world, tmp_path):
    usual = loads(draw_lots(tmp_path))
    assert min(usual.values()) == 1 and max(usual.values()) == 3  # what the seed gives with 1 to 3
    settings(min_reviews=2)
    data = draw_lots(tmp_path)
    assert data["rules"] == {"min_reviews": 2, "max_reviews": 3, "redraws_per_state": 2}
    assert min(loads(data).values()) >= 2
    settings(min_reviews=1, max_reviews=2)
    data = draw_lots(tmp_path)
    assert data["rules"]["max_reviews"] == 2 and max(loads(data).values()) <= 2


def test_figures_that_no_draw_can_meet_are_refused_naming_them_P29(small_world, tmp_path):
    settings(min_reviews=3, max_reviews=3)  # 30 States × 3 reviews, for 60 places
    with pytest.raises(CommandError, match="3 to 3 reviews each.*P 29.*Nothing was written"):
        call_command("draw_lots", "--seed", "29", "--out", str(tmp_path / "draw.json"))
    settings(min_reviews=4, max_reviews=3)
    with pytest.raises(CommandError, match="settings cannot be drawn with.*not below the minimum"):
        call_command("draw_lots", "--seed", "29", "--out", str(tmp_path / "draw.json"))


def test_the_redraws_per_state_in_the_settings_decide_when_an_exceptional_decision_is_needed_P28(
    small_world, client, secretariat
):
    settings(redraws_per_state=1)
    session = services.open_session(meeting="M", meeting_date=dt.date(2026, 6, 1), seed="28", opened_by=secretariat)
    assert LogEntry.objects.get(session=session, position=0).entry["rules"]["redraws_per_state"] == 1
    settings(redraws_per_state=5)  # a session keeps the figures it was opened with
    services.run_selection(session=session, user=secretariat)
    pick = services.draw_next(session=session, user=secretariat)
    under_review, reviewer = State.objects.get(code=pick.under_review), State.objects.get(code=pick.reviewer)
    first = services.request_redraw(
        session=session, under_review=under_review, reviewer=reviewer, requested_by=under_review, user=secretariat
    )
    with pytest.raises(services.DrawingRefused, match="already requested 1 redraws.*exceptional decision"):
        services.request_redraw(
            session=session,
            under_review=under_review,
            reviewer=first.new_reviewer,
            requested_by=under_review,
            user=secretariat,
        )
    page = sign_in(client, secretariat).get(reverse("lots:session", args=[session.pk])).content.decode()
    assert "may request 1 redraws" + marker("P 28") in page and "at most once" in page


def test_a_session_logged_before_the_figures_were_recorded_replays_with_1_3_2(
    small_world, client, secretariat, tmp_path
):
    settings(redraws_per_state=1)
    session = services.open_session(meeting="M", meeting_date=dt.date(2026, 6, 1), seed="28", opened_by=secretariat)
    services.run_selection(session=session, user=secretariat)
    services.draw_remaining(session=session, user=secretariat)
    # the start entry as the previous version of the engine wrote it
    start = LogEntry.objects.get(session=session, position=0)
    old = {k: v for k, v in start.entry.items() if k not in ("rules", "voluntary_contributions")}
    LogEntry.objects.filter(pk=start.pk).update(entry=old)
    services._live.clear()
    assert services.live_draw(session).rules == engine.Rules(min_reviews=1, max_reviews=3, redraws_per_state=2)
    client = sign_in(client, secretariat)
    page = client.get(reverse("lots:session", args=[session.pk])).content.decode()
    assert f"each State performs 1 to 3 reviews{marker('P 29')} and may request 2 redraws{marker('P 28')}" in page
    path = tmp_path / "log.json"
    path.write_text(json.dumps(client.get(reverse("lots:log", args=[session.pk])).json()))
    out = io.StringIO()
    call_command("verify_draw", str(path), stdout=out)
    assert "every rule holds" in out.getvalue()
