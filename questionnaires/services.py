"""Every write of a questionnaire definition: import, edit in the browser, finalise, adopt. Each in one transaction.

An edit in the browser obeys the same rules as an import: the whole definition is built
with `to_data`, changed, checked with `validate` and saved through `import_definition`
only when valid, all under a lock on the version.
"""

import copy
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sherloc.registry.models import Article, Cluster, Instrument

from .definitions import DefinitionError, to_data, validate
from .enums import Lifecycle
from .models import Question, Questionnaire


class QuestionnaireRefused(Exception):
    pass


class EditRefused(DefinitionError):
    """An edit that would break a rule of the format; `where` names the question behind each path."""

    def __init__(self, problems: list[str], where: dict[str, str]):
        super().__init__(problems)
        self.where = where


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


# Editing a draft in the browser (P 18: the definitions are kept by the secretariat).


def _question_paths(data: dict) -> dict[str, str]:
    """'sections[i].questions[j]' → question id, to say which question a problem is about."""
    paths = {}
    for s, section in enumerate(data.get("sections") or []):
        for q, question in enumerate(section.get("questions") or []):
            paths[f"sections[{s}].questions[{q}]"] = question.get("id")
        paths[f"sections[{s}]"] = section.get("cluster")
    return paths


def _in_table_order(data: dict) -> None:
    """Sections in the order of table 1, empty ones dropped: the order the saved version will have,
    so that 'an earlier question' means the same before and after saving."""
    positions = dict(Cluster.objects.values_list("code", "position"))
    data["sections"] = sorted(
        (s for s in data["sections"] if s["questions"]), key=lambda s: positions.get(s["cluster"], 0)
    )


@transaction.atomic
def edit_draft(*, questionnaire: Questionnaire, change: Callable[[dict], None]) -> Questionnaire:
    """Apply `change` to the whole definition of a draft; save it only if it passes `validate`.

    A finalised or adopted version never changes (P 18): a new text comes as a new version.
    """
    # the lock serialises two officers editing the same draft: each edit starts from the saved text
    locked = Questionnaire.objects.select_for_update().select_related("instrument").get(pk=questionnaire.pk)
    if locked.status != Lifecycle.DRAFT:
        raise QuestionnaireRefused(
            _(
                "%(questionnaire)s is read-only: a version that is finalised or adopted never changes. "
                "Make a new draft version from it."
            )
            % {"questionnaire": locked}
        )
    data = to_data(locked)
    change(data)
    data["instrument"], data["version"] = locked.instrument.code, locked.version
    _in_table_order(data)
    problems = validate(data)
    if problems:
        raise EditRefused(problems, _question_paths(data))
    import_definition(data)
    return locked


def _find(data: dict, qid: str) -> tuple[dict, int]:
    for section in data["sections"]:
        for index, question in enumerate(section["questions"]):
            if question["id"] == qid:
                return section, index
    raise QuestionnaireRefused(_("There is no question %(id)s in this version.") % {"id": qid})


def _section(data: dict, cluster: str) -> dict:
    for section in data["sections"]:
        if section["cluster"] == cluster:
            return section
    section = {"cluster": cluster, "questions": []}
    data["sections"].append(section)
    return section


def change_question(*, questionnaire: Questionnaire, qid: str, question: dict, cluster: str) -> Questionnaire:
    """Replace one question; moved to the end of another cluster's section when its cluster changes."""

    def change(data):
        section, index = _find(data, qid)
        if section["cluster"] == cluster:
            section["questions"][index] = question
        else:
            del section["questions"][index]
            _section(data, cluster)["questions"].append(question)

    return edit_draft(questionnaire=questionnaire, change=change)


def add_question(*, questionnaire: Questionnaire, question: dict, cluster: str) -> Questionnaire:
    """A new question at the end of its cluster's section."""
    return edit_draft(
        questionnaire=questionnaire, change=lambda data: _section(data, cluster)["questions"].append(question)
    )


def delete_question(*, questionnaire: Questionnaire, qid: str) -> Questionnaire:
    """Refused when a later question depends on it, or when it is the last question of the version."""

    def change(data):
        section, index = _find(data, qid)
        del section["questions"][index]

    return edit_draft(questionnaire=questionnaire, change=change)


def move_question(*, questionnaire: Questionnaire, qid: str, step: int) -> Questionnaire:
    """One place up (-1) or down (+1) within its section; refused if it would come before the question it depends on."""

    def change(data):
        section, index = _find(data, qid)
        questions = section["questions"]
        other = index + step
        if 0 <= other < len(questions):
            questions[index], questions[other] = questions[other], questions[index]

    return edit_draft(questionnaire=questionnaire, change=change)


@transaction.atomic
def new_version(*, source: Questionnaire, version: str) -> Questionnaire:
    """A new draft with a copy of another version's questions, under a label not used for the instrument."""
    version = version.strip()
    if Questionnaire.objects.filter(instrument=source.instrument, version=version).exists():
        raise QuestionnaireRefused(
            _("%(instrument)s already has a version “%(version)s”; choose another label.")
            % {"instrument": source.instrument.short_name, "version": version}
        )
    data = copy.deepcopy(to_data(source))
    data["version"] = version
    problems = validate(data)
    if problems:
        raise EditRefused(problems, _question_paths(data))
    return import_definition(data)[0]
