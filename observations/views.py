"""Pages of the lists of observations (P 37, P 39) and of the final desk review report (P 38).
Each view parses, asks observations.permissions (through the selectors' access_* helpers), calls one
service and renders. Forbidden and missing both answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import permissions as document_permissions
from documents import selectors as documents
from documents import services as document_services
from documents.enums import DocumentKind, WorkingGroup
from reviews.selectors import articles_in_scope
from sherloc.registry.models import MechanismSettings
from sherloc.web.errors import RefusedInput, parse_id

from . import permissions, selectors, services
from .enums import KIND_ORDER, MAX_COMMENT_CHARS, MAX_ITEM_CHARS, MAX_ITEMS, MAX_SECTION_CHARS, ItemKind
from .models import grouped_items, paragraphs

BLANK_ROWS = 3


def _agreed(agreements) -> set[int]:
    """The parties whose agreement to this version stands (the button is not offered to them again)."""
    return set(agreements.filter(withdrawn_at__isnull=True).values_list("state_id", flat=True))


def _text(value: str, *, limit: int, name: str) -> str:
    if len(value) > limit:
        raise RefusedInput(
            _("“%(name)s” is longer than %(limit)s characters: nothing was saved.")
            % {"name": name, "limit": f"{limit:,}"}
        )
    return value


def _posted_items(post) -> list[dict]:
    """The rows of the edit form: kind-N, text-N, articles-N (ids), for N from 0."""
    if f"text-{MAX_ITEMS}" in post:
        raise RefusedInput(_("A list holds at most %(n)s items: nothing was saved.") % {"n": MAX_ITEMS})
    items = []
    for n in range(MAX_ITEMS):
        if f"text-{n}" not in post:
            continue
        items.append(
            {
                "kind": post.get(f"kind-{n}", ""),
                "text": _text(post.get(f"text-{n}", ""), limit=MAX_ITEM_CHARS, name=_("Item %(n)s") % {"n": n + 1}),
                "articles": [parse_id(a, name=_("article")) for a in post.getlist(f"articles-{n}")],
            }
        )
    return items


def _list_context(request, review, p, lst) -> dict:
    version = lst.current_version() if lst else None
    return {
        "review": review,
        "lst": lst,
        "version": version,
        "groups": grouped_items(version.items) if version else [],
        "versions": list(lst.versions.select_related("author").order_by("-number")) if lst else [],
        "comments": list(lst.comments.select_related("author", "version", "on_behalf_of")) if lst else [],
        "agreements": selectors.list_agreements(review, lst),
        "may_edit": permissions.may_edit_list(p, review, lst),
        "may_comment": permissions.may_comment_list(p, review, lst),
        "may_agree": version is not None
        and bool(permissions.list_agreeable_by(p, review, lst) - _agreed(version.agreements)),
        "limit": MechanismSettings.current().list_max_words,
        "max_comment": MAX_COMMENT_CHARS,
    }


def _issuing(request, source) -> dict:
    """What the secretariat may do with a final list or report in the documents capability (P 37, P 40, P 43)."""
    made = documents.documents_of(source)
    may = (
        source is not None
        and source.is_final
        and document_permissions.may_manage(document_permissions.reader(request.user))
    )
    return {
        "crp": made.get(DocumentKind.CRP),
        "translations": made.get(DocumentKind.REPORT),
        "may_issue": may,
        "working_groups": WorkingGroup.choices,
    }


@login_required
def list_page(request, pk):
    review, p, lst = selectors.access_list(request.user, pk)
    return render(
        request, "observations/list.html", {**_list_context(request, review, p, lst), **_issuing(request, lst)}
    )


@login_required
@require_POST
def list_issue(request, pk):
    """The secretariat issues a final list of observations as a conference room paper for the working groups
    (P 37, P 43)."""
    review, p, lst = selectors.access_list(request.user, pk)
    if not _issuing(request, lst)["may_issue"]:
        raise Http404
    groups = [g for g in request.POST.getlist("working_groups") if g in WorkingGroup.values]
    try:
        document = document_services.issue_crp(
            source=lst, working_groups=groups, session=request.POST.get("session", ""), by=request.user
        )
    except document_services.DocumentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("observations:list", pk=review.pk)
    messages.success(request, _("Issued as %(symbol)s.") % {"symbol": document.symbol})
    return redirect("documents:detail", pk=document.pk)


@login_required
def list_edit(request, pk):
    review, p, lst = selectors.access_list(request.user, pk)
    if not permissions.may_edit_list(p, review, lst):
        raise Http404
    version = lst.current_version() if lst else None
    error = None
    if request.method == "POST":
        items = _posted_items(request.POST)
        note = _text(request.POST.get("note", ""), limit=300, name=_("Note"))
        try:
            saved = services.save_list(review=review, items=items, by=request.user, note=note)
        except services.OutcomeRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Version %(n)s of the list is saved.") % {"n": saved.number})
            return redirect("observations:list", pk=review.pk)
    else:
        items = version.items if version else []
    rows = [dict(item, articles=[int(a) for a in item.get("articles", [])]) for item in items]
    rows += [{"kind": ItemKind.GAP, "text": "", "articles": []} for _i in range(BLANK_ROWS)]
    context = {
        "review": review,
        "version": version,
        "rows": rows,
        "kinds": [(k.value, k.label) for k in KIND_ORDER],
        "articles": articles_in_scope(review),
        "limit": MechanismSettings.current().list_max_words,
        "words": services.list_words([i for i in items if isinstance(i.get("text"), str)]),
        "error": error,
        "note": request.POST.get("note", "") if request.method == "POST" else "",
    }
    return render(request, "observations/list_edit.html", context, status=400 if error else 200)


@login_required
@require_POST
def list_agree(request, pk):
    review, _p, _lst = selectors.access_list(request.user, pk)
    number = parse_id(request.POST.get("version"), name=_("version"))
    try:
        lst = services.agree_list(review=review, version_number=number, by=request.user)
    except services.OutcomeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if lst.is_final:
            messages.success(
                request,
                _("Every party agreed: the list is final and the review of this phase is complete (P 39, P 9)."),
            )
        else:
            messages.success(request, _("Your agreement to version %(n)s is recorded.") % {"n": number})
    return redirect("observations:list", pk=review.pk)


@login_required
@require_POST
def list_comment(request, pk):
    review, _p, _lst = selectors.access_list(request.user, pk)
    text = _text(request.POST.get("text", ""), limit=MAX_COMMENT_CHARS, name=_("Comment"))
    try:
        services.comment_list(review=review, text=text, by=request.user)
    except services.OutcomeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your comment is posted; every party reads it."))
    return redirect("observations:list", pk=review.pk)


# The final desk review report ---------------------------------------------------------------------


def _report_context(state, p, report) -> dict:
    context = {"state": state, "report": report, "may_start": False, "p": p}
    if report is None:
        context["may_start"] = permissions.may_start_report_for(p)
        context["to_complete"] = services.reviews_to_complete(state)
        return context
    visible = permissions.may_view_report(p, report)
    version = report.current_version() if visible else None
    marked = selectors.repeated_paragraphs(version.sections, selectors.list_texts_of(state)) if version else set()
    context.update(
        {
            "visible": visible,
            "version": version,
            "sections": [
                {
                    "title": s["title"],
                    "paragraphs": [(text, (s["key"], i) in marked) for i, text in enumerate(paragraphs(s["text"]))],
                }
                for s in (version.sections if version else [])
            ],
            "repeats": len(marked),
            "versions": list(report.versions.select_related("author").order_by("-number")) if visible else [],
            "agreements": selectors.report_agreements(report) if visible else [],
            "may_edit": permissions.may_edit_report(p, report),
            "may_request": permissions.may_request_draft(p, report),
            "may_share": permissions.may_share_draft(p, report),
            "may_agree": version is not None
            and bool(permissions.report_agreeable_by(p, report) - _agreed(version.agreements)),
            "limit": MechanismSettings.current().report_max_words,
        }
    )
    return context


@login_required
def report_page(request, code):
    state, p, report = selectors.access_report(request.user, code)
    return render(
        request, "observations/report.html", {**_report_context(state, p, report), **_issuing(request, report)}
    )


@login_required
@require_POST
def report_start(request, code):
    state, p, report = selectors.access_report(request.user, code)
    if not permissions.may_start_report(request.user):
        raise Http404
    try:
        services.start_report(state=state, by=request.user, language=request.POST.get("language", "en")[:10])
    except services.OutcomeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The final desk review report is started from the current blueprint."))
    return redirect("observations:report", code=state.code)


@login_required
def report_edit(request, code):
    state, p, report = selectors.access_report(request.user, code)
    if report is None or not permissions.may_edit_report(p, report):
        raise Http404
    version = report.current_version()
    texts = {s["key"]: s["text"] for s in (version.sections if version else [])}
    error = None
    if request.method == "POST":
        texts = {
            s["key"]: _text(request.POST.get(f"section-{s['key']}", ""), limit=MAX_SECTION_CHARS, name=s["title"])
            for s in report.blueprint.sections
        }
        try:
            saved = services.save_report(report=report, texts=texts, by=request.user)
        except services.OutcomeRefused as refusal:
            error = str(refusal)
        else:
            limit = MechanismSettings.current().report_max_words
            if saved.word_count > limit:
                messages.warning(
                    request,
                    _(
                        "Version %(n)s is saved as a draft: %(words)s words, more than %(limit)s; it cannot be finalised until shortened (P 38)."
                    )
                    % {"n": saved.number, "words": saved.word_count, "limit": limit},
                )
            else:
                messages.success(request, _("Version %(n)s of the report is saved.") % {"n": saved.number})
            return redirect("observations:report", code=state.code)
    context = {
        "state": state,
        "report": report,
        "version": version,
        "sections": [dict(s, text=texts.get(s["key"], "")) for s in report.blueprint.sections],
        "limit": MechanismSettings.current().report_max_words,
        "error": error,
    }
    return render(request, "observations/report_edit.html", context, status=400 if error else 200)


REPORT_ACTIONS = {"request": services.request_draft, "share": services.share_draft}


@login_required
@require_POST
def report_translations(request, code):
    """The final report, once agreed, goes to the six languages (P 40): its translations are tracked."""
    state, p, report = selectors.access_report(request.user, code)
    if report is None or not _issuing(request, report)["may_issue"]:
        raise Http404
    try:
        document = document_services.track_translations(source=report, by=request.user)
    except document_services.DocumentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("observations:report", code=state.code)
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def report_action(request, code, action):
    state, p, report = selectors.access_report(request.user, code)
    if report is None or (action not in REPORT_ACTIONS and action != "agree"):
        raise Http404
    try:
        if action == "agree":
            number = parse_id(request.POST.get("version"), name=_("version"))
            report = services.agree_report(report=report, version_number=number, by=request.user)
            done = (
                _("Every party agreed: the report is final (P 39).")
                if report.is_final
                else _("Your agreement is recorded.")
            )
        else:
            REPORT_ACTIONS[action](report=report, by=request.user)
            done = (
                _("The request for the draft is recorded (P 38).")
                if action == "request"
                else _("The draft went to the reviewing States (P 38).")
            )
    except services.OutcomeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("observations:report", code=state.code)


@login_required
def blueprint(request):
    if not permissions.may_edit_blueprint(request.user):
        raise Http404
    current = services.current_blueprint()
    sections = current.sections if current else []
    error = None
    if request.method == "POST":
        sections = []
        for n in range(60):
            if f"title-{n}" not in request.POST:
                continue
            sections.append(
                {
                    "key": request.POST.get(f"key-{n}", "")[:60],
                    "title": _text(request.POST.get(f"title-{n}", ""), limit=200, name=_("Title")),
                    "guidance": _text(
                        request.POST.get(f"guidance-{n}", ""), limit=MAX_COMMENT_CHARS, name=_("Guidance")
                    ),
                }
            )
        try:
            saved = services.save_blueprint(sections=sections, by=request.user)
        except services.OutcomeRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Version %(n)s of the blueprint is saved.") % {"n": saved.number})
            return redirect("observations:blueprint")
    rows = list(sections) + [{"key": "", "title": "", "guidance": ""}]
    context = {"current": current, "rows": rows, "error": error, "versions": services.blueprint_versions()}
    return render(request, "observations/blueprint.html", context, status=400 if error else 200)
