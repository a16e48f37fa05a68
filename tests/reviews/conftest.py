"""Personas of a country review (STYLE.md): Austria under review, reviewed by France and Brazil.

alice — focal point of Austria (State under review); erin — Austria's expert;
bob — focal point of France (reviewing, same region); bea — Brazil's expert (reviewing);
bruno — focal point of Brazil (reviewing);
sam — secretariat; charlie — focal point of Kenya (unrelated); carl — Austria's national contributor.
"""

import datetime as dt

import pytest
from django.utils import timezone

from reviews import selectors, services
from reviews.enums import ReviewStatus
from reviews.models import CountryReview
from sherloc.accounts import services as account_services
from sherloc.accounts.enums import Role
from sherloc.registry.models import Instrument, State, WorkplanPhase
from tests.factories import UserFactory, confirmed_drawing, member
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


def agree(review, people, **frames) -> CountryReview:
    """P 30: Austria proposes; each reviewing State (France, Brazil and any other drawn) confirms
    through its focal point."""
    from reviews import permissions
    from sherloc.accounts.models import Membership

    proposal = services.propose_time_frames(review, by=people["alice"], **frames)
    focal_points = (
        Membership.objects.active()
        .filter(role=Role.FOCAL_POINT, state_id__in=permissions.reviewer_ids(review))
        .select_related("user")
        .order_by("state__name")
    )
    for membership in focal_points:
        services.confirm_time_frames(proposal, by=membership.user)
    review.refresh_from_db()
    return review


def submit_responses(review, people) -> CountryReview:
    """P 19: Austria answers every mandatory question and submits through the module."""
    from responses import services as responses
    from responses.models import Response

    response = Response.objects.get(state=review.state, phase=review.phase)
    answer_everything(response, people["alice"])
    responses.submit(response=response, by=people["alice"])
    review.refresh_from_db()
    return review


def advance(review, people, to: str) -> CountryReview:
    """Walk a review through the real services up to `to`."""
    alice, bob, bea = people["alice"], people["bob"], people["bea"]
    order = list(services.NEXT) + [ReviewStatus.CLOSED]
    target = order.index(to)
    seen = set()
    while order.index(review.status) < target:
        status = review.status
        assert status not in seen, f"advance() could not move the review on from {status}"
        seen.add(status)
        if status == ReviewStatus.SCHEDULED:
            review = services.open_consultations(review, by=alice)
        elif status == ReviewStatus.CONSULTATIONS:
            review = agree(review, people, language="fr", responses_due=timezone.localdate() + dt.timedelta(days=90))
        elif status == ReviewStatus.RESPONSES_DUE:
            review = submit_responses(review, people)
        elif status == ReviewStatus.RESPONSES_RECEIVED:
            articles = selectors.articles_in_scope(review)
            half = len(articles) // 2
            services.allocate_articles(
                review,
                by=bob,
                allocations={
                    a.pk: (people["fra"], bob) if i < half else (people["bra"], bea) for i, a in enumerate(articles)
                },
            )
            review = services.start_feedback(review, by=bob)
        elif status == ReviewStatus.FEEDBACK_DUE:
            for i, article in enumerate(selectors.articles_in_scope(review)):
                author = bob if i < len(selectors.articles_in_scope(review)) // 2 else bea
                services.write_feedback(review, article=article, by=author, measures=f"Measures on {article}")
            review = services.send_feedback(review, by=bob)
        elif status == ReviewStatus.DIALOGUE:
            review = services.close_dialogue(review, by=alice)
        elif status == ReviewStatus.OBSERVATIONS:
            # P 39, P 9: only the agreement of every party to the same version of the list completes it
            from tests.observations.helpers import finalise_list

            review = finalise_list(review, people)
    return review
