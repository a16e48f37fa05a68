import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import UserFactory, adopted_questionnaires, answer_everything, member  # noqa: F401

SHIPPED = Path(settings.BASE_DIR) / "data" / "questionnaires"

# Questions of every kind, added to the Convention's criminalization section for the tests.
EXTRA = [
    {
        "id": "t-5-examples",
        "article": "5",
        "kind": "short_text",
        "max_length": 50,
        "text": {"en": "Give an example of a case (at most 50 characters)."},
        "condition": None,
    },
    {
        "id": "t-5-bodies",
        "article": "5",
        "kind": "multiple_choice",
        "text": {"en": "Which bodies apply the law?"},
        "choices": [{"value": "police", "text": {"en": "Police"}}, {"value": "courts", "text": {"en": "Courts"}}],
        "condition": None,
    },
    {
        "id": "t-5-why",
        "article": "5",
        "kind": "single_choice",
        "text": {"en": "Why not?"},
        "choices": [
            {"value": "drafting", "text": {"en": "Law being drafted"}},
            {"value": "other", "text": {"en": "Other"}},
        ],
        "condition": {"question": "untoc-5-measures", "answer_in": ["no"]},
    },
    {"id": "t-5-files", "article": "5", "kind": "attachment", "text": {"en": "Attach examples."}, "condition": None},
]


class Form(dict):
    """Posted form data, as the answering page sends it."""

    def getlist(self, key):
        value = self.get(key)
        return value if isinstance(value, list) else [] if value is None else [value]


@pytest.fixture
def questionnaires(db):
    """The shipped questionnaires, adopted, with a Convention version holding a question of every kind."""
    return adopted_questionnaires()


@pytest.fixture
def phase(db):
    from sherloc.registry.models import WorkplanPhase

    return WorkplanPhase.objects.get(number=1)  # criminalization


@pytest.fixture
def response(focal_point, state, questionnaires, phase):
    from responses import services

    deadline = timezone.localdate() + dt.timedelta(days=90)
    return services.open_response(state=state, phase=phase, language="en", deadline=deadline, by=focal_point)


@pytest.fixture
def contributor(state):
    from sherloc.accounts.enums import Role

    return member(UserFactory(username="carol"), Role.NATIONAL_CONTRIBUTOR, state=state)


@pytest.fixture
def expert(state):
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import Instrument

    instrument = Instrument.objects.get(code="TIP")
    return member(UserFactory(username="erin"), Role.GOVERNMENTAL_EXPERT, state=state, instrument=instrument)


@pytest.fixture
def observer(state):
    from sherloc.accounts.enums import Role

    return member(UserFactory(username="oscar"), Role.OBSERVER, state=state)


@pytest.fixture
def reviewing_expert(state, secretariat):
    """A governmental expert of a State drawn to review Austria (P 28)."""
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import Instrument, State
    from tests.factories import confirmed_drawing

    reviewer = State.objects.get(code="MEX")
    confirmed_drawing(
        under_review=state.code,
        reviewers=[(reviewer.code, "other_region", ["UNTOC", "TIP", "SOM", "FIREARMS"])],
        year=None,
    )
    instrument = Instrument.objects.get(code="UNTOC")
    return member(UserFactory(username="rex"), Role.GOVERNMENTAL_EXPERT, state=reviewer, instrument=instrument)


def question(response, qid):
    from questionnaires.models import Question

    return Question.objects.get(questionnaire__in=[s.questionnaire for s in response.sections.all()], qid=qid)


def section_of(response, instrument):
    return response.sections.get(questionnaire__instrument__code=instrument)
