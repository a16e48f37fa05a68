"""Reads of responses that views, services and tasks share, in a fixed number of queries."""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from questionnaires.enums import Lifecycle
from questionnaires.models import Question
from questionnaires.selectors import asked_of
from sherloc.accounts.enums import Role
from sherloc.accounts.permissions import coordinated_state_ids, is_secretariat
from sherloc.accounts.selectors import states_of
from sherloc.registry.selectors import parties_to

from . import answers as rules
from .enums import ResponseStatus
from .models import Answer, Attachment, Response, Section, Snapshot
from .permissions import reviewing_state_ids


@dataclass
class SectionView:
    section: Section
    questions: list  # asked of the State (UNCAC condition applied), in order
    shown: list = field(default_factory=list)  # asked given the answers so far (dependent questions)
    required: int = 0
    answered: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.required) if self.required else 100


@dataclass(frozen=True)
class AnswerFacts:
    """What the progress of a draft needs of one answer: its value, version and number of files."""

    qid: str
    value: object
    version: int
    attachments: int


@dataclass
class Draft:
    response: Response
    sections: list[SectionView]
    answers: dict  # question pk → AnswerFacts

    @property
    def required(self) -> int:
        return sum(s.required for s in self.sections)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.required) if self.required else 100

    def values_by_qid(self) -> dict:
        return {a.qid: a.value for a in self.answers.values()}

    def missing(self) -> list[tuple[SectionView, Question]]:
        """Mandatory questions still without an answer, in order."""
        return [(s, q) for s in self.sections for q in s.shown if rules.is_mandatory(q) and not self.is_answered(q)]

    def is_answered(self, question) -> bool:
        answer = self.answers.get(question.pk)
        if answer is None:
            return False
        return rules.is_complete(question, answer.value, answer.attachments)

    def full_answers(self, questions) -> dict:
        """The answers to ``questions`` as records (question pk → Answer, with ``live_attachments`` and
        ``updated_by``), in one read: for the questions a page shows or a submission freezes."""
        # always two reads, whatever the page holds (0 is no id: an empty list would skip the read), so that every
        # page of a section makes the same count of queries
        wanted = [q.pk for q in questions if q.pk in self.answers] or [0]
        found = {
            a.pk: a
            for a in self.response.answers.filter(question_id__in=wanted).select_related("updated_by").order_by()
        }
        for answer in found.values():
            answer.live_attachments = []
        files = Attachment.objects.filter(answer_id__in=list(found) or [0], removed_at__isnull=True)
        for file in files.order_by("uploaded_at", "pk"):
            found[file.answer_id].live_attachments.append(file)
        return {a.question_id: a for a in found.values()}


# the questions a State is asked in a section: an adopted questionnaire never changes, so they are read once per
# process (questionnaire, its adoption, cluster, UNCAC party); a draft version is read every time
_ASKED: OrderedDict = OrderedDict()
_ASKED_KEPT = 64


def _asked(sections, cluster_id, uncac: bool) -> dict:
    """Questionnaire pk → the questions asked of the State (UNCAC condition applied), in order."""
    found, missing = {}, []
    for section in sections:
        q = section.questionnaire
        key = (q.pk, q.adopted_at, cluster_id, uncac)
        if q.status == Lifecycle.ADOPTED and key in _ASKED:
            _ASKED.move_to_end(key)
            found[q.pk] = _ASKED[key]
        else:
            missing.append(q)
    if missing:
        read: dict = {q.pk: [] for q in missing}
        questions = Question.objects.filter(questionnaire__in=list(read), cluster=cluster_id).select_related("article")
        for question in questions:
            read[question.questionnaire_id].append(question)
        for q in missing:
            found[q.pk] = asked_of(read[q.pk], uncac_party=uncac)
            if q.status == Lifecycle.ADOPTED:
                _ASKED[(q.pk, q.adopted_at, cluster_id, uncac)] = found[q.pk]
                while len(_ASKED) > _ASKED_KEPT:
                    _ASKED.popitem(last=False)
    return found


def draft(response: Response) -> Draft:
    """A response with its sections, the questions each asks of the State, its answers and progress."""
    sections = list(response.sections.select_related("questionnaire__instrument").prefetch_related("assignees"))
    asked = _asked(sections, response.phase.cluster_id, "UNCAC" in parties_to(response.state))
    files = dict(
        Attachment.objects.filter(answer__response=response, removed_at__isnull=True)
        .values("answer__question_id")
        .annotate(n=Count("pk"))
        .values_list("answer__question_id", "n")
    )
    answers = {
        pk: AnswerFacts(qid, value, version, files.get(pk, 0))
        for pk, qid, value, version in response.answers.order_by().values_list(
            "question_id", "question__qid", "value", "version"
        )
    }
    result = Draft(response, [SectionView(s, asked.get(s.questionnaire_id, [])) for s in sections], answers)
    values = result.values_by_qid()
    for view in result.sections:
        view.shown = [q for q in view.questions if rules.condition_holds(q, values)]
        mandatory = [q for q in view.shown if rules.is_mandatory(q)]
        view.required = len(mandatory)
        view.answered = sum(1 for q in mandatory if result.is_answered(q))
    return result


def responses_for(user):
    """Responses the user may open: their States' own, and submitted ones they review or, for the
    secretariat, every submitted one. Alphabetical by State (P 3(b))."""
    own = [s.pk for s in states_of(user)]
    visible = Q(state__in=own)
    if is_secretariat(user):
        visible |= Q(snapshots__isnull=False)
    else:
        visible |= Q(snapshots__isnull=False, state__in=reviewing_state_ids(user))
    return (
        Response.objects.filter(visible)
        .distinct()
        .select_related("state", "phase__cluster")
        .order_by("state__name", "phase__number")
    )


def assignable_people(state):
    """National contributors and governmental experts of the State (P 22), alphabetical."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__state=state,
            memberships__active=True,
            memberships__role__in=[Role.NATIONAL_CONTRIBUTOR, Role.GOVERNMENTAL_EXPERT],
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def answer_for(response, question) -> Answer | None:
    return response.answers.filter(question=question).select_related("updated_by").first()


def drafting_for(user) -> list[tuple[Response, list[Section]]]:
    """Responses being drafted in which the user writes — every section for the focal point, the
    sections given to them for the others — with their deadline, alphabetical by State."""
    if not user.is_authenticated:
        return []
    coordinated = coordinated_state_ids(user)
    sections = (
        Section.objects.filter(response__status=ResponseStatus.DRAFTING)
        .filter(Q(response__state__in=coordinated) | Q(assignees=user))
        .distinct()
        .select_related("response__state", "response__phase__cluster", "questionnaire__instrument")
        .order_by("response__state__name", "response__phase__number", "questionnaire__instrument__position")
    )
    grouped: dict = {}
    for section in sections:
        grouped.setdefault(section.response, []).append(section)
    return list(grouped.items())


def section_for(response, question) -> Section | None:
    """The section of the response that asks this question, or None if the response does not ask it."""
    if question.cluster_id != response.phase.cluster_id:
        return None
    return response.sections.filter(questionnaire_id=question.questionnaire_id).first()


def response_for(*, state_id: int, phase_id: int) -> Response | None:
    """The State's response for a phase: it owns the date the responses are due (P 33)."""
    return Response.objects.filter(state_id=state_id, phase_id=phase_id).first()


def responses_by_pair(pairs) -> dict[tuple[int, int], Response]:
    """The responses of many (State, phase) pairs in one query, by pair."""
    pairs = set(pairs)
    if not pairs:
        return {}
    states = {s for s, _p in pairs}
    phases = {p for _s, p in pairs}
    found = Response.objects.filter(state_id__in=states, phase_id__in=phases)
    return {(r.state_id, r.phase_id): r for r in found if (r.state_id, r.phase_id) in pairs}


def drafting_responses_due_by(day) -> list[Response]:
    """Responses still being drafted whose deadline falls on or before `day` (for reminders)."""
    return list(
        Response.objects.filter(status=ResponseStatus.DRAFTING, deadline__lte=day)
        .select_related("state", "phase")
        .order_by("deadline", "pk")
    )


def unassigned_sections(user) -> list[Section]:
    """Sections of the responses being drafted by the States the user coordinates that nobody was given yet
    (P 22), alphabetical by State."""
    if not user.is_authenticated:
        return []
    coordinated = coordinated_state_ids(user)
    if not coordinated:
        return []
    return list(
        Section.objects.filter(
            response__status=ResponseStatus.DRAFTING, response__state__in=coordinated, assignees__isnull=True
        )
        .select_related("response__state", "response__phase", "questionnaire__instrument")
        .order_by("response__state__name", "response__phase__number", "questionnaire__instrument__position")
    )


def late_drafts(today):
    """Responses still being drafted after their agreed deadline, alphabetical by State, for the secretariat,
    which changes the deadline (P 33) but never reads a draft (P 20): the State, phase, language and dates
    only. A queryset: the home page counts them and shows the first few."""
    return (
        Response.objects.filter(status=ResponseStatus.DRAFTING, deadline__lt=today)
        .select_related("state", "phase__cluster")
        .order_by("state__name", "phase__number")
    )


def latest_submissions(pairs) -> dict[tuple[int, int], Snapshot]:
    """The latest submission of each (State, phase) pair that has one, in one query, by pair."""
    pairs = set(pairs)
    if not pairs:
        return {}
    shots = (
        Snapshot.objects.filter(
            response__state_id__in={s for s, _p in pairs}, response__phase_id__in={p for _s, p in pairs}
        )
        .select_related("response")
        .order_by("response_id", "-number")
    )
    found: dict = {}
    for shot in shots:
        key = (shot.response.state_id, shot.response.phase_id)
        if key in pairs and key not in found:
            found[key] = shot
    return found
