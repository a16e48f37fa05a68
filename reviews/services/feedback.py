"""Articles and written feedback (P 31, P 34): dividing the articles, the feedback, its questions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sherloc.registry.models import Article, State

from .. import notices, permissions
from ..enums import QuestionKind, ReviewStatus
from ..models import ArticleAllocation, CountryReview, Feedback, FeedbackQuestion
from ..selectors import articles_in_scope
from .core import ReviewRefused, _locked


@transaction.atomic
def allocate_articles(review: CountryReview, *, by, allocations: dict[int, tuple[State, object]]) -> int:
    """P 31: the reviewing experts divide the articles among themselves. `allocations` maps an
    article id to (reviewing State, expert or None). Returns how many articles are allocated."""
    review = _locked(review)
    p = permissions.participation(by, review)
    if not permissions.may_allocate_articles(p, review):
        if review.status not in ReviewStatus.allocation_states():
            raise ReviewRefused(_("Articles are divided between the consultations and the written feedback."))
        raise ReviewRefused(_("Only the reviewing States and the secretariat divide the articles (P 31)."))
    scope = {a.pk: a for a in articles_in_scope(review)}
    reviewers = permissions.reviewer_ids(review)
    now = timezone.now()
    for article_id, (reviewer, expert) in allocations.items():
        if article_id not in scope:
            raise ReviewRefused(_("That article is not reviewed in this phase."))
        if reviewer.pk not in reviewers:
            raise ReviewRefused(_("%(state)s is not a reviewing State of this review.") % {"state": reviewer})
        if not permissions.reviewer_covers(review, reviewer.pk, scope[article_id]):
            raise ReviewRefused(
                _("%(state)s was drawn to review other instruments: it cannot take %(article)s (P 28).")
                % {"state": reviewer, "article": scope[article_id]}
            )
        if expert is not None and reviewer.pk not in permissions.acting_state_ids(expert):
            raise ReviewRefused(
                _("%(person)s is not a governmental expert of %(state)s.") % {"person": expert, "state": reviewer}
            )
        ArticleAllocation.objects.update_or_create(
            review=review,
            article_id=article_id,
            defaults={"reviewer": reviewer, "expert": expert, "allocated_by": by, "allocated_at": now},
        )
    return ArticleAllocation.objects.filter(review=review).count()


@transaction.atomic
def write_feedback(
    review: CountryReview, *, article: Article, by, measures: str, successes: str = "", challenges: str = ""
) -> Feedback:
    """P 34: feedback on the measures, successes and challenges for one article, by its reviewing State."""
    review = _locked(review)
    if review.status != ReviewStatus.FEEDBACK_DUE:
        raise ReviewRefused(_("Written feedback is written while it is due, before it is sent (P 34)."))
    allocation = ArticleAllocation.objects.filter(review=review, article=article).first()
    if allocation is None:
        raise ReviewRefused(_("This article is not allocated to a reviewing State yet (P 31)."))
    if not permissions.may_write_feedback(permissions.participation(by, review), review, allocation.reviewer_id):
        raise ReviewRefused(
            _("Only %(state)s writes the feedback on this article (P 31).") % {"state": allocation.reviewer}
        )
    feedback, _created = Feedback.objects.update_or_create(
        review=review,
        article=article,
        defaults={
            "reviewer_id": allocation.reviewer_id,
            "measures": measures.strip(),
            "successes": successes.strip(),
            "challenges": challenges.strip(),
            "written_by": by,
            "updated_at": timezone.now(),
        },
    )
    return feedback


@transaction.atomic
def ask_question(feedback: Feedback, *, by, kind: str, text: str) -> FeedbackQuestion:
    """P 34: a request for clarification or a supplementary question within the feedback."""
    review = _locked(feedback.review)
    if review.status not in ReviewStatus.question_states():
        raise ReviewRefused(_("Questions are asked with the feedback or during the constructive dialogue."))
    if not permissions.may_ask_question(permissions.participation(by, review), review, feedback):
        raise ReviewRefused(_("Only the reviewing State that wrote this feedback asks its questions."))
    if kind not in QuestionKind.values or not text.strip():
        raise ReviewRefused(_("Write the question."))
    question = FeedbackQuestion.objects.create(
        feedback=feedback, kind=kind, text=text.strip(), asked_by=by, asked_at=timezone.now()
    )
    notices.announce(notices.QUESTION_ASKED, question.pk)
    return question


@transaction.atomic
def answer_question(question: FeedbackQuestion, *, by, answer: str) -> FeedbackQuestion:
    """P 34: the State under review answers in place, once the feedback has reached it."""
    review = _locked(question.feedback.review)
    p = permissions.participation(by, review)
    if not p.under_review:
        raise ReviewRefused(_("Only the State under review answers the questions of the feedback (P 34)."))
    if not permissions.may_answer_questions(p, review, question.feedback):
        raise ReviewRefused(_("Questions are answered once the feedback is sent, during the constructive dialogue."))
    if not answer.strip():
        raise ReviewRefused(_("Write the answer."))
    question.answer = answer.strip()
    question.answered_by = by
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    return question
