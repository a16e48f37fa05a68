"""Every write of a questionnaire definition: import, finalise, adopt. Each in one transaction."""

from django.db import transaction
from django.utils import timezone

from sherloc.registry.models import Article, Cluster, Instrument

from .definitions import DefinitionError, to_data, validate
from .enums import Lifecycle
from .models import Question, Questionnaire


class QuestionnaireRefused(Exception):
    pass


@transaction.atomic
def import_definition(data: dict) -> tuple[Questionnaire, bool]:
    """Create or replace a draft version from a definition; return it and whether anything changed.

    An identical re-import changes nothing. A version already finalised or adopted never
    changes: a different text must come as a new version.
    """
    problems = validate(data)
    if problems:
        raise DefinitionError(problems)
    instrument = Instrument.objects.get(code=data["instrument"])
    existing = Questionnaire.objects.filter(instrument=instrument, version=data["version"]).first()
    if existing is not None:
        if to_data(existing) == data:
            return existing, False
        if existing.status != Lifecycle.DRAFT:
            raise QuestionnaireRefused(
                f"{instrument.code} version {existing.version} is {existing.get_status_display()} and never changes; "
                "import the new text as a new version."
            )
        existing.questions.all().delete()
        questionnaire = existing
    else:
        questionnaire = Questionnaire.objects.create(instrument=instrument, version=data["version"])
    clusters = {c.code: c for c in Cluster.objects.all()}
    articles = {str(a.number): a for a in Article.objects.filter(instrument=instrument)}
    rows = []
    for section in data["sections"]:
        for question in section["questions"]:
            rows.append(
                Question(
                    questionnaire=questionnaire,
                    qid=question["id"],
                    cluster=clusters[section["cluster"]],
                    article=articles[str(question["article"])],
                    position=len(rows),
                    kind=question["kind"],
                    text=question["text"],
                    choices=question.get("choices") or [],
                    max_length=question.get("max_length"),
                    condition=question.get("condition"),
                )
            )
    Question.objects.bulk_create(rows)
    return questionnaire, True


@transaction.atomic
def finalise(questionnaire: Questionnaire) -> None:
    if questionnaire.status != Lifecycle.DRAFT:
        raise QuestionnaireRefused(f"{questionnaire} is not a draft.")
    questionnaire.status = Lifecycle.FINALISED
    questionnaire.finalised_at = timezone.now()
    questionnaire.save(update_fields=["status", "finalised_at"])


@transaction.atomic
def adopt(questionnaire: Questionnaire, *, decision_reference: str) -> None:
    """Adopted by the Conference; the version in force for reviews whose phase opens from now."""
    if questionnaire.status == Lifecycle.DRAFT:
        finalise(questionnaire)
    if questionnaire.status == Lifecycle.ADOPTED:
        raise QuestionnaireRefused(f"{questionnaire} is already adopted.")
    questionnaire.status = Lifecycle.ADOPTED
    questionnaire.adopted_at = timezone.now()
    questionnaire.decision_reference = decision_reference
    questionnaire.save(update_fields=["status", "adopted_at", "decision_reference"])
