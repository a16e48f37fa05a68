"""P 51: a signatory that volunteers is reviewed for the instruments it signed, by parties to them,
and the costs of its participation are paid from voluntary contributions."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lots import services
from lots.models import LogEntry, ReviewingAssignment, VolunteeringSignatory
from lots.selectors import draw_inputs
from sherloc.accounts import services as account_services
from sherloc.registry.models import State
from sherloc.registry.selectors import parties_to
from tests.conftest import verified_client as sign_in
from tests.factories import UserFactory
from tests.portal.test_refs import marker


def volunteers_as_signatory(code: str) -> State:
    state = State.objects.get(code=code)
    state.subject_to_review = True
    state.save(update_fields=["subject_to_review"])
    VolunteeringSignatory.objects.create(state=state, decision_reference="note verbale 2026/51")
    return state


def test_a_signatory_party_to_nothing_is_an_input_for_the_instruments_it_signed_P51(small_world):
    volunteers_as_signatory("BRB")  # Barbados signed the Convention and the three Protocols, ratified none
    barbados = next(s for s in draw_inputs()[0] if s.code == "BRB")
    assert barbados.instruments == {"UNTOC", "TIP", "SOM", "FIREARMS"} and barbados.can_review is False


def test_draw_lots_gives_a_volunteering_signatory_reviewers_party_to_what_it_signed_P51(small_world, tmp_path):
    volunteers_as_signatory("BRB")
    out = tmp_path / "draw.json"
    call_command("draw_lots", "--seed", "51", "--out", str(out), stdout=io.StringIO())
    data = json.loads(out.read_text())
    entry = next(s for s in data["states"] if s["code"] == "BRB")
    assert entry["signatory"] is True and entry["costs_from_voluntary_contributions"] is True
    assert entry["instruments"] == ["UNTOC", "TIP", "SOM", "FIREARMS"]
    reviewers = next(a for a in data["assignments"] if a["under_review"] == "BRB")["reviewers"]
    assert {r["role"] for r in reviewers} >= {"same_region", "other_region"}
    states = {s.code: s for s in State.objects.filter(code__in=[r["state"] for r in reviewers])}
    for r in reviewers:
        assert set(r["instruments"]) <= parties_to(states[r["state"]])  # parties to what it reviews
    assert sorted(i for r in reviewers for i in r["instruments"]) == sorted(2 * entry["instruments"])
    assert "BRB" not in {r["state"] for a in data["assignments"] for r in a["reviewers"]}  # it does not review
    call_command("verify_draw", str(out), stdout=io.StringIO())


def test_a_volunteering_signatory_that_signed_none_of_the_instruments_is_refused_P51(
    small_world, client, secretariat, tmp_path
):
    volunteers_as_signatory("BTN")  # Bhutan signed only the Convention against Corruption
    out = tmp_path / "draw.json"
    with pytest.raises(CommandError, match=r"BTN .*signatory.*signed none.*\(P 51\).*Nothing was written"):
        call_command("draw_lots", "--seed", "51", "--out", str(out))
    assert not out.exists()
    page = sign_in(client, secretariat).post(
        reverse("lots:index"), {"meeting": "M", "meeting_date": "2026-06-01", "seed": "51"}
    )
    assert page.status_code == 200 and marker("P 51") in page.content.decode()


def test_the_results_show_that_the_signatorys_review_is_paid_from_voluntary_contributions_P51(
    small_world, client, secretariat
):
    barbados = volunteers_as_signatory("BRB")
    assert VolunteeringSignatory.objects.get(state=barbados).costs_from_voluntary_contributions
    session = services.open_session(meeting="M", meeting_date=dt.date(2026, 6, 1), seed="51", opened_by=secretariat)
    services.run_selection(session=session, user=secretariat)
    services.draw_remaining(session=session, user=secretariat)
    services.confirm_session(session=session, user=secretariat)
    start = LogEntry.objects.get(session=session, position=0).entry
    assert start["voluntary_contributions"] == ["BRB"]  # recorded in the log
    assert ReviewingAssignment.objects.filter(under_review=barbados).count() >= 2
    page = sign_in(client, secretariat).get(reverse("lots:session", args=[session.pk])).content.decode()
    assert 'id="voluntary-contributions"' in page and "Barbados" in page.split('id="voluntary-contributions"')[1]

    fp = UserFactory(username="fp-brb")
    account_services.appoint_focal_point(state=barbados, user=fp)
    page = sign_in(client, fp).get(reverse("lots:index")).content.decode()
    assert "paid from voluntary contributions" + marker("P 51") in page
    reviewer = ReviewingAssignment.objects.filter(under_review=barbados).first().reviewer
    other = UserFactory(username="fp-reviewer")
    account_services.appoint_focal_point(state=reviewer, user=other)
    page = sign_in(client, other).get(reverse("lots:index")).content.decode()
    assert "signatory; costs paid from voluntary contributions" + marker("P 51") in page
