"""The personas of a country review (tests/reviews/conftest.py), for the home page's tests."""

from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import people, phase1, review  # noqa: F401
