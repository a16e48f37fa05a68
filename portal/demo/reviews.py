"""Country reviews in the demo world (called by `seed_demo`), made through the real services.

- the first review phase opens for every group of the confirmed drawing;
- one demo State's review is in constructive dialogue, with written feedback, a question
  answered in place, messages, a videoconference record, a correction and an attachment;
- another demo State's review has a deadline that has passed;
- a third is in "written feedback due", the feedback due in 7 days (reminders to both reviewing States).
Reviewing States without a focal point get one (`fp-<iso3>`), with the demo password and TOTP secret.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from lots import selectors as lots
from portal.demo.responses import submit_demo_response
from responses.models import Response
from reviews import permissions, selectors, services
from reviews.enums import DeadlineKind, MessageKind, QuestionKind
from reviews.models import CountryReview, Deadline, PhaseAdvancement
from sherloc.accounts import services as account_services
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.notifications.refs import review_ref
from sherloc.notifications.services import follow
from sherloc.registry.models import State, WorkplanPhase

DIALOGUE_CANDIDATES = ["AUT", "FRA", "JPN", "BRA", "NGA", "POL"]
OVERDUE_CANDIDATES = ["MEX", "ZAF", "IDN", "ROU"]
FEEDBACK_CANDIDATES = ["JPN", "POL", "NGA", "BRA", "FRA", "ZAF", "IDN", "ROU"]


def _focal_point(state: State, password: str):
    membership = Membership.objects.active().filter(state=state, role=Role.FOCAL_POINT).select_related("user").first()
    if membership is not None:
        return membership.user
    user, _created = get_user_model().objects.get_or_create(
        username=f"fp-{state.code.lower()}",
        defaults={
            "first_name": "Focal point",
            "last_name": state.name,
            "email": f"fp-{state.code.lower()}@demo.sherloc.example",
            "password": password,
        },
    )
    account_services.set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    account_services.appoint_focal_point(state=state, user=user)
    return user


def _first_review(phase, codes) -> CountryReview | None:
    for code in codes:
        review = CountryReview.objects.filter(phase=phase, state__code=code).select_related("state", "phase").first()
        if review is not None and permissions.reviewer_ids(review):
            return review
    return None


@transaction.atomic
def seed_reviews_demo() -> str:
    secretariat = get_user_model().objects.get(username="secretariat-1")
    phase = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number").first()
    if phase is None or not lots.year_groups():
        return "country reviews: no workplan or no confirmed drawing"
    if PhaseAdvancement.objects.filter(phase=phase).exists():
        return "country reviews already seeded"
    for group in lots.year_groups():
        services.open_phase(phase=phase, year_group=group, by=secretariat)
    password = make_password(settings.DEMO_PASSWORD)
    dialogue = _first_review(phase, DIALOGUE_CANDIDATES)
    overdue = _first_review(phase, [c for c in OVERDUE_CANDIDATES if not dialogue or c != dialogue.state.code])
    if dialogue is not None:
        follow(user=secretariat, ref=review_ref(dialogue.state_id, dialogue.phase_id))  # kept abreast (P 32)
        _in_dialogue(dialogue, secretariat, password)
    if overdue is not None:
        _overdue(overdue, password)
    taken = {r.state.code for r in (dialogue, overdue) if r is not None}
    feedback = _first_review(phase, [c for c in FEEDBACK_CANDIDATES if c not in taken])
    if feedback is not None:
        _feedback_due(feedback, password)
    return (
        f"country reviews: phase “{phase}” open, {CountryReview.objects.count()} reviews; "
        f"in dialogue: {dialogue.state if dialogue else 'none'}; deadline passed: {overdue.state if overdue else 'none'}; "
        f"feedback due in 7 days: {feedback.state if feedback else 'none'}"
    )


def _in_dialogue(review: CountryReview, secretariat, password: str) -> None:
    fp = _focal_point(review.state, password)
    reviewers = list(State.objects.filter(pk__in=permissions.reviewer_ids(review)).order_by("name"))
    reviewer_fps = _reviewer_fps(review, password)
    today = timezone.localdate()
    review = services.open_consultations(review, by=fp, note="Consultations by videoconference (demo).")
    review = _agree(
        review,
        fp,
        reviewer_fps,
        language="en",
        responses_due=today + dt.timedelta(days=60),
        dialogue_due=today + dt.timedelta(days=240),
    )
    articles = selectors.articles_in_scope(review)
    lead = reviewers[0]
    allocations = {}
    for i, article in enumerate(articles):
        able = [s for s in reviewers if permissions.reviewer_covers(review, s.pk, article)]
        allocations[article.pk] = (able[i % len(able)], None)
    services.allocate_articles(review, by=reviewer_fps[lead.pk], allocations=allocations)
    review = services.start_feedback(review, by=reviewer_fps[lead.pk])
    first_feedback = None
    for article in articles:
        reviewer = allocations[article.pk][0]
        feedback = services.write_feedback(
            review,
            article=article,
            by=reviewer_fps[reviewer.pk],
            measures=f"The legislation cited in the responses covers {article}.",
            successes="Recent convictions show the provision is applied.",
            challenges="Data on cases are not collected nationally.",
        )
        first_feedback = first_feedback or feedback
    question = services.ask_question(
        first_feedback,
        by=reviewer_fps[first_feedback.reviewer_id],
        kind=QuestionKind.CLARIFICATION,
        text="Could you share the text of the amendment adopted last year?",
    )
    review = services.send_feedback(review, by=reviewer_fps[lead.pk])
    question.refresh_from_db()
    services.answer_question(question, by=fp, answer="The amendment is attached in the dialogue thread.")
    thread = services.general_thread(review)
    post = services.post_message
    post(
        thread,
        by=reviewer_fps[lead.pk],
        body="Our written feedback is in the module. We look forward to the dialogue.",
        idempotency_key=uuid.uuid4(),
    )
    wrong, _created = post(
        thread, by=fp, body="Thank you. The amendment entered into force in 2019.", idempotency_key=uuid.uuid4()
    )
    post(
        thread,
        by=fp,
        body="Correction: the amendment entered into force in 2020. The text is attached.",
        corrects=wrong,
        idempotency_key=uuid.uuid4(),
        files=[SimpleUploadedFile("amendment-2020.txt", b"Text of the 2020 amendment (demo).", "text/plain")],
    )
    post(
        thread,
        by=secretariat,
        kind=MessageKind.VIDEOCONFERENCE_RECORD,
        held_on=today,
        body="Videoconference of the three States with the secretariat: the follow-up questions were agreed.",
        idempotency_key=uuid.uuid4(),
    )


def _agree(review: CountryReview, fp, reviewer_fps: dict, **frames) -> CountryReview:
    """The State under review proposes the time frames; each reviewing State confirms (P 30)."""
    proposal = services.propose_time_frames(review, by=fp, **frames)
    for user in reviewer_fps.values():
        services.confirm_time_frames(proposal, by=user)
    review.refresh_from_db()
    return review


def _reviewer_fps(review: CountryReview, password: str) -> dict:
    reviewers = State.objects.filter(pk__in=permissions.reviewer_ids(review)).order_by("name")
    return {s.pk: _focal_point(s, password) for s in reviewers}


def _overdue(review: CountryReview, password: str) -> None:
    fp = _focal_point(review.state, password)
    review = services.open_consultations(review, by=fp)
    review = _agree(
        review,
        fp,
        _reviewer_fps(review, password),
        language="es",
        responses_due=timezone.localdate() + dt.timedelta(days=30),
    )
    # demo only: move the agreed date into the past so the portal shows a deadline that has passed
    passed = timezone.localdate() - dt.timedelta(days=5)
    Response.objects.filter(state=review.state, phase=review.phase).update(deadline=passed)


def _feedback_due(review: CountryReview, password: str) -> None:
    """A review whose written feedback is due in 7 days: `manage.py reminders --dry-run` shows the
    reminders to both reviewing States on the day the demo is built (P 17, P 34)."""
    fp = _focal_point(review.state, password)
    reviewer_fps = _reviewer_fps(review, password)
    review = services.open_consultations(review, by=fp)
    review = _agree(review, fp, reviewer_fps, language="en", responses_due=timezone.localdate() + dt.timedelta(days=90))
    submit_demo_response(review.state, review.phase, fp)
    review.refresh_from_db()
    reviewers = sorted(reviewer_fps)
    articles = selectors.articles_in_scope(review)
    allocations = {}
    for i, article in enumerate(articles):
        able = [s for s in reviewers if permissions.reviewer_covers(review, s, article)]
        allocations[article.pk] = (State.objects.get(pk=able[i % len(able)]), None)
    services.allocate_articles(review, by=reviewer_fps[reviewers[0]], allocations=allocations)
    review = services.start_feedback(review, by=reviewer_fps[reviewers[0]])
    # demo only: bring the feedback deadline (six months after receipt) to a week from today
    Deadline.objects.filter(review=review, kind=DeadlineKind.FEEDBACK).update(
        due=timezone.localdate() + dt.timedelta(days=7)
    )
