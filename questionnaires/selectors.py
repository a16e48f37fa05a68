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
    questions = questionnaire.questions.select_related("article", "cluster")
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
