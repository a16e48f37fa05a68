"""Personas of tests/reviews/conftest.py: Austria under review, reviewed by France and Brazil.
alice (Austria's focal point), erin (Austria's expert), bob (France's focal point), bea (Brazil's
expert), bruno (Brazil's focal point), sam (secretariat), charlie (Kenya, unrelated), carl (Austria's
national contributor)."""

import pytest

from reviews.enums import ReviewStatus
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401


@pytest.fixture
def listing(review, people):  # noqa: F811
    """Austria's review at the stage "list of observations"."""
    return advance(review, people, ReviewStatus.OBSERVATIONS)


@pytest.fixture
def closed(review, people):  # noqa: F811
    """Austria's phase-1 review complete, its list agreed by all (P 39)."""
    return advance(review, people, ReviewStatus.CLOSED)
