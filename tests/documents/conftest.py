import pytest

from documents import services
from documents.sources import TypedSource
from sherloc.accounts.enums import Role
from tests.factories import UserFactory, member


@pytest.fixture
def officer(db):
    return member(UserFactory(username="olga"), Role.CONFERENCE_OFFICER)


@pytest.fixture
def people(db, state, secretariat, officer, focal_point, stakeholder):
    """One user of each kind that reads documents (STYLE.md personas)."""
    return {
        "secretariat": secretariat,
        "officer": officer,
        "focal_point": focal_point,
        "expert": member(UserFactory(username="ernst"), Role.GOVERNMENTAL_EXPERT, state=state, instrument=_untoc()),
        "contributor": member(UserFactory(username="conny"), Role.NATIONAL_CONTRIBUTOR, state=state),
        "observer": member(UserFactory(username="otto"), Role.OBSERVER, state=state),
        "stakeholder": stakeholder,
        "no_role": UserFactory(username="nobody"),
    }


def _untoc():
    from sherloc.registry.models import Instrument

    return Instrument.objects.get(code="UNTOC")


def typed(title="Good practices in mutual legal assistance", *, language="en", text=None, state=None, restricted=False):
    return TypedSource(
        title=title,
        language=language,
        text=text or "First paragraph of the paper.\n\nSecond paragraph, with <b>markup</b> & an ampersand.",
        state=state,
        restricted=restricted,
    )


def issue(by, *, groups=("WG.3",), session="Thirteenth session (2027)", **kwargs):
    return services.issue_crp(source=typed(**kwargs), working_groups=list(groups), session=session, by=by)
