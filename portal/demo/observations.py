"""Outcomes in the demo world (called by `seed_demo` after the reviews demo), made through the real
services (P 37–39):

- Austria's phase-1 review leaves the constructive dialogue, its list of observations is drafted
  by a reviewing State's expert, commented on by Austria, revised, and agreed by all parties to the
  same version: the review is complete (P 9);
- a second demo State's review is at "list of observations", version 1 agreed by the State under
  review and withdrawn by the reviewing State's later edit (version 2 under discussion);
- a third demo State's review takes over the role of the review in constructive dialogue;
- Austria's final desk review report is started by the secretariat, its draft asked for by Austria,
  submitted to the reviewing States and agreed by every party.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from observations import services
from observations.models import FinalReport, ObservationList
from portal.demo.responses import submit_demo_response
from portal.demo.reviews import _agree, _focal_point, _reviewer_fps
from reviews import permissions as review_permissions
from reviews import selectors as review_selectors
from reviews import services as reviews
from reviews.enums import ReviewStatus
from reviews.models import CountryReview
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.registry.models import State, WorkplanPhase

UNDER_DISCUSSION_CANDIDATES = ["FRA", "BRA", "POL", "NGA", "ZAF", "IDN", "ROU", "JPN"]
DIALOGUE_CANDIDATES = ["POL", "NGA", "BRA", "FRA", "ZAF", "IDN", "ROU", "JPN"]


def _scheduled(phase, codes, taken: set[str]) -> CountryReview | None:
    for code in codes:
        if code in taken:
            continue
        review = (
            CountryReview.objects.filter(phase=phase, state__code=code, status=ReviewStatus.SCHEDULED)
            .select_related("state", "phase")
            .first()
        )
        if review is not None and review_permissions.reviewer_ids(review):
            return review
    return None


def _drafter(state: State, fallback):
    """The reviewing State's governmental expert where the demo has one (P 37), else its focal point."""
    membership = (
        Membership.objects.active()
        .filter(state=state, role=Role.GOVERNMENTAL_EXPERT, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else fallback


def _to_dialogue(review: CountryReview, password: str) -> CountryReview:
    """A review walked through consultations, responses and written feedback to the dialogue."""
    fp = _focal_point(review.state, password)
    reviewer_fps = _reviewer_fps(review, password)
    review = reviews.open_consultations(review, by=fp)
    review = _agree(review, fp, reviewer_fps, language="en", responses_due=timezone.localdate() + dt.timedelta(days=60))
    submit_demo_response(review.state, review.phase, fp)
    review.refresh_from_db()
    reviewers = sorted(reviewer_fps)
    allocations = {}
    for i, article in enumerate(review_selectors.articles_in_scope(review)):
        able = [s for s in reviewers if review_permissions.reviewer_covers(review, s, article)]
        allocations[article.pk] = (State.objects.get(pk=able[i % len(able)]), None)
    reviews.allocate_articles(review, by=reviewer_fps[reviewers[0]], allocations=allocations)
    review = reviews.start_feedback(review, by=reviewer_fps[reviewers[0]])
    for article in review_selectors.articles_in_scope(review):
        reviews.write_feedback(
            review,
            article=article,
            by=reviewer_fps[allocations[article.pk][0].pk],
            measures=f"The responses describe the measures taken for {article}.",
            challenges="Statistics on cases are partial.",
        )
    review = reviews.send_feedback(review, by=reviewer_fps[reviewers[0]])
    reviews.post_message(
        reviews.general_thread(review),
        by=fp,
        body="Thank you for the feedback; our answers to the questions follow.",
        idempotency_key=uuid.uuid4(),
    )
    return review


def _items(review, texts: list[tuple[str, str]]) -> list[dict]:
    articles = review_selectors.articles_in_scope(review)
    return [
        {"kind": kind, "text": text, "articles": [articles[i % len(articles)].pk]}
        for i, (kind, text) in enumerate(texts)
    ]


AUSTRIA_V1 = [
    ("gap", "Data on investigations and prosecutions of organized crime offences are not collected nationally."),
    ("good_practice", "A specialised prosecution office coordinates cases of transnational organized crime."),
    ("assistance", "Training of judges on the use of special investigative techniques."),
]
AUSTRIA_V2 = [
    (
        "gap",
        "Data on investigations, prosecutions and convictions for organized crime offences are not collected "
        "nationally in a consolidated way.",
    ),
    ("good_practice", "A specialised prosecution office coordinates cases of transnational organized crime."),
    ("assistance", "Training of judges and prosecutors on the use of special investigative techniques."),
    ("assistance", "Support to draft legislation on the protection of witnesses who cooperate with justice."),
]


def _austria(review: CountryReview, secretariat, password: str) -> CountryReview:
    fp = _focal_point(review.state, password)
    reviewer_fps = _reviewer_fps(review, password)
    lead = min(reviewer_fps, key=lambda pk: State.objects.get(pk=pk).name)
    drafter = _drafter(State.objects.get(pk=lead), reviewer_fps[lead])
    review = reviews.close_dialogue(review, by=fp, note="The constructive dialogue is over (demo).")
    services.save_list(review=review, items=_items(review, AUSTRIA_V1), by=drafter)
    services.comment_list(
        review=review,
        text="The data gap concerns convictions too; could the observation say so? Judges and prosecutors both need the training.",
        by=fp,
    )
    version = services.save_list(
        review=review, items=_items(review, AUSTRIA_V2), by=secretariat, note="Austria's comments taken in."
    )
    for user in [fp, *reviewer_fps.values()]:
        services.agree_list(review=review, version_number=version.number, by=user)
    review.refresh_from_db()
    return review


def _under_discussion(review: CountryReview, password: str) -> CountryReview:
    fp = _focal_point(review.state, password)
    reviewer_fps = _reviewer_fps(review, password)
    lead = min(reviewer_fps, key=lambda pk: State.objects.get(pk=pk).name)
    drafter = _drafter(State.objects.get(pk=lead), reviewer_fps[lead])
    review = reviews.close_dialogue(review, by=fp)
    texts = [
        ("gap", "The offence of participation in an organized criminal group does not cover agreement alone."),
        ("assistance", "Support to set up a case-management system shared by police and prosecutors."),
    ]
    first = services.save_list(review=review, items=_items(review, texts), by=drafter)
    services.agree_list(review=review, version_number=first.number, by=fp)
    texts.append(("good_practice", "Joint investigation teams are set up with neighbouring States."))
    services.save_list(review=review, items=_items(review, texts), by=drafter, note="A good practice added.")
    return review


REPORT_TEXTS = {
    "introduction": "Austria was reviewed in the first phase by its two reviewing States, with English as working language.",
    "process": (
        "Austria submitted its responses through the secure module. The reviewing States sent their written "
        "feedback; a constructive dialogue followed in writing and by videoconference."
    ),
    "implementation": "The measures in place are summarised in the list of observations issued for the phase.",
    "good-practices": "The coordination of complex cases by one specialised office was noted with interest.",
    "follow-up": "Austria reported that a consolidated statistics project started after the dialogue.",
    "conclusions": "The parties thanked one another and the secretariat for a constructive review.",
}


def _austria_report(state: State, secretariat, password: str) -> FinalReport:
    fp = _focal_point(state, password)
    report = services.start_report(state=state, by=secretariat, language="en")
    services.save_report(report=report, texts=REPORT_TEXTS, by=secretariat)
    services.request_draft(report=report, by=fp)
    services.share_draft(report=report, by=secretariat)
    review = CountryReview.objects.filter(state=state).first()
    version = report.current_version()
    for user in [fp, *_reviewer_fps(review, password).values()]:
        services.agree_report(report=report, version_number=version.number, by=user)
    report.refresh_from_db()
    return report


@transaction.atomic
def seed_observations_demo() -> str:
    if ObservationList.objects.exists():
        return "lists of observations already seeded"
    secretariat = get_user_model().objects.get(username="secretariat-1")
    phase = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number").first()
    austria = CountryReview.objects.filter(phase=phase, state__code="AUT", status=ReviewStatus.DIALOGUE).first()
    if austria is None:
        return "lists of observations: Austria's review is not in dialogue"
    password = make_password(settings.DEMO_PASSWORD)
    austria = _austria(austria, secretariat, password)
    taken = set(CountryReview.objects.exclude(status=ReviewStatus.SCHEDULED).values_list("state__code", flat=True))
    second = _scheduled(phase, UNDER_DISCUSSION_CANDIDATES, taken)
    if second is not None:
        second = _under_discussion(_to_dialogue(second, password), password)
        taken.add(second.state.code)
    third = _scheduled(phase, DIALOGUE_CANDIDATES, taken)
    if third is not None:
        third = _to_dialogue(third, password)
    report = _austria_report(austria.state, secretariat, password)
    return (
        f"outcomes: {austria.state}'s review {austria.get_status_display()} with its list agreed; "
        f"list under discussion: {second.state if second else 'none'}; "
        f"in dialogue: {third.state if third else 'none'}; "
        f"final report of {report.state}: {'final' if report.is_final else 'draft'}"
    )
