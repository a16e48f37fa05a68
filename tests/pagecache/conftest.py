from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import people, phase1, review  # noqa: F401
