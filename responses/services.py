"""Every write of a response: open, assign, answer, attach, reuse, submit, reopen. One transaction each."""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from questionnaires.definitions import REVIEWED
from questionnaires.enums import QuestionKind
from questionnaires.selectors import in_force
from sherloc import uploads as upload_policy
from sherloc.registry.dates import TimeLimitExceeded, check_responses_due, latest_responses_date
from sherloc.registry.i18n import localized
from sherloc.registry.selectors import parties_to

from . import answers as rules
from . import notices, permissions, selectors
from .enums import AnswerSource, ResponseStatus
from .models import Answer, Attachment, Response, Section, Snapshot
from .signals import response_reopened, response_submitted


class ResponseRefused(Exception):
    """A write the rules or the user's role do not allow; the message says why, in words."""


class AnswerConflict(Exception):
    """Someone else saved this answer since the writer loaded it: nothing was overwritten."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__(_("Someone else saved this answer in the meantime."))


class SubmissionBlocked(Exception):
    """Mandatory answers are missing; `missing` lists them (section view, question)."""

    def __init__(self, missing: list):
        self.missing = missing
        super().__init__(_("Some mandatory answers are missing."))


def latest_deadline(opened: dt.date) -> dt.date:
    """At most six months after the questionnaire was opened (P 33; the figure is a Mechanism setting)."""
    return latest_responses_date(opened)


def _check_deadline(deadline: dt.date, opened: dt.date) -> None:
    try:
        check_responses_due(deadline, start=opened, today=timezone.localdate())
    except TimeLimitExceeded as error:
        raise ResponseRefused(str(error)) from None


@transaction.atomic
def open_response(*, state, phase, language: str, deadline: dt.date, by, at=None) -> Response:
    """The focal point opens the State's questionnaire for a phase: one section per instrument the
    State is party to, in the version in force at that moment (P 18)."""
    if not permissions.can_open(by, state):
        raise ResponseRefused(_("Only the State's focal point opens its questionnaire."))
    at = at or timezone.now()
    return _create(state=state, phase=phase, language=language, deadline=deadline, by=by, at=at, versions_at=at)


@transaction.atomic
def open_for_review(*, state, phase, language: str, deadline: dt.date, versions_at, by) -> Response:
    """The parties to a country review agreed the working language and the date for the responses
    (P 30, P 33): the State's questionnaire opens in that language, in the versions in force when the
    phase opened (P 18); a questionnaire the focal point opened already takes the agreed date.

    Called by the country review once all its parties agreed (P 30); the date is checked here (P 33)."""
    existing = Response.objects.select_for_update().filter(state=state, phase=phase).first()
    if existing is not None:
        if existing.status == ResponseStatus.DRAFTING and existing.deadline != deadline:
            # the same P 33 check as every other date for the responses, from the day it was opened
            _check_deadline(deadline, timezone.localdate(existing.opened_at))
            existing.deadline = deadline
            existing.save(update_fields=["deadline"])
        return existing
    return _create(
        state=state,
        phase=phase,
        language=language,
        deadline=deadline,
        by=by,
        at=timezone.now(),
        versions_at=versions_at,
    )


def _create(*, state, phase, language, deadline, by, at, versions_at) -> Response:
    if phase.cluster_id is None:
        raise ResponseRefused(_("This phase reviews no cluster of articles: there is no questionnaire to answer."))
    if language not in dict(settings.LANGUAGES):
        raise ResponseRefused(_("Choose one of the six working languages."))
    if Response.objects.filter(state=state, phase=phase).exists():
        raise ResponseRefused(_("The questionnaire of this phase is already open for this State."))
    _check_deadline(deadline, timezone.localdate(at))
    parties = parties_to(state)
    questionnaires = [
        q for q in (in_force(code, at=versions_at) for code in REVIEWED if code in parties) if q is not None
    ]
    if not questionnaires:
        raise ResponseRefused(_("No adopted questionnaire applies to this State yet."))
    response = Response.objects.create(
        state=state, phase=phase, language=language, deadline=deadline, opened_at=at, opened_by=by
    )
    Section.objects.bulk_create(Section(response=response, questionnaire=q) for q in questionnaires)
    return response


@transaction.atomic
def assign_section(*, section: Section, users, by) -> Section:
    """Give a section to national contributors and experts (P 22); they draft only what they are given."""
    if not permissions.can_manage(by, section.response):
        raise ResponseRefused(_("Only the focal point assigns sections, while the response is being drafted."))
    allowed = set(selectors.assignable_people(section.response.state))
    users = set(users)
    if users - allowed:
        raise ResponseRefused(_("Sections go to the State's national contributors and governmental experts only."))
    before = set(section.assignees.all())
    for user in before - users:
        permissions.revoke_drafting(section, user)
    for user in users - before:
        permissions.grant_drafting(section, user)
    section.assignees.set(users)
    notices.announce(notices.SECTION_ASSIGNED, section.pk, by=by, users=users - before)
    return section


def _section_of(response, question) -> Section:
    section = selectors.section_for(response, question)
    if section is None:
        raise ResponseRefused(_("This question is not part of the response."))
    return section


@transaction.atomic
def save_answer(*, response, question, data, expected_version: int, by) -> Answer:
    """Save one answer. `expected_version` is the version the writer started from: if someone
    saved since, AnswerConflict carries their answer and nothing is overwritten."""
    section = _section_of(response, question)
    if not permissions.can_draft(by, section, response):
        raise ResponseRefused(_("You may not write in this section."))
    value = rules.parse(question, data)
    now = timezone.now()
    # atomic: the row lock holds until the new version is written, so two saves cannot both pass the check
    answer = Answer.objects.select_for_update().filter(response=response, question=question).first()
    if answer is None:
        if expected_version != 0:
            raise ResponseRefused(_("This answer no longer exists; reload the page."))
        try:
            with transaction.atomic():
                return Answer.objects.create(
                    response=response, question=question, value=value, version=1, updated_at=now, updated_by=by
                )
        except IntegrityError:
            # someone created it at the same instant
            raise AnswerConflict(Answer.objects.get(response=response, question=question)) from None
    if answer.version != expected_version:
        raise AnswerConflict(answer)
    if answer.value != value:
        answer.value = value
        answer.version += 1
        answer.updated_at, answer.updated_by = now, by
        answer.edited_since_reuse = bool(answer.source)
        answer.save()
    return answer


@transaction.atomic
def add_attachments(*, response, question, files: list, by) -> list[Attachment]:
    """Attach files to an answer: every file is checked first, so one refused file keeps them all out."""
    section = _section_of(response, question)
    if not permissions.can_draft(by, section, response):
        raise ResponseRefused(_("You may not write in this section."))
    if question.kind not in (QuestionKind.ATTACHMENT, QuestionKind.LEGISLATION):
        raise ResponseRefused(_("This question takes no files."))
    now = timezone.now()
    answer, _created = Answer.objects.get_or_create(
        response=response, question=question, defaults={"updated_at": now, "updated_by": by}
    )
    try:
        checked = upload_policy.check_uploads(files, already=answer.attachments.filter(removed_at__isnull=True).count())
    except upload_policy.UploadRefused as error:
        raise ResponseRefused(str(error)) from None
    return [
        Attachment.objects.create(
            answer=answer,
            file=f.file,
            name=f.name,
            size=f.size,
            sha256=f.sha256,
            uploaded_at=now,
            uploaded_by=by,
        )
        for f in checked
    ]


def add_attachment(*, response, question, upload, by) -> Attachment:
    return add_attachments(response=response, question=question, files=[upload], by=by)[0]


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by) -> Attachment:
    """Take a file off the answer; it stays readable from the snapshots that include it."""
    response = attachment.answer.response
    section = _section_of(response, attachment.answer.question)
    if not permissions.can_draft(by, section, response):
        raise ResponseRefused(_("You may not write in this section."))
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    return attachment


def _fill(response, question, value, *, source, label, by, now) -> bool:
    """Fill an empty answer with a reused one; an answer already given is never replaced."""
    answer = Answer.objects.select_for_update().filter(response=response, question=question).first()
    if answer is not None and answer.value:
        return False
    if answer is None:
        answer = Answer(response=response, question=question, version=0)
    answer.value, answer.version = value, answer.version + 1
    answer.updated_at, answer.updated_by = now, by
    answer.source, answer.source_label, answer.edited_since_reuse = source, label[:300], False
    answer.save()
    return True


@transaction.atomic
def prefill_from_earlier(*, response, by) -> int:
    """Fill empty answers from the State's latest earlier submission that answered the same question,
    or a question of the same kind on the same article (an earlier version or review phase)."""
    if not permissions.can_manage(by, response):
        raise ResponseRefused(_("Only the focal point reuses earlier answers, while the response is being drafted."))
    earlier = (
        Snapshot.objects.filter(response__state=response.state)
        .exclude(response=response)
        .select_related("response__phase")
        .order_by("-submitted_at")
    )
    found: dict = {}
    for snapshot in earlier:
        label = _("%(phase)s, submitted %(date)s") % {
            "phase": snapshot.response.phase.name,
            "date": timezone.localdate(snapshot.submitted_at).isoformat(),
        }
        for section in snapshot.content["sections"]:
            for q in section["questions"]:
                if q.get("answer"):
                    for key in (q["id"], (section["instrument"], q["article"], q["kind"])):
                        found.setdefault(key, (q["answer"], f"{label} ({section['instrument']} {section['version']})"))
    now, filled = timezone.now(), 0
    for view in selectors.draft(response).sections:
        instrument = view.section.questionnaire.instrument.code
        for q in view.questions:
            hit = found.get(q.qid) or found.get((instrument, str(q.article.number), q.kind))
            if hit and q.kind != QuestionKind.ATTACHMENT:
                filled += _fill(response, q, hit[0], source=AnswerSource.EARLIER, label=hit[1], by=by, now=now)
    return filled


@transaction.atomic
def reuse_uncac(*, response, articles: dict, source: str, by) -> int:
    """Fill empty Convention answers from what the State submitted to the UNCAC review (P 21),
    through the correspondence of articles. `articles` maps a UNCAC article number to
    {"answer": yes|partly|no|"", "text": str, "legislation": [{title, article, link, text}]}."""
    from .uncac import correspondence

    if not permissions.can_manage(by, response):
        raise ResponseRefused(_("Only the focal point reuses earlier answers, while the response is being drafted."))
    mapping = correspondence()
    now, filled = timezone.now(), 0
    for view in selectors.draft(response).sections:
        if view.section.questionnaire.instrument.code != "UNTOC":
            continue
        for q in view.questions:
            for number in mapping.get(q.article.number, []):
                given = articles.get(number)
                if not given:
                    continue
                label = _("UNCAC review, article %(number)s: %(source)s") % {"number": number, "source": source}
                value = None
                if q.kind == QuestionKind.YES_NO_PARTLY and given.get("answer"):
                    value = given["answer"]
                elif q.kind == QuestionKind.LEGISLATION:
                    value = list(given.get("legislation") or [])
                    if given.get("text"):
                        title = _("As submitted to the UNCAC review (article %(number)s)") % {"number": number}
                        value.append({"title": title, "article": "", "link": "", "text": given["text"]})
                elif q.kind == QuestionKind.SHORT_TEXT and given.get("text"):
                    value = given["text"][: q.max_length or rules.SHORT_TEXT_DEFAULT_LIMIT]
                if value:
                    filled += _fill(response, q, value, source=AnswerSource.UNCAC, label=label, by=by, now=now)
                    break
    return filled


def _content(response, draft, *, number: int, at, by) -> dict:
    """The submission as frozen: everything a reader needs, in the response's language."""
    language = response.language

    def text(texts: dict) -> str:
        return texts.get(language) or texts["en"]

    full = draft.full_answers([q for view in draft.sections for q in view.shown])
    sections = []
    for view in draft.sections:
        questionnaire = view.section.questionnaire
        questions = []
        for q in view.shown:
            answer = full.get(q.pk)
            entry = {
                "id": q.qid,
                "article": str(q.article.number),
                "article_title": localized(q.article, "title", language),
                "kind": q.kind,
                "text": text(q.text),
                "answer": answer.value if answer else None,
                "source": answer.source if answer else "",
                "source_label": answer.source_label if answer else "",
                "attachments": [
                    {"id": a.pk, "name": a.name, "size": a.size, "sha256": a.sha256}
                    for a in (answer.live_attachments if answer else [])
                ],
            }
            if q.choices:
                entry["choices"] = [{"value": c["value"], "text": text(c["text"])} for c in q.choices]
            questions.append(entry)
        sections.append(
            {
                "instrument": questionnaire.instrument.code,
                "instrument_name": localized(questionnaire.instrument, "short_name", language),
                "version": questionnaire.version,
                "questions": questions,
            }
        )
    return {
        "state": response.state.code,
        "state_name": response.state.name,
        "phase": response.phase.number,
        "phase_name": response.phase.name,
        "cluster": response.phase.cluster.code,
        "cluster_name": response.phase.cluster.name,
        "language": language,
        "deadline": response.deadline.isoformat(),
        "number": number,
        "submitted_at": at.isoformat(),
        "submitted_by": by.get_username(),
        "sections": sections,
    }


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def submit(*, response, by) -> Snapshot:
    """The focal point submits through the module (P 19): the response is frozen as a numbered
    snapshot with its time and SHA-256. Missing mandatory answers block it."""
    response = (
        Response.objects.select_for_update(of=("self",)).select_related("state", "phase__cluster").get(pk=response.pk)
    )
    if not permissions.can_manage(by, response):
        raise ResponseRefused(_("Only the focal point submits the response, while it is being drafted."))
    current = selectors.draft(response)
    missing = current.missing()
    if missing:
        raise SubmissionBlocked(missing)
    now = timezone.now()
    number = response.snapshots.count() + 1
    content = _content(response, current, number=number, at=now, by=by)
    snapshot = Snapshot.objects.create(
        response=response,
        number=number,
        submitted_at=now,
        submitted_by=by,
        content=content,
        sha256=content_hash(content),
    )
    response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
    response.save(update_fields=["status", "submitted_at"])
    response_submitted.send(sender=Response, response=response, snapshot=snapshot, by=by)
    notices.announce(notices.SUBMITTED, snapshot.pk)
    from .tasks import render_snapshot_pdf

    transaction.on_commit(lambda: render_snapshot_pdf.delay(snapshot.pk))
    return snapshot


@transaction.atomic
def reopen(*, response, by, request_reference: str) -> Response:
    """The secretariat reopens a submitted response on the State's request; the snapshot stays readable."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not permissions.can_reopen(by):
        raise ResponseRefused(_("Only the secretariat reopens a submitted response."))
    if response.status != ResponseStatus.SUBMITTED:
        raise ResponseRefused(_("Only a submitted response can be reopened."))
    if not request_reference.strip():
        raise ResponseRefused(_("Name the State's request to reopen (its reference or date)."))
    latest = response.snapshots.order_by("-number").first()
    latest.reopened_at, latest.reopened_by, latest.reopen_request = timezone.now(), by, request_reference.strip()
    latest.save(update_fields=["reopened_at", "reopened_by", "reopen_request"])
    response.status = ResponseStatus.DRAFTING
    response.save(update_fields=["status"])
    # the country review hears of it in this transaction: a review that cannot go back refuses the reopening
    response_reopened.send(sender=Response, response=response, snapshot=latest, by=by)
    notices.announce(notices.REOPENED, latest.pk)
    return response


@transaction.atomic
def change_deadline(*, response, deadline: dt.date, by) -> Response:
    """The secretariat records the deadline agreed with the State (P 33: at most six months)."""
    if not permissions.can_change_deadline(by):
        raise ResponseRefused(_("Only the secretariat changes an agreed deadline."))
    _check_deadline(deadline, timezone.localdate(response.opened_at))
    response.deadline = deadline
    response.save(update_fields=["deadline"])
    return response
