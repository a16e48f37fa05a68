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


# -- questionnaires and responses -----------------------------------------------------------


def adopted_questionnaires() -> dict:
    """The shipped questionnaires imported and adopted, by instrument code; the Convention's version
    ("test-1") holds a question of every kind (EXTRA in tests/responses/conftest.py)."""
    from questionnaires import services
    from questionnaires.definitions import parse
    from tests.responses.conftest import EXTRA, SHIPPED

    adopted = {}
    for path in sorted(SHIPPED.glob("*.json")):
        data = parse(path.read_text(encoding="utf-8"))
        if data["instrument"] == "UNTOC":
            data["version"] = "test-1"
            section = next(s for s in data["sections"] if s["cluster"] == "criminalization")
            section["questions"].extend(EXTRA)
        questionnaire, _ = services.import_definition(data)
        services.adopt(questionnaire, decision_reference="test")
        adopted[data["instrument"]] = questionnaire
    return adopted


def answer_everything(response, by):
    """Give every mandatory answer through the service, as the drafters would."""
    from responses import selectors, services
    from tests.responses.conftest import Form

    while True:
        missing = selectors.draft(response).missing()
        if not missing:
            return
        for _view, q in missing:
            if q.kind == "yes_no_partly":
                data = Form(value="yes")
            elif q.kind == "legislation":
                data = Form(title="Criminal Code", article="§ 278", link="https://www.ris.bka.gv.at/", text="")
            elif q.kind == "short_text":
                data = Form(value="A case from 2024.")
            elif q.kind == "multiple_choice":
                data = Form(value=["courts"])
            else:
                data = Form(value=q.choices[0]["value"])
            current = response.answers.filter(question=q).first()
            services.save_answer(
                response=response, question=q, data=data, expected_version=current.version if current else 0, by=by
            )


def response(*, state, by, phase=1, language="en", deadline=None, answered=False, submitted=False):
    """A State's response to the questionnaires of a phase, opened by its focal point `by` through the
    service: empty, with every mandatory answer given (`answered`), or submitted (P 19). The
    questionnaires must be adopted first (adopted_questionnaires)."""
    from responses import services
    from sherloc.registry.models import WorkplanPhase

    if isinstance(phase, int):
        phase = WorkplanPhase.objects.get(number=phase)
    if isinstance(state, str):
        state = _state(state)
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=90)
    opened = services.open_response(state=state, phase=phase, language=language, deadline=deadline, by=by)
    if answered or submitted:
        answer_everything(opened, by)
    if submitted:
        services.submit(response=opened, by=by)
        opened.refresh_from_db()
    return opened


# -- country reviews: any stage, walked through the real services ---------------------------


def agree(review, people, **frames):
    """P 30: the State under review proposes; each reviewing State (France, Brazil and any other
    drawn) confirms through its focal point."""
    from reviews import permissions, services
    from sherloc.accounts.enums import Role
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


def submit_responses(review, people):
    """P 19: the State under review answers every mandatory question and submits through the module."""
    from responses import services as responses
    from responses.models import Response

    opened = Response.objects.get(state=review.state, phase=review.phase)
    answer_everything(opened, people["alice"])
    responses.submit(response=opened, by=people["alice"])
    review.refresh_from_db()
    return review


def feedback_on_every_article(review, people):
    """P 34: the articles in scope are shared between France (bob) and Brazil (bea), each writes its
    feedback on its half."""
    from reviews import selectors, services

    articles = selectors.articles_in_scope(review)
    half = len(articles) // 2
    for i, article in enumerate(articles):
        author = people["bob"] if i < half else people["bea"]
        services.write_feedback(review, article=article, by=author, measures=f"Measures on {article}")


def advance(review, people, to: str):
    """Walk a review through the real services up to `to`: the people of tests/reviews/conftest.py
    (alice for the State under review; bob, bea and bruno for France and Brazil reviewing)."""
    from reviews import selectors, services
    from reviews.enums import ReviewStatus

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
            review = agree(
                review, people, language="fr", responses_due=timezone.localdate() + datetime.timedelta(days=90)
            )
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
            feedback_on_every_article(review, people)
            review = services.send_feedback(review, by=bob)
        elif status == ReviewStatus.DIALOGUE:
            review = services.close_dialogue(review, by=alice)
        elif status == ReviewStatus.OBSERVATIONS:
            # P 39, P 9: only the agreement of every party to the same version of the list completes it
            from tests.observations.helpers import finalise_list

            review = finalise_list(review, people)
    return review


def country_review(people, *, status=None, under_review="AUT", reviewers=("FRA", "BRA"), phase=1, year_group=1):
    """A State's country review in any stage (P 25–P 39): the drawing confirmed, the phase opened for
    the State's year group by the secretariat (people["sam"]), then walked to `status` by advance().
    The questionnaires must be adopted first (adopted_questionnaires) for any stage past consultations."""
    from reviews import services
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview, PhaseAdvancement
    from sherloc.registry.models import WorkplanPhase

    if isinstance(phase, int):
        phase = WorkplanPhase.objects.get(number=phase)
    confirmed_drawing(
        under_review=under_review, reviewers=list(reviewers), year=year_group, opened_by=people.get("sam")
    )
    if not PhaseAdvancement.objects.filter(phase=phase, year_group=year_group).exists():
        services.open_phase(phase=phase, year_group=year_group, by=people["sam"])
    review = CountryReview.objects.get(state__code=under_review, phase=phase)
    return advance(review, people, status or ReviewStatus.SCHEDULED)


# -- the constructive dialogue --------------------------------------------------------------


def dialogue_thread(review, *, by, article=None, messages=1, files_per_message=0, body="Message {n}"):
    """The review's general thread, or a thread on `article` opened by `by`, with `messages` messages
    posted by `by` through the archive's service, each carrying `files_per_message` text files
    (minutes-<n>-<i>.txt). Returns the thread."""
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews import services

    thread = (
        services.general_thread(review)
        if article is None
        else services.open_article_thread(review, article=article, by=by)
    )
    start = thread.messages.count()
    for n in range(start + 1, start + messages + 1):
        files = [
            SimpleUploadedFile(f"minutes-{n}-{i}.txt", f"Minutes {n}.{i}".encode()) for i in range(files_per_message)
        ]
        services.post_message(thread, by=by, body=body.format(n=n), idempotency_key=uuid.uuid4(), files=files)
    return thread
