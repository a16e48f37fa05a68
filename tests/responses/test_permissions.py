"""Truth table of the responses policies (STYLE.md: who and when in one answer; docs/rules.md, docs/disclosure.md).

Personas of one review (tests/reviews/conftest.py): Austria under review, France (bob, focal point) and
Brazil (bea, expert; bruno, focal point) its reviewing States for the Convention; Austria's focal point alice,
expert erin and national contributor carl; sam the secretariat; charlie the focal point of Kenya, unrelated;
Germany drawn as an additional reviewer for the Trafficking in Persons Protocol only (dora, its expert, P 28);
a stakeholder. Each policy is checked while the response is being drafted and once it is submitted, before and
after Austria releases its submission to every State party (P 41)."""

import pytest

from disclosure import services as disclosure
from disclosure.enums import Audience, Material
from responses import permissions
from responses.enums import ResponseStatus
from responses.models import Response
from reviews.enums import ReviewStatus
from sherloc.accounts import services as account_services
from sherloc.accounts.enums import Role
from sherloc.registry.models import Instrument, State
from tests.factories import UserFactory, confirmed_drawing, member
from tests.responses.conftest import questionnaires, section_of  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401

PERSONAS = ["alice", "erin", "carl", "bob", "bea", "bruno", "dora", "sam", "charlie", "stakeholder"]
AUSTRIA = {"alice", "erin", "carl"}
REVIEWERS = {"bob", "bea", "bruno"}  # for the four instruments
ADDITIONAL = {"dora"}  # for TIP only

# (policy, stage, released) -> who gets True. Written out, not recomputed from the rules.
EXPECTED = {
    # a draft is the State's own: not the secretariat, not the reviewers (P 41 speaks of submitted responses)
    ("view_draft", "drafting", False): AUSTRIA,
    ("view_draft", "submitted", False): AUSTRIA,
    ("view_draft", "submitted", True): AUSTRIA,
    # a submission: the State, its reviewing States and the secretariat (P 19, P 32) ...
    ("view_submissions", "drafting", False): AUSTRIA | REVIEWERS | ADDITIONAL | {"sam"},
    ("view_submissions", "submitted", False): AUSTRIA | REVIEWERS | ADDITIONAL | {"sam"},
    # ... and every State party once released (P 41) — never a stakeholder
    ("view_submissions", "submitted", True): AUSTRIA | REVIEWERS | ADDITIONAL | {"sam", "charlie"},
    # ... each reviewing State the instruments it was drawn for (P 28), the whole (and so the PDF) only
    # where it covers every instrument; another State what was released to it (P 41)
    ("read_whole", "drafting", False): AUSTRIA | REVIEWERS | {"sam"},
    ("read_whole", "submitted", False): AUSTRIA | REVIEWERS | {"sam"},
    ("read_whole", "submitted", True): AUSTRIA | REVIEWERS | {"sam", "charlie", "dora"},
    ("read_untoc", "drafting", False): AUSTRIA | REVIEWERS | {"sam"},
    ("read_untoc", "submitted", False): AUSTRIA | REVIEWERS | {"sam"},
    ("read_untoc", "submitted", True): AUSTRIA | REVIEWERS | {"sam", "charlie", "dora"},
    ("read_tip", "drafting", False): AUSTRIA | REVIEWERS | ADDITIONAL | {"sam"},
    ("read_tip", "submitted", False): AUSTRIA | REVIEWERS | ADDITIONAL | {"sam"},
    ("read_tip", "submitted", True): AUSTRIA | REVIEWERS | ADDITIONAL | {"sam", "charlie"},
    # the focal point opens its State's questionnaire (P 17, P 18)
    ("open", "drafting", False): {"alice"},
    ("open", "submitted", False): {"alice"},
    # a drafter writes only the sections given to it (carl: the Convention's), while drafting (P 22)
    ("draft_untoc", "drafting", False): {"alice", "carl"},
    ("draft_untoc", "submitted", False): set(),
    ("draft_tip", "drafting", False): {"alice"},
    ("draft_tip", "submitted", False): set(),
    # the focal point assigns, reuses and submits while drafting (P 17, P 22)
    ("manage", "drafting", False): {"alice"},
    ("manage", "submitted", False): set(),
    # the secretariat reopens a submission on the State's request (P 19) and changes the agreed date (P 33)
    ("reopen", "drafting", False): set(),
    ("reopen", "submitted", False): {"sam"},
    ("change_deadline", "drafting", False): {"sam"},
    ("change_deadline", "submitted", False): {"sam"},
}

POLICIES = {
    "view_draft": permissions.can_view_draft,
    "view_submissions": permissions.can_view_submissions,
    "manage": permissions.can_manage,
    "reopen": permissions.can_reopen,
    "change_deadline": lambda user, response: permissions.can_change_deadline(user),
    "read_whole": lambda user, response: permissions.reads_whole_submission(
        user, response, [{"instrument": code} for code in ("UNTOC", "TIP", "SOM", "FIREARMS")]
    ),
    "read_untoc": lambda user, response: permissions.reads_whole_submission(user, response, [{"instrument": "UNTOC"}]),
    "read_tip": lambda user, response: permissions.reads_whole_submission(user, response, [{"instrument": "TIP"}]),
    "open": lambda user, response: permissions.can_open(user, response.state),
    # the two answers of the drafting rule agree: one section, and the ids the answering page reads
    "draft_untoc": lambda user, response: permissions.can_draft(user, section_of(response, "UNTOC")),
    "draft_tip": lambda user, response: (
        section_of(response, "TIP").pk in permissions.drafting_section_ids(user, response)
    ),
}


@pytest.fixture
def personas(review, people, stakeholder):  # noqa: F811
    deu = State.objects.get(code="DEU")
    confirmed_drawing(under_review="AUT", reviewers=[("DEU", "additional", ["TIP"])], year=None)
    dora = member(
        UserFactory(username="dora"), Role.GOVERNMENTAL_EXPERT, state=deu, instrument=Instrument.objects.get(code="TIP")
    )
    account_services.appoint_focal_point(state=deu, user=UserFactory(username="dieter"))
    review._covers = None
    named = {name: people[name] for name in PERSONAS if name in people}
    return {**named, "dora": dora, "stakeholder": stakeholder}


def response_at(review, people, stage):  # noqa: F811
    if stage == "submitted":
        advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    else:
        advance(review, people, ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=review.state, phase=review.phase)
    assert response.status == {"drafting": ResponseStatus.DRAFTING, "submitted": ResponseStatus.SUBMITTED}[stage]
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["drafting", "submitted"])
def test_responses_policies_truth_table_P19_P22_P33_P41(review, people, personas, stage):  # noqa: F811
    response = response_at(review, people, stage)
    permissions.grant_drafting(section_of(response, "UNTOC"), people["carl"])
    for released in (False, True):
        if released:
            if stage == "drafting":
                continue
            disclosure.disclose(
                state=response.state,
                phase=response.phase,
                material=Material.RESPONSES,
                audience=Audience.STATES_PARTIES,
                by=people["alice"],
            )
        for name, policy in POLICIES.items():
            key = (name, stage, released)
            expected = EXPECTED.get(key, EXPECTED.get((name, stage, False)))
            got = {who for who, user in personas.items() if policy(user, response)}
            assert got == expected, (key, got ^ expected)


@pytest.mark.django_db
def test_a_reviewing_state_reads_its_instruments_and_a_released_section_adds_to_them_P28_P41(review, people, personas):  # noqa: F811
    response = response_at(review, people, "submitted")
    # France and Brazil review the four instruments in this world; Kenya nothing, the State and secretariat all
    assert permissions.readable_instruments(people["alice"], response) is None
    assert permissions.readable_instruments(people["sam"], response) is None
    assert permissions.readable_instruments(people["charlie"], response) == frozenset()
    disclosure.disclose(
        state=response.state,
        phase=response.phase,
        material=Material.RESPONSES,
        audience=Audience.STATES_PARTIES,
        parts={"TIP": "Trafficking in Persons Protocol"},
        by=people["alice"],
    )
    assert permissions.readable_instruments(people["charlie"], response) == frozenset({"TIP"})
    assert permissions.readable_instruments(personas["stakeholder"], response) == frozenset()
