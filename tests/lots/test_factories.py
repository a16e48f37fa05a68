"""The confirmed-drawing factory writes what the lots selectors then answer."""

from lots.models import DrawingSession, ReviewingAssignment
from lots.selectors import assignments_of
from sherloc.registry.models import State
from tests.factories import UserFactory, confirmed_drawing


def test_one_call_gives_a_state_its_year_group_and_its_two_reviewers_P16_P28(db):
    drawing = confirmed_drawing(under_review="AUT", reviewers=["FRA", "BRA"])
    result = assignments_of(State.objects.get(code="AUT"))
    assert result["year"] == 1
    assert [(a.reviewer.code, a.role, a.instruments) for a in result["reviewed_by"]] == [
        ("BRA", "other_region", ["UNTOC", "TIP", "SOM", "FIREARMS"]),
        ("FRA", "same_region", ["UNTOC", "TIP", "SOM", "FIREARMS"]),
    ]
    assert drawing.status == "confirmed" and drawing.confirmed_by == drawing.opened_by


def test_repeated_calls_share_the_one_confirmed_drawing_and_take_roles_and_instruments(db):
    sam = UserFactory(username="sam-factory")
    first = confirmed_drawing(pairs={"AUT": ["FRA", "BRA"], "KEN": ["NGA"]}, groups={"AUT": 1, "KEN": 2}, opened_by=sam)
    again = confirmed_drawing(under_review="MEX", reviewers=[("AUT", "other_region", ["UNTOC"])], year=None)
    assert first == again and first.opened_by == sam and DrawingSession.objects.count() == 1
    mex = ReviewingAssignment.objects.get(under_review__code="MEX")
    assert (mex.reviewer.code, mex.role, mex.instruments) == ("AUT", "other_region", ["UNTOC"])
    assert assignments_of(State.objects.get(code="MEX"))["year"] is None
    assert assignments_of(State.objects.get(code="KEN"))["year"] == 2
