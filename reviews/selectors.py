"""Reads of country reviews shared by views and tasks, already filtered by what the user may see.

Every list is alphabetical by State (P 3(b): no screen ranks States).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from lots import selectors as lots
from responses.enums import ResponseStatus
from responses.selectors import responses_by_pair
from sherloc.notifications.refs import parse_review_ref
from sherloc.notifications.selectors import followed_refs
from sherloc.registry.disclosure import publishable_total, suppress_small_cells
from sherloc.registry.enums import TreatyStatusKind
from sherloc.registry.models import Article, Instrument, MechanismSettings, State, WorkplanPhase
from sherloc.registry.selectors import articles_for, parties_to
from sherloc.web.pages import neighbours

from . import permissions
from .enums import DeadlineKind, ReviewStatus
from .models import (
    ArticleAllocation,
    CountryReview,
    Deadline,
    DialogueThread,
    Feedback,
    FeedbackQuestion,
    Message,
    PhaseAdvancement,
    ReadMarker,
    TimeFrameConfirmation,
)


def _with_deadlines(reviews: QuerySet) -> list[CountryReview]:
    """Reviews with every deadline they carry, the date for the responses included, in three queries."""
    reviews = list(
        reviews.select_related("state", "phase__cluster").prefetch_related(
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due", "kind"), to_attr="all_deadlines")
        )
    )
    found = responses_by_pair((r.state_id, r.phase_id) for r in reviews)
    for review in reviews:
        _add_responses_deadline(review, found.get((review.state_id, review.phase_id)))
    return reviews


def _add_responses_deadline(review: CountryReview, response) -> None:
    """The date for the responses is the response's own (P 33): shown among the review's deadlines,
    met when the State submitted, never stored twice."""
    if response is None or review.status in (ReviewStatus.SCHEDULED, ReviewStatus.CONSULTATIONS):
        return
    met = review.responses_received_at if response.status == ResponseStatus.SUBMITTED else None
    review.all_deadlines.append(Deadline(review=review, kind=DeadlineKind.RESPONSES, due=response.deadline, met_at=met))
    review.all_deadlines.sort(key=lambda d: (d.due, d.kind))


def deadlines_of(review: CountryReview) -> list[Deadline]:
    """Every deadline of one review, the date for the responses included, by date."""
    return _with_deadlines(CountryReview.objects.filter(pk=review.pk))[0].all_deadlines


def next_deadline(review: CountryReview) -> Deadline | None:
    """What is due next: the earliest deadline not yet met."""
    return next((d for d in review.all_deadlines if d.met_at is None), None)


def access_review(user, pk: int) -> tuple[CountryReview, permissions.Participation]:
    """Fetch and authorise: a review the user may not see is not found (Zulip's access_*)."""
    review = CountryReview.objects.select_related("state", "phase__cluster").filter(pk=pk).first()
    if review is None:
        raise Http404
    p = permissions.participation(user, review)
    if not p.may_view:
        raise Http404
    return review, p


def access_thread(user, pk: int) -> tuple[DialogueThread, permissions.Participation]:
    thread = DialogueThread.objects.select_related("review__state", "review__phase", "article__instrument").filter(
        pk=pk
    )
    thread = thread.first()
    if thread is None:
        raise Http404
    p = permissions.participation(user, thread.review)
    if not permissions.may_view_thread(p, thread.review, thread):
        raise Http404
    return thread, p


def dashboard_for(user) -> dict:
    """A focal point's or expert's reviews: its State's own, and those its State reviews."""
    acting = permissions.acting_state_ids(user)
    reviewed = lots.states_reviewed_by(acting)
    reviews = _with_deadlines(
        CountryReview.objects.filter(Q(state_id__in=acting) | Q(state_id__in=reviewed)).order_by(
            "state__name", "phase__number"
        )
    )
    for review in reviews:
        review.next_deadline = next_deadline(review)
    return {
        "under_review": [r for r in reviews if r.state_id in acting],
        "reviewing": [r for r in reviews if r.state_id not in acting],
    }


def overview(*, phase=None, year_group=None, region=None, instrument=None, status=None, page=None):
    """Every review for the secretariat, alphabetically by State, a page at a time, each with its stage and next
    deadline, in a constant number of queries whatever the number of reviews."""
    reviews = CountryReview.objects.all()
    if phase:
        reviews = reviews.filter(phase__number=phase)
    if year_group:
        reviews = reviews.filter(year_group=year_group)
    if region:
        reviews = reviews.filter(
            Q(state__review_group=region) | Q(state__review_group="", state__un_regional_group=region)
        )
    if instrument:
        reviews = reviews.filter(
            state__treaty_statuses__instrument__code=instrument,
            state__treaty_statuses__status=TreatyStatusKind.PARTY,
            state__treaty_statuses__superseded_at__isnull=True,
        )
    if status:
        reviews = reviews.filter(status=status)
    shown = Paginator(reviews.order_by("state__name", "phase__number", "pk"), settings.REVIEWS_PAGE_SIZE).get_page(page)
    shown.object_list = _with_deadlines(shown.object_list)
    for review in shown.object_list:
        review.next_deadline = next_deadline(review)
    return shown


def public_counts() -> list[dict]:
    """Per group and phase, how many reviews are at each stage: counts only, no State named, and no count
    below MIN_PUBLISHED_COUNT (None in `cells` and `total`: withheld)."""
    rows = (
        CountryReview.objects.values("year_group", "phase__number", "phase__name", "status")
        .annotate(n=Count("pk"))
        .order_by("year_group", "phase__number")
    )
    table: dict[tuple, dict] = {}
    for row in rows:
        key = (row["year_group"], row["phase__number"])
        entry = table.setdefault(
            key,
            {
                "year_group": row["year_group"],
                "phase": row["phase__name"],
                "counts": dict.fromkeys(ReviewStatus.values, 0),
                "total": 0,
            },
        )
        entry["counts"][row["status"]] = row["n"]
        entry["total"] += row["n"]
    entries = list(table.values())
    # counts of 1 or 2 could single out a State of a published year group: withheld (None), with what would give
    # them back (issue 10)
    published = suppress_small_cells([[e["counts"][s] for s in ReviewStatus.values] for e in entries])
    for entry, cells in zip(entries, published, strict=True):
        entry["cells"] = cells
        entry["total"] = publishable_total(entry["total"])
        del entry["counts"]  # the raw counts never reach the page
    return entries


def threads_of(review: CountryReview, user) -> list[DialogueThread]:
    """The review's threads with their message count and the user's unread count (others' messages)."""
    last_read = ReadMarker.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_message_id")[:1]
    return list(
        DialogueThread.objects.filter(review=review)
        .select_related("article__instrument")
        .annotate(read_up_to=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)))
        .annotate(
            total=Count("messages"),
            unread=Count("messages", filter=Q(messages__pk__gt=F("read_up_to")) & ~Q(messages__author=user)),
        )
    )


def unread_message_count(user) -> int:
    """Others' messages the user has not read in the dialogue of the reviews it takes part in (for
    the secretariat, those it follows, P 32): one query, for the home page."""
    if not user.is_authenticated:
        return 0
    acting = permissions.acting_state_ids(user)
    reviews = Q(thread__review__state_id__in=acting) | Q(thread__review__state_id__in=lots.states_reviewed_by(acting))
    for ref in followed_refs(user):
        if (key := parse_review_ref(ref)) is not None:
            reviews |= Q(thread__review__state_id=key[0], thread__review__phase_id=key[1])
    last_read = ReadMarker.objects.filter(thread=OuterRef("thread"), user=user).values("last_read_message_id")[:1]
    return (
        Message.objects.filter(reviews)
        .exclude(author=user)
        .annotate(read_up_to=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)))
        .filter(pk__gt=F("read_up_to"))
        .count()
    )


THREAD_PAGE_SIZE = 200


def thread_page(thread: DialogueThread, user, *, before: int | None = None, size: int = THREAD_PAGE_SIZE) -> dict:
    """One page of a thread, oldest first: the latest `size` messages, or those before message `before`,
    with attachments and corrections, and which ones the user has not read yet."""
    marker = ReadMarker.objects.filter(thread=thread, user=user).values_list("last_read_message_id", flat=True).first()
    page = Message.objects.filter(thread=thread)
    if before:
        page = page.filter(pk__lt=before)
    messages = list(
        page.select_related("author", "on_behalf_of")
        .prefetch_related("attachments", Prefetch("corrections", queryset=Message.objects.only("pk", "corrects_id")))
        .order_by("-pk")[: size + 1]
    )
    earlier = len(messages) > size
    messages = messages[:size][::-1]
    read_up_to = marker or 0
    for message in messages:
        message.unread = message.pk > read_up_to and message.author_id != user.pk
    return {
        # not "messages": that name belongs to the portal's notices in every page
        "posts": messages,
        "read_up_to": read_up_to,
        "last_id": messages[-1].pk if messages else 0,
        "earlier": messages[0].pk if earlier and messages else None,
    }


def allocations_of(review: CountryReview) -> dict[int, ArticleAllocation]:
    return {
        a.article_id: a
        for a in ArticleAllocation.objects.filter(review=review).select_related(
            "reviewer", "expert", "article__instrument"
        )
    }


def feedback_of(review: CountryReview) -> dict[int, Feedback]:
    return {
        f.article_id: f
        for f in Feedback.objects.filter(review=review)
        .select_related("reviewer", "article__instrument")
        .prefetch_related("questions")
    }


def advancement_table() -> list[dict]:
    """P 9, per group of P 16 and review phase: opened or not, foreseen and completed reviews."""
    phases = list(WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number"))
    opened = {(a.phase_id, a.year_group): a for a in PhaseAdvancement.objects.all()}
    counts = {
        (row["phase_id"], row["year_group"]): row
        for row in CountryReview.objects.filter(foreseen=True)
        .values("phase_id", "year_group")
        .annotate(foreseen_n=Count("pk"), completed_n=Count("pk", filter=Q(status=ReviewStatus.CLOSED)))
    }
    threshold = MechanismSettings.current().advancement_threshold_percent
    groups = lots.year_groups() or [1, 2, 3]
    rows = []
    for group in groups:
        cells = []
        for phase in phases:
            row = counts.get((phase.pk, group), {"foreseen_n": 0, "completed_n": 0})
            foreseen, completed = row["foreseen_n"], row["completed_n"]
            cells.append(
                {
                    "phase": phase,
                    "opening": opened.get((phase.pk, group)),
                    "foreseen": foreseen,
                    "completed": completed,
                    "percent": completed * 100 // foreseen if foreseen else 0,
                    "reached": foreseen > 0 and completed * 100 >= threshold * foreseen,
                }
            )
        rows.append({"group": group, "cells": cells})
    return rows


def articles_in_scope(review: CountryReview) -> list[Article]:
    """The articles of the phase's cluster for the instruments the State is party to (P 8, P 10, table 1)."""
    cached = getattr(review, "_articles", None)
    if cached is not None:
        return cached
    parties = parties_to(review.state)
    cluster = review.phase.cluster
    articles = []
    if cluster is not None:
        for instrument in Instrument.objects.filter(under_mechanism=True, code__in=parties).order_by("position"):
            cells = articles_for(
                state_is_uncac_party="UNCAC" in parties, cluster=cluster, instrument_code=instrument.code
            )
            articles += [cell.article for cell in cells]
    review._articles = articles
    return articles


def allocated_article_ids(review) -> set[int]:
    return set(ArticleAllocation.objects.filter(review=review).values_list("article_id", flat=True))


def advancement_of(*, phase: WorkplanPhase, year_group: int) -> dict:
    """P 9: the share of the reviews foreseen when the phase opened that are complete."""
    reviews = CountryReview.objects.filter(phase=phase, year_group=year_group, foreseen=True)
    foreseen = reviews.count()
    completed = reviews.filter(status=ReviewStatus.CLOSED).count()
    percent = (completed * 100 // foreseen) if foreseen else 0
    threshold = MechanismSettings.current().advancement_threshold_percent
    return {
        "phase": phase,
        "year_group": year_group,
        "foreseen": foreseen,
        "completed": completed,
        "percent": percent,
        "threshold": threshold,
        "reached": foreseen > 0 and completed * 100 >= threshold * foreseen,
    }


def proposals_of(review: CountryReview) -> list:
    """The time frames proposed in consultations, oldest first, with who confirmed each (P 30)."""
    return list(
        review.proposals.select_related("proposed_by", "on_behalf_of").prefetch_related(
            Prefetch("confirmations", queryset=TimeFrameConfirmation.objects.select_related("state", "by"))
        )
    )


def parties_of(review: CountryReview) -> list:
    """The State under review and its reviewing States, alphabetical (P 3(b))."""
    return sorted(State.objects.filter(pk__in=permissions.party_ids(review)), key=lambda s: s.name)


def shared_threads(review: CountryReview) -> list[DialogueThread]:
    """Every thread of a review with its messages and files, for the read-only page of what was disclosed."""
    return list(
        DialogueThread.objects.filter(review=review)
        .select_related("article__instrument")
        .prefetch_related("messages__attachments", "messages__author")
    )


# -- the home page: what is due next for a State's focal point or expert ---------------------------------


def _unread_by_review(user, review_ids) -> dict[int, int]:
    """Others' messages the user has not read, per review, in one query."""
    if not review_ids:
        return {}
    last_read = ReadMarker.objects.filter(thread=OuterRef("thread"), user=user).values("last_read_message_id")[:1]
    rows = (
        Message.objects.filter(thread__review_id__in=review_ids)
        .exclude(author=user)
        .annotate(read_up_to=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)))
        .filter(pk__gt=F("read_up_to"))
        .values("thread__review_id")
        .annotate(n=Count("pk"))
    )
    return {row["thread__review_id"]: row["n"] for row in rows}


def home_for(user) -> dict | None:
    """What a focal point or governmental expert has to do next in the reviews its States take part in,
    alphabetical by State (P 3(b)), in a fixed number of queries; None for a user who acts for no State.

    - its States' own reviews (under review) and those they review (reviewing), each with what is due
      next, for whom, and the unread messages of its dialogue;
    - questions of the written feedback addressed to its State and not answered yet (P 34);
    - articles allocated to its reviewing State (P 31) with whether their feedback is written;
    - submissions its reviewing State reads (P 28), as (review, response) for the responses app to link.
    """
    if not user.is_authenticated:
        return None
    acting = permissions.acting_state_ids(user)
    if not acting:
        return None
    board = dashboard_for(user)
    reviews = board["under_review"] + board["reviewing"]
    unread = _unread_by_review(user, [r.pk for r in reviews])
    for review in reviews:
        review.unread = unread.get(review.pk, 0)
        review.next_duty = review.next_deadline.duty_label if review.next_deadline else None
    questions = list(
        FeedbackQuestion.objects.filter(
            feedback__review__state_id__in=acting,
            feedback__review__status=ReviewStatus.DIALOGUE,
            feedback__sent_at__isnull=False,
            answered_at__isnull=True,
        )
        .select_related("feedback__review__state", "feedback__review__phase", "feedback__article__instrument")
        .order_by("feedback__review__state__name", "feedback__review__phase__number", "asked_at", "pk")
    )
    written = Feedback.objects.filter(review=OuterRef("review"), article=OuterRef("article")).exclude(
        measures="", successes="", challenges=""
    )
    allocations = list(
        ArticleAllocation.objects.filter(reviewer_id__in=acting, review__status__in=ReviewStatus.allocation_states())
        .annotate(written=Exists(written))
        .select_related("review__state", "review__phase", "article__instrument", "reviewer", "expert")
        .order_by("review__state__name", "review__phase__number", "article__instrument__position", "article__number")
    )
    for allocation in allocations:
        allocation.mine = allocation.expert_id == user.pk
    return {
        "under_review": board["under_review"],
        "reviewing": board["reviewing"],
        "questions": questions,
        "allocations": allocations,
        "to_read": [r for r in board["reviewing"] if r.status in ReviewStatus.reading_states()],
    }


def late_deadlines(today):
    """For the secretariat: the deadlines of reviews that passed without being met, alphabetical by State
    (P 3(b)); the date for the responses is the response's own (responses.selectors.late_drafts). A queryset:
    the home page counts them and shows the first few."""
    return (
        Deadline.objects.filter(met_at__isnull=True, due__lt=today, review__status__in=ReviewStatus.open_states())
        .exclude(kind=DeadlineKind.RESPONSES)
        .select_related("review__state", "review__phase")
        .order_by("review__state__name", "review__phase__number", "due", "kind")
    )


# -- the reviewer's path: the State's submission, article by article, beside the feedback and its thread ----


def submission_path(user, review: CountryReview, p: permissions.Participation) -> dict:
    """The latest submission of the State under review for the review's phase, as `user` may read it (only the
    instruments its reviewing State covers, P 28), grouped by instrument and article, each article with the
    feedback and the thread on it that the user may read (P 34). `snapshot` is None before the submission."""
    from responses import permissions as response_permissions
    from responses.documents import readable
    from responses.selectors import latest_submissions

    shot = latest_submissions([(review.state_id, review.phase_id)]).get((review.state_id, review.phase_id))
    if shot is None or not response_permissions.can_view_submissions(user, shot.response):
        return {"snapshot": None, "sections": []}
    instruments = response_permissions.readable_instruments(user, shot.response)
    articles = {(a.instrument.code, str(a.number)): a for a in articles_in_scope(review)}
    feedback = {
        article_id: f for article_id, f in feedback_of(review).items() if permissions.may_read_feedback(p, review, f)
    }
    threads = {t.article_id: t for t in threads_of(review, user) if permissions.may_view_thread(p, review, t)}
    allocations = allocations_of(review)
    sections = []
    for section in readable(shot.content):
        if instruments is not None and section["instrument"] not in instruments:
            continue
        grouped: dict[str, dict] = {}
        for q in section["questions"]:
            entry = grouped.get(q["article"])
            if entry is None:
                article = articles.get((section["instrument"], q["article"]))
                entry = grouped[q["article"]] = {
                    "number": q["article"],
                    "title": q["article_title"],
                    "anchor": f"{section['instrument']}-{q['article']}".lower(),
                    "article": article,
                    "questions": [],
                    "feedback": feedback.get(article.pk) if article else None,
                    "thread": threads.get(article.pk) if article else None,
                    "allocation": allocations.get(article.pk) if article else None,
                    "may_open_thread": article is not None and permissions.may_open_article_thread(p, review, article),
                }
            entry["questions"].append(q)
        sections.append({**section, "anchor": section["instrument"].lower(), "articles": list(grouped.values())})
    whole = response_permissions.reads_whole_submission(user, shot.response, shot.content["sections"], instruments)
    return {"snapshot": shot, "response": shot.response, "sections": sections, "whole": whole}


def one_article(path: dict, anchor: str | None) -> dict:
    """The submission path showing one article (``anchor``, e.g. "untoc-5"; None: the first), with the
    article before and after it across the sections; None when the anchor names no article of the path."""
    order = [(section, a) for section in path["sections"] for a in section["articles"]]
    at = 0 if anchor is None else next((i for i, (_s, a) in enumerate(order) if a["anchor"] == anchor), None)
    if at is None:
        return None
    current = order[at] if order else (None, None)
    previous, following = neighbours(order, at)
    return {**path, "current_section": current[0], "current": current[1], "previous": previous, "following": following}
