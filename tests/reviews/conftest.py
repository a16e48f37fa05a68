"""Personas of a country review (STYLE.md): Austria under review, reviewed by France and Brazil.

alice — focal point of Austria (State under review); erin — Austria's expert;
bob — focal point of France (reviewing, same region); bea — Brazil's expert (reviewing);
bruno — focal point of Brazil (reviewing);
sam — secretariat; charlie — focal point of Kenya (unrelated); carl — Austria's national contributor.
"""

import pytest

from reviews import services
from reviews.models import CountryReview
from sherloc.accounts import services as account_services
from sherloc.accounts.enums import Role
from sherloc.registry.models import Instrument, State, WorkplanPhase
from tests.factories import UserFactory, advance, agree, confirmed_drawing, member, submit_responses  # noqa: F401
from tests.responses.conftest import answer_everything, questionnaires  # noqa: F401


@pytest.fixture
def phase1(db):
    return WorkplanPhase.objects.get(number=1)


@pytest.fixture
def people(db, state, focal_point, secretariat, outsider):
    untoc = Instrument.objects.get(code="UNTOC")
    fra, bra = State.objects.get(code="FRA"), State.objects.get(code="BRA")
    bob = UserFactory(username="bob")
    account_services.appoint_focal_point(state=fra, user=bob)
    bea = member(UserFactory(username="bea"), Role.GOVERNMENTAL_EXPERT, state=bra, instrument=untoc)
    bruno = UserFactory(username="bruno")
    account_services.appoint_focal_point(state=bra, user=bruno)
    erin = member(UserFactory(username="erin"), Role.GOVERNMENTAL_EXPERT, state=state, instrument=untoc)
    carl = member(UserFactory(username="carl"), Role.NATIONAL_CONTRIBUTOR, state=state)
    return {
        "alice": focal_point,
        "erin": erin,
        "bob": bob,
        "bea": bea,
        "bruno": bruno,
        "sam": secretariat,
        "charlie": outsider,
        "carl": carl,
        "fra": fra,
        "bra": bra,
    }


@pytest.fixture
def review(people, state, phase1, questionnaires):  # noqa: F811 - adopted before the phase opens
    """Austria's review in the first phase, scheduled when the phase opened for group 1."""
    confirmed_drawing(under_review="AUT", reviewers=["FRA", "BRA"], opened_by=people["sam"])
    services.open_phase(phase=phase1, year_group=1, by=people["sam"])
    return CountryReview.objects.get(state=state, phase=phase1)
