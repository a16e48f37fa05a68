"""Reads of the registry shared by views, commands and the other apps."""

from django.db.models import Prefetch, QuerySet

from .enums import TreatyStatusKind
from .models import Cluster, ClusterArticle, State, TreatyStatus


def states_with_status() -> QuerySet[State]:
    """Every State, alphabetical (P 3(b): no ranking), with its current statuses."""
    return State.objects.order_by("name").prefetch_related(
        Prefetch(
            "treaty_statuses",
            queryset=TreatyStatus.objects.current().select_related("instrument"),
            to_attr="current_statuses",
        )
    )


def parties_to(state: State) -> set[str]:
    """Codes of the instruments a State is party to, by its current statuses."""
    statuses = getattr(state, "current_statuses", None)
    if statuses is None:
        statuses = TreatyStatus.objects.current().filter(state=state).select_related("instrument")
    return {s.instrument.code for s in statuses if s.status == TreatyStatusKind.PARTY}


def states_subject_to_review() -> list[State]:
    """Parties to the Convention that the Mechanism reviews (resolution 9/1, footnote 2)."""
    return [s for s in states_with_status().filter(subject_to_review=True) if "UNTOC" in parties_to(s)]


def table_one() -> list[tuple[Cluster, list[ClusterArticle]]]:
    cells = ClusterArticle.objects.select_related("cluster", "article__instrument")
    clusters = {}
    for cell in cells:
        clusters.setdefault(cell.cluster, []).append(cell)
    return sorted(clusters.items(), key=lambda item: item[0].position)


def articles_for(*, state_is_uncac_party: bool, cluster: Cluster, instrument_code: str) -> list[ClusterArticle]:
    """Articles of a cluster to review for a State (table 1, note a)."""
    cells = ClusterArticle.objects.filter(cluster=cluster, article__instrument__code=instrument_code)
    if state_is_uncac_party:
        cells = cells.filter(only_for_non_uncac_parties=False)
    return list(cells.select_related("article__instrument"))
