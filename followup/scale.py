"""A world of final lists, needs and submitted responses made with bulk inserts, for the tests of
suppression and for benchmarks/followup.py (docs/followup.md). Not used by the portal itself."""

import datetime as dt

from django.utils import timezone

from observations.models import ListVersion, ObservationList
from responses.enums import ResponseStatus
from responses.models import Response, Snapshot
from reviews.enums import ReviewStatus
from reviews.models import CountryReview

from .models import Need


def final_lists(*, phase, author, items_of: dict) -> dict:
    """items_of: {State: [{"kind", "text", "articles"}]}. A closed review of `phase` with a final list
    per State, and the needs of its technical-assistance items; returns {state id: ObservationList}."""
    now = timezone.now()
    states = list(items_of)
    CountryReview.objects.bulk_create(
        [
            CountryReview(
                state=s,
                phase=phase,
                year_group=1,
                status=ReviewStatus.CLOSED,
                scheduled_at=now,
                status_changed_at=now,
                closed_at=now,
            )
            for s in states
        ]
    )
    reviews = {r.state_id: r for r in CountryReview.objects.filter(phase=phase, state__in=states)}
    ObservationList.objects.bulk_create(
        [ObservationList(review=reviews[s.pk], created_at=now, finalised_at=now) for s in states]
    )
    lists = {
        lst.review.state_id: lst
        for lst in ObservationList.objects.filter(review__in=reviews.values()).select_related("review")
    }
    ListVersion.objects.bulk_create(
        [
            ListVersion(
                observation_list=lists[s.pk], number=1, author=author, created_at=now, items=items_of[s], word_count=1
            )
            for s in states
        ]
    )
    needs, links = [], []
    for version in ListVersion.objects.filter(observation_list__in=lists.values()).select_related(
        "observation_list__review"
    ):
        ObservationList.objects.filter(pk=version.observation_list_id).update(final_version=version)
        for index, item in enumerate(version.items):
            if item["kind"] == "assistance":
                needs.append(
                    Need(
                        observation_list_id=version.observation_list_id,
                        version=version,
                        item_index=index,
                        state_id=version.observation_list.review.state_id,
                        cluster_id=phase.cluster_id,
                        kind=item.get("assistance_kind", "other"),
                        text=item["text"],
                        created_at=now,
                    )
                )
                links.append(item["articles"])
    made = Need.objects.bulk_create(needs)
    Need.articles.through.objects.bulk_create(
        [Need.articles.through(need_id=n.pk, article_id=a) for n, arts in zip(made, links, strict=True) for a in arts]
    )
    return lists


def submissions(*, phase, author, content_of: dict) -> None:
    """content_of: {State: snapshot content}. A submitted response with one snapshot per State."""
    now = timezone.now()
    states = list(content_of)
    Response.objects.bulk_create(
        [
            Response(
                state=s,
                phase=phase,
                language="en",
                deadline=dt.date.today(),
                status=ResponseStatus.SUBMITTED,
                opened_at=now,
                opened_by=author,
                submitted_at=now,
            )
            for s in states
        ]
    )
    responses = {r.state_id: r for r in Response.objects.filter(phase=phase, state__in=states)}
    Snapshot.objects.bulk_create(
        [
            Snapshot(
                response=responses[s.pk],
                number=1,
                submitted_at=now,
                submitted_by=author,
                content=content_of[s],
                sha256="0" * 64,
            )
            for s in states
        ]
    )
