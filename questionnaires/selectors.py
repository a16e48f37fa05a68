from django.db.models import Count

from sherloc.registry.selectors import parties_to

from .enums import Lifecycle
from .models import Questionnaire


def in_force(instrument_code: str, at=None) -> Questionnaire | None:
    """The version adopted last (at a given moment: the one in force when a review's phase opened)."""
    adopted = Questionnaire.objects.filter(instrument__code=instrument_code, status=Lifecycle.ADOPTED)
    if at is not None:
        adopted = adopted.filter(adopted_at__lte=at)
    return adopted.order_by("-adopted_at").first()


def questions_for(questionnaire: Questionnaire, state) -> list:
    """The questions a State is asked: Convention articles 8 and 9 only for non-UNCAC parties (P 18).

    A question that depends on a question the State is not asked is not asked either.
    """
    questions = questionnaire.questions.select_related("article__instrument", "cluster")
    return asked_of(questions, uncac_party="UNCAC" in parties_to(state))


def asked_of(questions, *, uncac_party: bool) -> list:
    """The questions asked of a State that is (or is not) party to UNCAC, in order."""
    uncac = uncac_party
    asked, hidden = [], set()
    for q in questions:
        condition = q.condition or {}
        if condition.get("uncac_party", uncac) != uncac or condition.get("question") in hidden:
            hidden.add(q.qid)
        else:
            asked.append(q)
    return asked


def all_versions() -> list[Questionnaire]:
    """Every version of every instrument, newest first within an instrument, with its number of questions;
    `in_force` set on the adopted version reviews opening now would use."""
    versions = list(
        Questionnaire.objects.select_related("instrument")
        .annotate(question_count=Count("questions"))
        .order_by("instrument__position", "-pk")
    )
    latest: dict = {}
    for v in versions:
        if v.status == Lifecycle.ADOPTED and (
            v.instrument_id not in latest or v.adopted_at > latest[v.instrument_id].adopted_at
        ):
            latest[v.instrument_id] = v
    for v in versions:
        v.in_force = latest.get(v.instrument_id) is v
    return versions


def questions_by_cluster(questionnaire: Questionnaire) -> dict:
    """A version's questions in sections per cluster, in the order of table 1."""
    sections: dict = {}
    for q in questionnaire.questions.select_related("cluster", "article__instrument").order_by(
        "cluster__position", "position"
    ):
        sections.setdefault(q.cluster, []).append(q)
    return sections
