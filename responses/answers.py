"""What an answer may hold, per kind of question: parsing, checking, and whether it is complete.

Values as stored (and as frozen in snapshots):
- yes_no_partly: "yes" | "partly" | "no"
- single_choice: one choice value;  multiple_choice: a list of choice values
- short_text: text of at most the question's max_length characters
- legislation: a list of {"title", "article", "link", "text"}: a title, and a link or the text
- attachment: null (the files are Attachment rows)
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from questionnaires.enums import QuestionKind

from .enums import ClosedAnswer

SHORT_TEXT_DEFAULT_LIMIT = 2000
REFERENCE_LIMITS = {"title": 300, "article": 100, "link": 500, "text": 20000}
_http_only = URLValidator(schemes=["http", "https"])


class AnswerInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _too_long(length: int, limit: int) -> str:
    return ngettext(
        "This answer has %(length)s characters; the limit is %(limit)s character.",
        "This answer has %(length)s characters; the limit is %(limit)s characters.",
        limit,
    ) % {"length": f"{length:,}", "limit": f"{limit:,}"}


def parse(question, data) -> object:
    """The value a form posted for a question, checked. Raises AnswerInvalid with readable problems."""
    kind = question.kind
    if kind == QuestionKind.YES_NO_PARTLY:
        value = (data.get("value") or "").strip()
        if value and value not in ClosedAnswer.values:
            raise AnswerInvalid([_("Choose yes, yes in part or no.")])
        return value or None
    if kind == QuestionKind.SINGLE_CHOICE:
        value = (data.get("value") or "").strip()
        if value and value not in {c["value"] for c in question.choices}:
            raise AnswerInvalid([_("Choose one of the answers offered.")])
        return value or None
    if kind == QuestionKind.MULTIPLE_CHOICE:
        values = [v for v in data.getlist("value") if v]
        allowed = [c["value"] for c in question.choices]
        if set(values) - set(allowed):
            raise AnswerInvalid([_("Choose among the answers offered.")])
        return [v for v in allowed if v in values] or None
    if kind == QuestionKind.SHORT_TEXT:
        value = (data.get("value") or "").strip()
        limit = question.max_length or SHORT_TEXT_DEFAULT_LIMIT
        if len(value) > limit:
            raise AnswerInvalid([_too_long(len(value), limit)])
        return value or None
    if kind == QuestionKind.LEGISLATION:
        return _parse_references(data)
    return None


def _parse_references(data) -> list | None:
    columns = {field: data.getlist(field) for field in REFERENCE_LIMITS}
    rows = max((len(v) for v in columns.values()), default=0)
    references, problems = [], []
    for i in range(rows):
        ref = {field: (columns[field][i] if i < len(columns[field]) else "").strip() for field in REFERENCE_LIMITS}
        if not any(ref.values()):
            continue
        n = len(references) + 1
        for field, limit in REFERENCE_LIMITS.items():
            if len(ref[field]) > limit:
                problems.append(
                    _("Reference %(n)s: %(problem)s") % {"n": n, "problem": _too_long(len(ref[field]), limit)}
                )
        if not ref["title"]:
            problems.append(_("Reference %(n)s: give the title of the law.") % {"n": n})
        if ref["link"]:
            try:
                _http_only(ref["link"])
            except ValidationError:
                problems.append(
                    _("Reference %(n)s: the link must be a web address starting with http:// or https://.") % {"n": n}
                )
        elif not ref["text"]:
            problems.append(_("Reference %(n)s: give a link or the text of the provision.") % {"n": n})
        references.append(ref)
    if problems:
        raise AnswerInvalid(problems)
    return references or None


def is_complete(question, value, attachments: int = 0) -> bool:
    if question.kind == QuestionKind.ATTACHMENT:
        return attachments > 0
    return bool(value)


def is_mandatory(question) -> bool:
    """Every question asked must be answered, except a request for attachments (decided for P 18's
    'mostly closed questions': files support an answer, they are not one)."""
    return is_mandatory_kind(question.kind)


def is_mandatory_kind(kind: str) -> bool:
    """The same rule for a question as frozen in a submission (only its kind is kept)."""
    return kind != QuestionKind.ATTACHMENT


def condition_holds(question, values_by_qid: dict) -> bool:
    """Whether a question depending on an earlier answer is asked, given the answers so far."""
    condition = question.condition or {}
    if "question" not in condition:
        return True
    earlier = values_by_qid.get(condition["question"])
    earlier = earlier if isinstance(earlier, list) else [earlier]
    return any(v in condition.get("answer_in", []) for v in earlier)
