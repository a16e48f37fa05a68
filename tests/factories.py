import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from sherloc.accounts import services
from sherloc.accounts.models import Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a long test password")


def member(user, role, **kwargs):
    """Grant a role through the real service; organisations for non-State roles."""
    if "state" not in kwargs and "organisation" not in kwargs:
        kwargs["organisation"], _ = Organisation.objects.get_or_create(
            name=f"{role} office", defaults={"kind": "unodc"}
        )
    services.grant_membership(user=user, role=role, **kwargs)
    return user


# -- drawing of lots ------------------------------------------------------------------------

REVIEWED_INSTRUMENTS = ("UNTOC", "TIP", "SOM", "FIREARMS")


def _state(code: str):
    from sherloc.registry.models import State

    return State.objects.get(code=code)


def _the_confirmed_drawing():
    """The review process has one confirmed drawing: reuse it, or write one."""
    from lots.enums import SessionStatus
    from lots.models import DrawingSession

    drawing = DrawingSession.objects.filter(status=SessionStatus.CONFIRMED).first()
    return drawing or DrawingSessionFactory()


class DrawingSessionFactory(factory.django.DjangoModelFactory):
    """A confirmed drawing of lots, written directly (no log: the draw itself is tested in tests/lots)."""

    class Meta:
        model = "lots.DrawingSession"

    meeting = "Joint intersessional meeting of the working groups"
    meeting_date = datetime.date(2026, 6, 1)
    seed = "00"
    inputs = factory.LazyFunction(list)
    status = "confirmed"
    opened_by = factory.SubFactory(UserFactory)
    confirmed_by = factory.SelfAttribute("opened_by")
    confirmed_at = factory.LazyFunction(timezone.now)


class YearGroupPlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lots.YearGroupPlacement"

    session = factory.LazyFunction(_the_confirmed_drawing)
    state = factory.LazyFunction(lambda: _state("AUT"))
    year = 1


class ReviewingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lots.ReviewingAssignment"

    session = factory.LazyFunction(_the_confirmed_drawing)
    under_review = factory.LazyFunction(lambda: _state("AUT"))
    reviewer = factory.LazyFunction(lambda: _state("FRA"))
    role = "same_region"
    instruments = factory.LazyFunction(lambda: list(REVIEWED_INSTRUMENTS))


def confirmed_drawing(
    *,
    under_review: str | None = None,
    reviewers=(),
    year: int | None = 1,
    pairs: dict | None = None,
    groups: dict[str, int] | None = None,
    instruments=REVIEWED_INSTRUMENTS,
    opened_by=None,
):
    """The outcome of a confirmed drawing of lots (P 16, P 28) in one call.

    ``confirmed_drawing(under_review="AUT", reviewers=["FRA", "BRA"])``: Austria in year
    group 1, France from its regional group, Brazil from another, for the four
    instruments. A reviewer is a code (the first is ``same_region``, the next
    ``other_region``) or ``(code, role, instruments)``, e.g. ``("MEX", "other_region",
    ["UNTOC"])``. Several States: ``pairs={"AUT": [...], ...}`` and
    ``groups={"AUT": 1, ...}``; ``year=None`` writes no year group. The confirmed drawing
    is reused when there is one, so the call may be repeated.
    """
    from lots.enums import SessionStatus
    from lots.models import DrawingSession, YearGroupPlacement

    drawing = DrawingSession.objects.filter(status=SessionStatus.CONFIRMED).first() or DrawingSessionFactory(
        **({"opened_by": opened_by} if opened_by is not None else {})
    )
    pairs = dict(pairs or {})
    groups = dict(groups or {})
    if under_review is not None:
        pairs[under_review] = list(reviewers)
        if year is not None:
            groups.setdefault(under_review, year)
    for code, group in groups.items():
        if not YearGroupPlacement.objects.filter(state__code=code).exists():
            YearGroupPlacementFactory(session=drawing, state=_state(code), year=group)
    for code, chosen in pairs.items():
        for i, reviewer in enumerate(chosen):
            if isinstance(reviewer, str):
                reviewer = (reviewer, "same_region" if i == 0 else "other_region", list(instruments))
            reviewer_code, role, covered = reviewer
            ReviewingAssignmentFactory(
                session=drawing,
                under_review=_state(code),
                reviewer=_state(reviewer_code),
                role=role,
                instruments=list(covered),
            )
    return drawing
