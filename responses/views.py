from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from disclosure import permissions as disclosure_permissions
from disclosure import services as disclosure_services
from questionnaires.models import Question
from sherloc import audit, uploads
from sherloc.accounts.permissions import can_coordinate
from sherloc.accounts.selectors import states_of
from sherloc.audit.enums import AccessAction
from sherloc.pagecache.pages import cached_page
from sherloc.storage import download
from sherloc.uploads import content_type_for
from sherloc.web.errors import form_errors, parse_anchor, parse_id
from sherloc.web.pages import neighbours
from sherloc.web.redirects import safe_next

from . import answers as rules
from . import permissions, selectors, services
from .documents import readable
from .forms import DeadlineForm, DiscloseForm, OpenResponseForm, ReopenForm, UncacFileForm
from .models import Attachment, Response, Snapshot
from .uncac import UncacFileInvalid, correspondence, parse_file


def _action(request) -> str:
    return AccessAction.VIEW if request.method in ("GET", "HEAD") else AccessAction.WRITE


def _refuse(request, *, action=None, obj=None, object_type="responses.response", object_id=None, state=None):
    """Log the refusal, then answer 404 as for a response that does not exist."""
    audit.record(
        request,
        action=action or _action(request),
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        state=state,
        allowed=False,
    )
    raise Http404


def _response(request, pk, *, draft=True, action=None, logged=True) -> Response:
    """The response if the user may read its draft (or, with draft=False, its submissions); else 404.
    The read, or the refusal, is logged (logged=False: the caller logs what it serves)."""
    response = Response.objects.select_related("state", "phase__cluster").filter(pk=pk).first()
    if response is None:
        _refuse(request, action=action, object_id=pk)
    allowed = permissions.can_view_draft if draft else permissions.can_view_submissions
    if not allowed(request.user, response):
        _refuse(request, action=action, obj=response, state=response.state_id)
    if logged:
        audit.record(request, action=action or _action(request), obj=response, state=response.state_id)
    return response


@login_required
def index(request):
    coordinated = [s for s in states_of(request.user) if can_coordinate(request.user, s)]
    form = None
    if coordinated:
        from sherloc.registry.models import State

        states = State.objects.filter(pk__in=[s.pk for s in coordinated])
        form = OpenResponseForm(request.POST or None, states=states)
        if request.method == "POST" and form.is_valid():
            state = form.cleaned_data.get("state") or coordinated[0]
            try:
                response = services.open_response(
                    state=state,
                    phase=form.cleaned_data["phase"],
                    language=form.cleaned_data["language"],
                    deadline=form.cleaned_data["deadline"],
                    by=request.user,
                )
            except services.ResponseRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The questionnaire is open. Give each section to the people who will answer it.")
                )
                return redirect("responses:detail", pk=response.pk)
    elif request.method == "POST":
        raise Http404
    own = {s.pk for s in states_of(request.user)}
    rows = [
        (response, selectors.draft(response) if response.state_id in own else None)
        for response in selectors.responses_for(request.user)
    ]
    return render(request, "responses/index.html", {"rows": rows, "form": form, "late": _late_drafts(request.user)})


def _late_drafts(user) -> list[dict] | None:
    """For the secretariat: the drafts past their deadline, with a form to change it (P 33), and nothing of
    their content, which it never reads (P 20)."""
    if not permissions.can_change_deadline(user):
        return None
    today = timezone.localdate()
    rows = []
    for response in selectors.late_drafts(today):
        latest = services.latest_deadline(timezone.localdate(response.opened_at))
        rows.append(
            {
                "response": response,
                "latest": latest,
                "changeable": latest > today,
            }
        )
    return rows


@login_required
@cached_page
def detail(request, pk):
    response = Response.objects.select_related("state", "phase__cluster").filter(pk=pk).first()
    if response is None:
        _refuse(request, object_id=pk)
    if not permissions.can_view_draft(request.user, response):
        latest = response.snapshots.order_by("-number").first()
        if latest is None or not permissions.can_view_submissions(request.user, response):
            _refuse(request, obj=response, state=response.state_id)
        return redirect("responses:snapshot", pk=pk, number=latest.number)
    audit.record(request, action=AccessAction.VIEW, obj=response, state=response.state_id)
    return _render_detail(request, response)


def _render_detail(request, response, *, missing=None, status=200):
    draft = selectors.draft(response)
    user = request.user
    manage = permissions.can_manage(user, response)
    context = {
        "response": response,
        "draft": draft,
        "drafting": permissions.drafting_section_ids(user, response),
        "manage": manage,
        "people": selectors.assignable_people(response.state) if manage else [],
        "snapshots": response.snapshots.order_by("number"),
        "missing": missing,
        "reopen_form": ReopenForm() if permissions.can_reopen(user, response) else None,
        "deadline_form": DeadlineForm(initial={"deadline": response.deadline})
        if permissions.can_change_deadline(user)
        else None,
        "latest_deadline": services.latest_deadline(timezone.localdate(response.opened_at)),
    }
    return render(request, "responses/detail.html", context, status=status)


def _section_view(draft, section_pk):
    for view in draft.sections:
        if view.section.pk == section_pk:
            return view
    raise Http404


@login_required
@cached_page
def section(request, pk, section):
    response = _response(request, pk)
    draft = selectors.draft(response)
    return _render_section(request, response, draft, _section_view(draft, section))


def _article_pages(request, response, draft, view, *, bound=None):
    """The section's articles, one page each: (the questions of the page's article, the table of contents,
    the previous and the next page). The page is the article of ``?article=`` (its number), else that of the
    question ``bound`` keeps, else the first."""
    numbers: dict[int, list] = {}
    for q in view.questions:
        numbers.setdefault(q.article.number, []).append(q)
    if bound:
        question = next((q for q in view.questions if q.pk in bound), None)
        chosen = question.article.number if question else None
    elif "article" in request.GET:
        chosen = parse_id(request.GET["article"], name="article")
        if chosen not in numbers:
            raise Http404
    else:
        chosen = None
    if chosen is None and numbers:
        chosen = next(iter(numbers))
    base = reverse("responses:section", args=[response.pk, view.section.pk])
    shown = {q.pk for q in view.shown}
    toc = []
    for number, questions in numbers.items():
        mandatory = [q for q in questions if q.pk in shown and rules.is_mandatory(q)]
        toc.append(
            {
                "article": questions[0].article,
                "url": f"{base}?article={number}",
                "current": number == chosen,
                "required": len(mandatory),
                "answered": sum(1 for q in mandatory if draft.is_answered(q)),
            }
        )
    previous, following = neighbours(toc, next((i for i, entry in enumerate(toc) if entry["current"]), 0))
    return numbers.get(chosen, []), toc, previous, following


def _question_url(response_pk, section_pk, question) -> str:
    """The answering page that shows ``question``, at the question."""
    base = reverse("responses:section", args=[response_pk, section_pk])
    return f"{base}?article={question.article.number}#q{question.pk}"


def _render_section(request, response, draft, view, *, bound=None, status=200):
    """The answering page of a section, one article at a time. `bound` keeps what the user typed for one
    question that was refused or met a conflict: {question pk: {"data": POST, "problems": [...], "conflict": Answer}}."""
    editable = view.section.pk in permissions.drafting_section_ids(request.user, response)
    shown = {q.pk for q in view.shown}
    questions, toc, previous, following = _article_pages(request, response, draft, view, bound=bound)
    full = draft.full_answers(questions)
    items = []
    for q in questions:
        answer = full.get(q.pk)
        mine = (bound or {}).get(q.pk)
        items.append(
            {
                "question": q,
                "text": q.text.get(response.language) or q.text["en"],
                "answer": answer,
                "value": _posted_value(q, mine["data"]) if mine else (answer.value if answer else None),
                "problems": mine.get("problems", []) if mine else [],
                "conflict": mine.get("conflict") if mine else None,
                "shown": q.pk in shown,
                "choices": [(c["value"], c["text"].get(response.language) or c["text"]["en"]) for c in q.choices],
            }
        )
    context = {
        "response": response,
        "draft": draft,
        "view": view,
        "items": items,
        "toc": toc,
        "previous": previous,
        "following": following,
        "editable": editable,
        # the answers are written in the response's working language, the page around them in the user's
        "closed_answers": _in_language(response.language, rules.ClosedAnswer.choices),
        "upload_max_bytes": settings.UPLOAD_MAX_BYTES,
        "upload_accept": uploads.ACCEPT,
        "upload_help": uploads.help_text(),
    }
    return render(request, "responses/section.html", context, status=status)


def _in_language(language, choices) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(value, str(label)) for value, label in choices]


def _posted_value(question, data):
    """What the user typed, to show it again after a refusal: nothing they wrote is lost."""
    if question.kind == "multiple_choice":
        return data.getlist("value")
    if question.kind == "legislation":
        fields = list(rules.REFERENCE_LIMITS)
        columns = [data.getlist(f) for f in fields]
        return [dict(zip(fields, row, strict=False)) for row in zip(*columns, strict=False)]
    return data.get("value", "")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _progress(draft, section_pk):
    view = _section_view(draft, section_pk)
    return {
        "section": {"answered": view.answered, "required": view.required, "percent": view.percent},
        "overall": {"answered": draft.answered, "required": draft.required, "percent": draft.percent},
        "shown": [q.pk for q in view.shown],
    }


def _question(response, pk) -> tuple[Question, object]:
    question = get_object_or_404(Question.objects.select_related("article"), pk=pk)
    section = selectors.section_for(response, question)
    if section is None:
        raise Http404
    return question, section


@login_required
@require_POST
def save_answer(request, pk, question):
    """Autosave of one answer (JSON for the page's script; a plain form post works without it)."""
    response = _response(request, pk)
    question, section = _question(response, question)
    if not permissions.can_draft(request.user, section, response):
        _refuse(request, obj=response, state=response.state_id)
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = -1
    try:
        answer = services.save_answer(
            response=response, question=question, data=request.POST, expected_version=version, by=request.user
        )
    except rules.AnswerInvalid as error:
        return _refused(request, response, section, question, problems=error.problems)
    except services.ResponseRefused as error:
        return _refused(request, response, section, question, problems=[str(error)])
    except services.AnswerConflict as conflict:
        return _refused(request, response, section, question, conflict=conflict.current)
    if _wants_json(request):
        saved = formats.time_format(timezone.localtime(answer.updated_at), "H:i")
        return JsonResponse(
            {"ok": True, "version": answer.version, "saved": saved, **_progress(selectors.draft(response), section.pk)}
        )
    messages.success(request, _("Answer saved."))
    return redirect(_question_url(pk, section.pk, question))


def _refused(request, response, section, question, *, problems=(), conflict=None):
    if _wants_json(request):
        if conflict is not None:
            theirs = {
                "version": conflict.version,
                "by": str(conflict.updated_by),
                "at": formats.time_format(timezone.localtime(conflict.updated_at), "H:i"),
                "value": conflict.value,
            }
            message = _(
                "%(who)s saved this answer at %(time)s while you were editing. Your text is still here: "
                "keep yours to replace theirs, or take theirs."
            ) % {"who": theirs["by"], "time": theirs["at"]}
            return JsonResponse({"ok": False, "conflict": theirs, "message": message}, status=409)
        return JsonResponse({"ok": False, "problems": list(problems)}, status=400)
    draft = selectors.draft(response)
    bound = {question.pk: {"data": request.POST, "problems": list(problems), "conflict": conflict}}
    return _render_section(
        request, response, draft, _section_view(draft, section.pk), bound=bound, status=409 if conflict else 400
    )


@login_required
@require_POST
def upload(request, pk, question):
    response = _response(request, pk)
    question, section = _question(response, question)
    if not permissions.can_draft(request.user, section, response):
        _refuse(request, obj=response, state=response.state_id)
    files = request.FILES.getlist("file")
    problems = [] if files else [_("Choose a file to upload.")]
    if files:
        try:
            services.add_attachments(response=response, question=question, files=files, by=request.user)
        except services.ResponseRefused as error:
            problems.append(str(error))
    if problems:
        if _wants_json(request):
            return JsonResponse({"ok": False, "problems": problems}, status=400)
        draft = selectors.draft(response)
        bound = {question.pk: {"data": request.POST, "problems": problems}}
        return _render_section(request, response, draft, _section_view(draft, section.pk), bound=bound, status=400)
    messages.success(request, ngettext("File added.", "Files added.", len(files)))
    return redirect(_question_url(pk, section.pk, question))


@login_required
def attachment(request, pk, attachment):
    """A file of the draft (the State's users) or of a submission (also its readers)."""
    response = Response.objects.filter(pk=pk).first()
    file = Attachment.objects.filter(pk=attachment, answer__response=response).first() if response else None
    if file is None:
        _refuse(
            request,
            action=AccessAction.ATTACHMENT,
            object_type="responses.attachment",
            object_id=attachment,
            state=response.state_id if response else None,
        )
    if not permissions.can_view_draft(request.user, response):
        instruments = permissions.readable_instruments(request.user, response)
        submitted = any(
            a["id"] == file.pk
            for s in response.snapshots.all()
            for section in s.content["sections"]
            if instruments is None or section["instrument"] in instruments
            for q in section["questions"]
            for a in q["attachments"]
        )
        if not (submitted and permissions.can_view_submissions(request.user, response)):
            _refuse(request, action=AccessAction.ATTACHMENT, obj=file, state=response.state_id)
    audit.record(request, action=AccessAction.ATTACHMENT, obj=file, state=response.state_id)
    return download(
        request,
        file.file,
        filename=file.name,
        sha256=file.sha256,
        content_type=content_type_for(file.name),
        what=f"response attachment {file.pk}",
    )


@login_required
@require_POST
def remove_attachment(request, pk, attachment):
    response = _response(request, pk)
    file = get_object_or_404(
        Attachment.objects.select_related("answer__question__article"), pk=attachment, answer__response=response
    )
    try:
        services.remove_attachment(attachment=file, by=request.user)
    except services.ResponseRefused:
        raise Http404 from None
    section = response.sections.get(questionnaire_id=file.answer.question.questionnaire_id)
    messages.success(request, _("File removed from the answer."))
    return redirect(_question_url(pk, section.pk, file.answer.question))


@login_required
@require_POST
def assign(request, pk, section):
    response = _response(request, pk)
    if not permissions.can_manage(request.user, response):
        _refuse(request, obj=response, state=response.state_id)
    target = get_object_or_404(response.sections, pk=section)
    # an id that is not a number is refused with a message (400), not a server error
    chosen = [parse_id(value, name="assignees") for value in request.POST.getlist("assignees")]
    people = selectors.assignable_people(response.state).filter(pk__in=chosen)
    try:
        services.assign_section(section=target, users=list(people), by=request.user)
    except services.ResponseRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(section)s: assignment saved.") % {"section": target})
    return redirect("responses:detail", pk=pk)


@login_required
@require_POST
def reuse_earlier(request, pk):
    response = _response(request, pk)
    if not permissions.can_manage(request.user, response):
        _refuse(request, obj=response, state=response.state_id)
    filled = services.prefill_from_earlier(response=response, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(n)s answer filled from earlier submissions.", "%(n)s answers filled from earlier submissions.", filled
        )
        % {"n": filled},
    )
    return redirect("responses:detail", pk=pk)


@login_required
def reuse_uncac(request, pk):
    """Import a UNCAC response file, or paste per article what was said to the UNCAC review (P 21)."""
    response = _response(request, pk)
    if not permissions.can_manage(request.user, response):
        _refuse(request, obj=response, state=response.state_id)
    draft = selectors.draft(response)
    mapping = correspondence()
    rows = []
    for view in draft.sections:
        if view.section.questionnaire.instrument.code == "UNTOC":
            seen = set()
            for q in view.questions:
                if q.article.number in mapping and q.article.number not in seen:
                    seen.add(q.article.number)
                    rows.append((q.article, mapping[q.article.number]))
    file_form = UncacFileForm()
    problems = []
    if request.method == "POST":
        if "file" in request.FILES:
            file_form = UncacFileForm(request.POST, request.FILES)
            upload = request.FILES["file"]
            try:
                source, articles = parse_file(upload.read(), upload.name)
            except UncacFileInvalid as error:
                problems = error.problems
        else:
            source = request.POST.get("source", "").strip() or _("text pasted in the portal")
            articles = {}
            for _article, numbers in rows:
                for number in numbers:
                    text = request.POST.get(f"text-{number}", "").strip()
                    answer = request.POST.get(f"answer-{number}", "")
                    if text or answer:
                        articles[number] = {
                            "answer": answer if answer in rules.ClosedAnswer.values else "",
                            "text": text,
                        }
            if not articles:
                problems = [_("Paste the text of at least one article.")]
        if not problems:
            filled = services.reuse_uncac(response=response, articles=articles, source=source, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(n)s answer filled from the UNCAC review.", "%(n)s answers filled from the UNCAC review.", filled
                )
                % {"n": filled},
            )
            return redirect("responses:detail", pk=pk)
    context = {
        "response": response,
        "rows": rows,
        "file_form": file_form,
        "problems": problems,
        "posted": request.POST,
        "closed_answers": rules.ClosedAnswer.choices,
    }
    return render(request, "responses/reuse_uncac.html", context, status=400 if problems else 200)


@login_required
@require_POST
def submit(request, pk):
    response = _response(request, pk)
    if not permissions.can_manage(request.user, response):
        _refuse(request, obj=response, state=response.state_id)
    try:
        snapshot = services.submit(response=response, by=request.user)
    except services.SubmissionBlocked as blocked:
        return _render_detail(request, response, missing=blocked.missing, status=400)
    messages.success(request, _("The response is submitted. Its reviewing States and the secretariat can now read it."))
    return redirect("responses:snapshot", pk=pk, number=snapshot.number)


@login_required
@require_POST
def reopen(request, pk):
    response = get_object_or_404(Response, pk=pk)
    if not permissions.can_reopen(request.user):
        _refuse(request, obj=response, state=response.state_id)
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ResponseRefused(_("Name the State's request to reopen (its reference or date)."))
        services.reopen(response=response, by=request.user, request_reference=form.cleaned_data["request_reference"])
    except services.ResponseRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The response is open again for the State; the earlier submission stays readable."))
    return redirect("responses:snapshot", pk=pk, number=response.snapshots.count())


@login_required
@require_POST
def deadline(request, pk):
    response = get_object_or_404(Response, pk=pk)
    if not permissions.can_change_deadline(request.user):
        _refuse(request, obj=response, state=response.state_id)
    form = DeadlineForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ResponseRefused(_("Give the deadline as a date."))
        services.change_deadline(response=response, deadline=form.cleaned_data["deadline"], by=request.user)
    except services.ResponseRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Deadline changed."))
    # never off to another site, and never a server error for a "next" that is not a path
    return redirect(safe_next(request, request.POST.get("next"), reverse("responses:detail", args=[pk])))


def _snapshot(request, pk, number, *, action=AccessAction.VIEW) -> Snapshot:
    """A submission the user may read (else 404); the caller logs the read once it has checked all it serves."""
    response = _response(request, pk, draft=False, action=action, logged=False)
    shot = (
        Snapshot.objects.select_related("response__state", "submitted_by")
        .filter(response=response, number=number)
        .first()
    )
    if shot is None:
        _refuse(request, action=action, obj=response, state=response.state_id)
    return shot


@login_required
@cached_page
def snapshot(request, pk, number):
    shot = _snapshot(request, pk, number)
    response = shot.response
    audit.record(request, action=AccessAction.VIEW, obj=shot, state=response.state_id)
    instruments = permissions.readable_instruments(request.user, response)
    anchor = parse_anchor(request.GET["article"], name="article") if "article" in request.GET else None
    pages = _submission_pages(request.path, shot.content, instruments, anchor)
    context = {
        "snapshot": shot,
        "response": response,
        "content": shot.content,
        **pages,
        "whole": permissions.reads_whole_submission(request.user, response, shot.content["sections"], instruments),
        "snapshots": response.snapshots.order_by("number"),
        "own": permissions.can_view_draft(request.user, response),
        "reopen_form": ReopenForm()
        if permissions.can_reopen(request.user, response) and shot.reopened_at is None
        else None,
        "deadline_form": DeadlineForm(initial={"deadline": response.deadline})
        if permissions.can_change_deadline(request.user)
        else None,
        "disclose_form": DiscloseForm(sections=shot.content["sections"])
        if _may_decide(request.user, response)
        else None,
    }
    return render(request, "responses/snapshot.html", context)


def _anchor(section, question) -> str:
    """The article of a frozen question as the address names it: "untoc-5"."""
    return f"{section['instrument']}-{question['article']}".lower()


def _submission_pages(path, content, instruments, anchor) -> dict:
    """A submission one article at a time: the sections of the instruments the user reads, with the article
    of ``anchor`` ("untoc-5"; None: the first) put into words, its table of contents and its neighbours."""
    toc, order = [], []
    for section in content["sections"]:
        if instruments is not None and section["instrument"] not in instruments:
            continue
        articles: dict[str, dict] = {}
        for q in section["questions"]:
            key = _anchor(section, q)
            if key not in articles:
                articles[key] = {"anchor": key, "number": q["article"], "title": q["article_title"]}
                articles[key]["url"] = f"{path}?article={key}"
                order.append((section, articles[key]))
        toc.append(
            {
                "instrument": section["instrument"],
                "instrument_name": section["instrument_name"],
                "articles": list(articles.values()),
            }
        )
    at = 0 if anchor is None else next((i for i, (_s, a) in enumerate(order) if a["anchor"] == anchor), None)
    if at is None:
        raise Http404
    if not order:
        return {"sections": [], "toc": toc, "current": None, "previous": None, "following": None}
    section, current = order[at]
    chosen = {
        **section,
        "questions": [q for q in section["questions"] if _anchor(section, q) == current["anchor"]],
    }
    previous, following = neighbours([a for _s, a in order], at)
    return {
        "sections": readable({**content, "sections": [chosen]}),
        "toc": toc,
        "current": current,
        "previous": previous,
        "following": following,
    }


def _may_decide(user, response) -> bool:
    return disclosure_permissions.may_decide(user, response.state)


@login_required
@require_POST
def disclose(request, pk):
    """The State's focal point releases the latest submission to the States parties or makes it public (P 41, P 42)."""
    response = _response(request, pk)
    shot = response.snapshots.order_by("-number").first()
    if shot is None or not _may_decide(request.user, response):
        raise Http404
    form = DiscloseForm(request.POST, sections=shot.content["sections"])
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("responses:snapshot", pk=pk, number=shot.number)
    names = {s["instrument"]: s["instrument_name"] for s in shot.content["sections"]}
    parts = {code: names[code] for code in form.cleaned_data["sections"]} or None
    try:
        made = disclosure_services.disclose(
            state=response.state,
            phase=response.phase,
            material="responses",
            audience=form.cleaned_data["audience"],
            parts=parts,
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
    return redirect("responses:snapshot", pk=pk, number=shot.number)


def shared(request, iso3, phase):
    """A State's latest submission of a phase as another State's user or the public may read it: only the
    sections the State released to them (P 41) or made public (P 42). Parties to the review go to the full page."""
    response = (
        Response.objects.select_related("state", "phase__cluster")
        .filter(state__code=str(iso3).upper()[:3], phase__number=phase, snapshots__isnull=False)
        .distinct()
        .first()
    )
    if response is None:
        raise Http404
    shot = response.snapshots.select_related("submitted_by").order_by("-number").first()
    user = request.user
    if user.is_authenticated and (
        permissions.can_view_draft(user, response)
        or permissions.is_secretariat(user)
        or permissions.reviews_the_state(user, response.state)
    ):
        return redirect("responses:snapshot", pk=response.pk, number=shot.number)
    instruments = permissions.disclosed_instruments(user, response)
    sections = [s for s in readable(shot.content) if instruments is None or s["instrument"] in instruments]
    if not sections:
        raise Http404
    context = {"snapshot": shot, "response": response, "content": shot.content, "sections": sections}
    audit.record(request, action=AccessAction.VIEW, obj=shot, state=response.state_id, note="disclosed sections")
    return render(request, "responses/shared.html", context)


@login_required
def snapshot_pdf(request, pk, number):
    from .documents import ensure_pdf

    shot = _snapshot(request, pk, number, action=AccessAction.PDF)
    if not permissions.reads_whole_submission(request.user, response=shot.response, sections=shot.content["sections"]):
        # the PDF holds instruments this reviewing State was not drawn for (P 28)
        _refuse(request, action=AccessAction.PDF, obj=shot, state=shot.response.state_id)
    audit.record(request, action=AccessAction.PDF, obj=shot, state=shot.response.state_id)
    # rendered by a worker on submission; a request only renders what the worker has not yet made
    ensure_pdf(shot)
    filename = f"{shot.content['state']}-phase{shot.content['phase']}-submission{shot.number}.pdf"
    return download(
        request,
        shot.pdf,
        filename=filename,
        sha256=shot.pdf_sha256,
        content_type="application/pdf",
        what=f"PDF of submission {shot.pk}",
    )
