"""Personas of tests/reviews/conftest.py: Austria under review, reviewed by France and Brazil.
alice (Austria's focal point), erin (Austria's expert), bob (France's focal point), bea (Brazil's
expert), bruno (Brazil's focal point), sam (secretariat), charlie (Kenya, unrelated), carl (Austria's
national contributor)."""

import pytest

from observations import services as observations
from reviews.enums import ReviewStatus
from reviews.selectors import articles_in_scope
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401

TRAINING = "Training of judges on special investigative techniques."
DRAFTING = "Support to draft legislation on the protection of witnesses."


def items(the_review):
    articles = [a.pk for a in articles_in_scope(the_review)]
    return [
        {"kind": "gap", "text": "Data on cases are not collected nationally.", "articles": articles[:1]},
        {"kind": "assistance", "text": TRAINING, "articles": articles[:2]},
        {"kind": "good_practice", "text": "A specialised prosecution office.", "articles": articles[1:2]},
        {"kind": "assistance", "text": DRAFTING, "articles": articles[2:3]},
    ]


@pytest.fixture
def final(review, people):  # noqa: F811
    """Austria's phase-1 list made final through the real services, with two technical-assistance items."""
    review = advance(review, people, ReviewStatus.OBSERVATIONS)
    version = observations.save_list(review=review, items=items(review), by=people["bob"])
    for name in ("alice", "bob", "bruno"):
        observations.agree_list(review=review, version_number=version.number, by=people[name])
    review.refresh_from_db()
    return review.observation_list
