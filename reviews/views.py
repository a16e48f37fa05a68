"""Pages of the country reviews: each view parses, asks reviews.permissions (through the
selectors' access_* helpers), calls one service or selector, and renders. Forbidden and
missing both answer 404, so the portal never confirms that another State's review exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disclosure import services as disclosure_services
from lots import selectors as lots
from sherloc import audit
from sherloc.accounts.enums import Role
from sherloc.accounts.models import Membership
from sherloc.audit.enums import AccessAction
from sherloc.pagecache.pages import cached_page
from sherloc.registry.disclosure import MIN_PUBLISHED_COUNT
from sherloc.registry.models import Article, Instrument, State, WorkplanPhase
from sherloc.storage import download
from sherloc.uploads import content_type_for
from sherloc.web.errors import form_errors, parse_anchor, parse_id
from sherloc.web.pages import query_without_page

from . import permissions, selectors, services
from .enums import ReviewStatus
from .forms import (
    AllocationForm,
    AnswerForm,
    ConsultationsForm,
    DiscloseDialogueForm,
    FeedbackForm,
    MessageForm,
    NoteForm,
    OverviewFilter,
    PhaseForm,
    QuestionForm,
)
from .models import Attachment, CountryReview, DialogueThread, FeedbackQuestion, Message


def _action(request) -> str:
    return AccessAction.VIEW if request.method in ("GET", "HEAD") else AccessAction.WRITE


def _review(request, pk):
    """The review if the user takes part in it (else 404); the read, or the refusal, is logged."""
    try:
        review, p = selectors.access_review(request.user, pk)
    except Http404:
        state = CountryReview.objects.filter(pk=pk).values_list("state_id", flat=True).first() if pk < 2**63 else None
        audit.record(
            request,
            action=_action(request),
            object_type="reviews.countryreview",
            object_id=pk,
            state=state,
            allowed=False,
        )
        raise
    audit.record(request, action=_action(request), obj=review, state=review.state_id)
    return review, p


def _refuse(request, obj, *, state=None):
    """A change the user may not make on a page it may read: logged as refused, answered 404."""
    state = state if state is not None else obj.state_id
    audit.record(request, action=AccessAction.WRITE, obj=obj, state=state, allowed=False)
    raise Http404


def _thread(request, pk, *, action=None, obj=None):
    """The thread if the user may read it (else 404); the read (of it or of `obj`, one of its files) is logged."""
    try:
        thread, p = selectors.access_thread(request.user, pk)
    except Http404:
        state = (
            DialogueThread.objects.filter(pk=pk).values_list("review__state_id", flat=True).first()
            if pk < 2**63
            else None
        )
        if obj is not None:
            audit.record(request, action=action, obj=obj, state=state, allowed=False)
        else:
            audit.record(
                request,
                action=_action(request),
                object_type="reviews.dialoguethread",
                object_id=pk,
                state=state,
                allowed=False,
            )
        raise
    audit.record(request, action=action or _action(request), obj=obj or thread, state=thread.review.state_id)
    return thread, p


@login_required
@cached_page
def dashboard(request):
    context = selectors.dashboard_for(request.user)
    context["secretariat"] = permissions.may_see_overview(request.user)
    context["today"] = timezone.localdate()
    return render(request, "reviews/dashboard.html", context)


@login_required
@cached_page
def overview(request):
    if not permissions.may_see_overview(request.user):
        raise Http404
    form = OverviewFilter(
        request.GET or None,
        phases=WorkplanPhase.objects.filter(cluster__isnull=False),
        instruments=Instrument.objects.filter(under_mechanism=True),
    )
    if form.is_bound and not form.is_valid():
        # a filter that is not one of the choices: say so, rather than list every review as if it had matched
        context = {"form": form, "reviews": [], "today": timezone.localdate()}
        return render(request, "reviews/overview.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    page = selectors.overview(**{k: v for k, v in filters.items() if v}, page=request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "reviews": page.object_list,
        "query": query_without_page(request),
        "today": timezone.localdate(),
    }
    return render(request, "reviews/overview.html", context)


def public(request):
    """Open to anyone: per group and phase, how many reviews are at each stage. No State is named, and no count
    small enough to point to one is shown."""
    context = {"rows": selectors.public_counts(), "stages": ReviewStatus.choices, "threshold": MIN_PUBLISHED_COUNT}
    return render(request, "reviews/public.html", context)


@login_required
@cached_page
def detail(request, pk):
    review, p = _review(request, pk)
    button = permissions.button_for(p, review)
    allocations = selectors.allocations_of(review)
    context = {
        "review": review,
        "p": p,
        "deadlines": selectors.deadlines_of(review),
        "transitions": review.transitions.select_related("by"),
        "assignments": lots.reviewing_assignments_of(review.state_id),
        "button": button,
        "button_label": ReviewStatus(button).label if button else "",
        "consultations": permissions.may_see_consultations(p, review),
        "may_allocate": permissions.may_allocate_articles(p, review),
        "mine": [a for a in allocations.values() if a.expert_id == request.user.pk],
        "threads": [t for t in selectors.threads_of(review, request.user) if permissions.may_view_thread(p, review, t)],
        "note_form": NoteForm(),
        "articles": [a for a in selectors.articles_in_scope(review) if permissions.may_see_article(p, review, a)],
        "may_post": permissions.may_post(p, review),
    }
    if permissions.may_disclose(p, review):
        context["disclose_form"] = DiscloseDialogueForm(
            threads={str(t.pk): str(t) for t in context["threads"]}, files=_files_of(review)
        )
    return render(request, "reviews/detail.html", context)


@login_required
@require_POST
def transition(request, pk, to):
    review, _p = _review(request, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.move(review, to=to, by=request.user, note=form.cleaned_data.get("note", ""))
    except services.ReviewRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The review moved on: %(stage)s.") % {"stage": ReviewStatus(to).label})
    return redirect("reviews:detail", pk=review.pk)


@login_required
def consultations(request, pk):
    """P 30, P 33, P 49: the proposals of time frames and language, who confirmed which, and the forms
    to propose or confirm. Every party to the review reads the history."""
    review, p = _review(request, pk)
    may_propose = permissions.may_propose_time_frames(p, review)
    form = ConsultationsForm(
        request.POST if request.POST.get("action") == "propose" else None,
        initial={"language": review.language or request.LANGUAGE_CODE},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "propose":
                if not may_propose:
                    _refuse(request, review)
                if form.is_valid():
                    services.propose_time_frames(review, by=request.user, **form.cleaned_data)
                    messages.success(
                        request, _("Your proposal is recorded; the other parties are asked to confirm it.")
                    )
                    return redirect("reviews:consultations", pk=review.pk)
            elif request.POST.get("action") == "confirm":
                proposal = get_object_or_404(review.proposals, pk=_int_or_404(request.POST.get("proposal")))
                services.confirm_time_frames(proposal, by=request.user)
                messages.success(request, _("Your confirmation is recorded."))
                return redirect("reviews:consultations", pk=review.pk)
            else:
                raise Http404
        except services.ReviewRefused as error:
            if request.POST.get("action") == "propose":
                form.add_error(None, str(error))
            else:
                messages.error(request, str(error))
    history = selectors.proposals_of(review)
    latest = history[-1] if history else None
    confirmable = (
        permissions.confirmable_by(p, review, latest, {c.state_id for c in latest.confirmations.all()})
        if latest
        else frozenset()
    )
    return render(
        request,
        "reviews/consultations.html",
        {
            "review": review,
            "form": form if may_propose else None,
            "history": history,
            "latest": latest,
            "may_confirm": bool(confirmable),
            "parties": selectors.parties_of(review),
        },
    )


def _int_or_404(value) -> int:
    if value is None or not str(value).isdigit() or len(str(value)) > 18:
        raise Http404
    return int(value)


def _allocation_choices(review) -> tuple[list, dict]:
    """Reviewing States and their focal points and experts, alphabetical, as `S<state>` or `S<state>:U<user>`."""
    reviewers = State.objects.filter(pk__in=permissions.reviewer_ids(review)).order_by("name")
    people = (
        Membership.objects.active()
        .filter(state__in=reviewers, role__in=[Role.FOCAL_POINT, Role.GOVERNMENTAL_EXPERT], user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    by_state = {}
    for m in people:
        by_state.setdefault(m.state_id, {})[m.user_id] = m.user
    choices, index = [], {}
    for state in reviewers:
        key = f"S{state.pk}"
        choices.append((key, str(state)))
        index[key] = (state, None)
        for user in by_state.get(state.pk, {}).values():
            key = f"S{state.pk}:U{user.pk}"
            choices.append((key, f"{state} — {user}"))
            index[key] = (state, user)
    return choices, index


@login_required
def allocation(request, pk):
    review, p = _review(request, pk)
    articles = selectors.articles_in_scope(review)
    current = selectors.allocations_of(review)
    choices, index = _allocation_choices(review)
    initial = {a_id: f"S{a.reviewer_id}" + (f":U{a.expert_id}" if a.expert_id else "") for a_id, a in current.items()}
    form = AllocationForm(request.POST or None, articles=articles, choices=choices, initial_for=initial)
    may = permissions.may_allocate_articles(p, review)
    if request.method == "POST":
        if not may:
            _refuse(request, review)
        if form.is_valid():
            chosen = {
                int(name[1:]): index[value] for name, value in form.cleaned_data.items() if value and value in index
            }
            try:
                services.allocate_articles(review, by=request.user, allocations=chosen)
            except services.ReviewRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The articles are divided (P 31)."))
                return redirect("reviews:allocation", pk=review.pk)
    return render(
        request,
        "reviews/allocation.html",
        {"review": review, "form": form, "may": may, "current": current, "articles": articles},
    )


@login_required
def submission(request, pk):
    """The reviewer's path: the State's submission, article by article, each answer beside the feedback on that
    article and its thread, for what the user's State may read (P 28, P 34)."""
    review, p = _review(request, pk)
    anchor = parse_anchor(request.GET["article"], name="article") if "article" in request.GET else None
    path = selectors.one_article(selectors.submission_path(request.user, review, p), anchor)
    if path is None:
        raise Http404
    if path["snapshot"] is not None:
        audit.record(request, action=AccessAction.VIEW, obj=path["snapshot"], state=review.state_id)
    return render(request, "reviews/submission.html", {"review": review, **path})


@login_required
@cached_page
def feedback(request, pk):
    review, p = _review(request, pk)
    articles = [a for a in selectors.articles_in_scope(review) if permissions.may_see_article(p, review, a)]
    if request.method == "POST":
        _feedback_post(request, review, p)
        return redirect(f"{request.path}#a{request.POST.get('article', '')}")
    allocations = selectors.allocations_of(review)
    written = selectors.feedback_of(review)
    rows = []
    for article in articles:
        allocation = allocations.get(article.pk)
        entry = written.get(article.pk)
        may_write = allocation is not None and permissions.may_write_feedback(p, review, allocation.reviewer_id)
        visible = entry is not None and permissions.may_read_feedback(p, review, entry)
        rows.append(
            {
                "article": article,
                "allocation": allocation,
                "mine": allocation is not None and allocation.expert_id == request.user.pk,
                "feedback": entry if visible else None,
                "form": FeedbackForm(
                    initial={"measures": entry.measures, "successes": entry.successes, "challenges": entry.challenges}
                    if entry
                    else None
                )
                if may_write
                else None,
                "may_ask": entry is not None and permissions.may_ask_question(p, review, entry),
            }
        )
    context = {
        "review": review,
        "rows": rows,
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
        "may_answer": permissions.may_answer_questions(p, review),
    }
    return render(request, "reviews/feedback.html", context)


def _feedback_post(request, review, p) -> None:
    action = request.POST.get("action")
    try:
        if action == "write":
            article = get_object_or_404(Article, pk=parse_id(request.POST.get("article"), name="article"))
            form = FeedbackForm(request.POST)
            if not form.is_valid():
                raise services.ReviewRefused(_("Describe the measures taken."))
            services.write_feedback(review, article=article, by=request.user, **form.cleaned_data)
        elif action == "ask":
            fb = get_object_or_404(review.feedback, article_id=parse_id(request.POST.get("article"), name="article"))
            form = QuestionForm(request.POST)
            if not form.is_valid():
                raise services.ReviewRefused(_("Write the question."))
            services.ask_question(fb, by=request.user, **form.cleaned_data)
        elif action == "answer":
            question = get_object_or_404(
                FeedbackQuestion, pk=parse_id(request.POST.get("question"), name="question"), feedback__review=review
            )
            services.answer_question(question, by=request.user, answer=request.POST.get("answer", ""))
        else:
            raise Http404
    except services.ReviewRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))


@login_required
@require_POST
def open_article_thread(request, pk):
    review, _p = _review(request, pk)
    article = get_object_or_404(Article, pk=parse_id(request.POST.get("article"), name="article"))
    try:
        thread = services.open_article_thread(review, article=article, by=request.user)
    except services.ReviewRefused as error:
        messages.error(request, str(error))
        return redirect("reviews:detail", pk=review.pk)
    return redirect("reviews:thread", pk=thread.pk)


@login_required
def general_thread(request, pk):
    review, p = _review(request, pk)
    return redirect("reviews:thread", pk=services.general_thread(review).pk)


@login_required
@cached_page
def thread(request, pk):
    thread, p = _thread(request, pk)
    review = thread.review
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not permissions.may_post(p, review, thread):
            _refuse(request, thread, state=review.state_id)
        if form.is_valid():
            data = form.cleaned_data
            corrects = None
            if data["corrects"]:
                corrects = Message.objects.filter(pk=data["corrects"], thread=thread).first()
                if corrects is None:
                    # refused with the typed text kept, rather than posted as if it corrected nothing
                    form.add_error("corrects", _("The message to correct is not in this thread. Nothing was posted."))
        if form.is_valid():
            try:
                message, created = services.post_message(
                    thread,
                    by=request.user,
                    body=data["body"],
                    kind=data["kind"],
                    held_on=data["held_on"],
                    corrects=corrects,
                    idempotency_key=data["idempotency_key"],
                    files=data["attachments"],
                )
            except services.ReviewRefused as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(request, _("Posted to the archived dialogue."))
                return redirect(f"{request.path}#m{message.pk}")
    before = request.GET.get("before", "")
    page = selectors.thread_page(thread, request.user, before=parse_id(before, name="before") if before else None)
    if not before:
        services.mark_read(thread, user=request.user, up_to=page["last_id"])
    context = {
        "thread": thread,
        "review": review,
        "form": form if request.method == "POST" else MessageForm(),
        "may_post": permissions.may_post(p, review, thread),
        **page,
    }
    return render(request, "reviews/thread.html", context, status=400 if form.errors else 200)


@login_required
def attachment(request, pk):
    item = Attachment.objects.select_related("message__thread").filter(pk=pk).first()
    if item is None:
        audit.record(
            request, action=AccessAction.ATTACHMENT, object_type="reviews.attachment", object_id=pk, allowed=False
        )
        raise Http404
    thread, p = _thread(request, item.message.thread_id, action=AccessAction.ATTACHMENT, obj=item)
    if not permissions.may_download_attachment(p, thread.review, thread, item):
        _refuse(request, item, state=thread.review.state_id)
    return _send(request, item)


@login_required
def phases(request):
    if not permissions.may_open_phases(request.user):
        raise Http404
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phase = get_object_or_404(WorkplanPhase, number=form.cleaned_data["phase"])
        try:
            services.open_phase(
                phase=phase,
                year_group=form.cleaned_data["year_group"],
                by=request.user,
                decision_reference=form.cleaned_data["decision_reference"],
                decision_note=form.cleaned_data["decision_note"],
            )
        except services.ReviewRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The phase is open and its reviews are scheduled."))
        return redirect("reviews:phases")
    return render(request, "reviews/phases.html", {"table": selectors.advancement_table()})


def _send(request, item):
    """A dialogue file, checked against the SHA-256 recorded when it was posted (sherloc/storage.py)."""
    return download(
        request,
        item.file,
        filename=item.name,
        sha256=item.sha256,
        content_type=content_type_for(item.name),
        what=f"dialogue attachment {item.pk}",
    )


def shared(request, iso3, phase):
    """The dialogue of a review as someone who is not a party reads it: only the threads (and files) the State
    under review shared with the reader's State on request (P 41) or made public (P 42). Read only."""
    review = (
        CountryReview.objects.select_related("state", "phase__cluster")
        .filter(state__code=str(iso3).upper()[:3], phase__number=phase)
        .first()
    )
    if review is None:
        raise Http404
    p = permissions.participation(request.user, review)
    if p.may_view:
        return redirect("reviews:detail", pk=review.pk)
    if not permissions.may_read_shared(p, review):
        raise Http404
    threads = [t for t in selectors.shared_threads(review) if permissions.may_view_thread(p, review, t)]
    if not threads:
        raise Http404
    for t in threads:
        for message in t.messages.all():
            message.files = [
                a for a in message.attachments.all() if permissions.may_download_attachment(p, review, t, a)
            ]
    audit.record(request, action=AccessAction.VIEW, obj=review, state=review.state_id, note="disclosed dialogue")
    return render(request, "reviews/shared.html", {"review": review, "threads": threads})


def shared_attachment(request, pk):
    """A file of a shared or public dialogue (P 41, P 42), for readers who are not parties."""
    item = get_object_or_404(Attachment.objects.select_related("message__thread__review"), pk=pk)
    thread = item.message.thread
    p = permissions.participation(request.user, thread.review)
    allowed = permissions.may_download_attachment(p, thread.review, thread, item)
    audit.record(request, action=AccessAction.ATTACHMENT, obj=item, state=thread.review.state_id, allowed=allowed)
    if not allowed:
        raise Http404
    return _send(request, item)


def _files_of(review) -> dict[str, str]:
    """The files posted in a review's dialogue, for the State's choice of what to make public (P 42)."""
    rows = Attachment.objects.filter(message__thread__review=review).order_by("pk").values_list("pk", "name")
    return {str(pk): name for pk, name in rows}


@login_required
@require_POST
def disclose(request, pk):
    """The State under review makes its dialogue, or its files, public: in whole or by thread (P 42)."""
    review, p = selectors.access_review(request.user, pk)
    if not permissions.may_disclose(p, review):
        raise Http404
    threads = {
        str(t.pk): str(t) for t in DialogueThread.objects.select_related("article__instrument").filter(review=review)
    }
    files = _files_of(review)
    form = DiscloseDialogueForm(request.POST, threads=threads, files=files)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("reviews:detail", pk=pk)
    material = form.cleaned_data["material"]
    names = threads if material == "dialogue" else files
    chosen = form.cleaned_data["threads"] if material == "dialogue" else form.cleaned_data["files"]
    try:
        made = disclosure_services.disclose(
            state=review.state,
            phase=review.phase,
            material=material,
            audience="public",
            parts={key: names[key] for key in chosen} or None,
            by=request.user,
        )
    except disclosure_services.DisclosureRefused as error:
        messages.error(request, str(error))
    else:
        for decision in made:
            audit.record_disclosure(request, obj=decision, state=decision.state_id, note=str(decision))
        messages.success(
            request,
            _("Recorded: %(n)s decision(s). They are listed on your State's disclosure page.") % {"n": len(made)},
        )
    return redirect("reviews:detail", pk=pk)
