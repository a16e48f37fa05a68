"""Pages of the documents capability: the library (open to anyone for what is public), a document's
page, the conference officer's translations page, and the posts that issue and track. Each view parses,
asks documents.permissions (through the selectors' access_* helpers), calls one service, renders.
Forbidden and missing both answer 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sherloc.storage import download as serve
from sherloc.web.errors import RefusedInput, form_errors, parse_id
from sherloc.web.pages import query_without_page

from . import permissions, selectors, services
from .enums import Language, RenderStatus
from .forms import AddLanguageForm, IssueForm, LibraryFilter, MoveOnForm, TypedCrpForm, TypeForm, UploadForm
from .sources import TypedSource


def _page_number(request) -> int:
    value = request.GET.get("page", "")
    return parse_id(value, name="page") if value else 1


def library(request):
    form = LibraryFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise RefusedInput(form_errors(form))
    filters = form.cleaned_data if form.is_bound else {}
    page = selectors.library(request.user, filters=filters, page=_page_number(request))
    r = permissions.reader(request.user)
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "may_manage": permissions.may_manage(r),
    }
    return render(request, "documents/library.html", context)


def detail(request, pk):
    document, r = selectors.access_document(request.user, pk)
    versions = [
        {
            "version": v,
            "may_download": permissions.may_download(r, v),
            "may_move_on": permissions.may_move_on(r, v),
            "may_receive": permissions.may_receive(r, v),
        }
        for v in document.versions.all()
        if permissions.may_manage(r) or permissions.may_download(r, v)
    ]
    rendering = any(v["version"].render_status in RenderStatus.in_progress() for v in versions)
    context = {
        "document": document,
        "versions": versions,
        "rendering": rendering,
        "may_manage": permissions.may_manage(r),
        "may_issue": permissions.may_issue(r, document),
        "issue_form": IssueForm(),
        "add_form": AddLanguageForm(present=[v.language for v in document.versions.all()]),
        "upload_form": UploadForm(),
        "type_form": TypeForm(),
    }
    template = "documents/_versions.html" if request.htmx else "documents/detail.html"
    return render(request, template, context)


def download(request, pk):
    version, r = selectors.access_version(request.user, pk)
    if not permissions.may_download(r, version):
        raise Http404
    return serve(
        request,
        version.file,
        filename=version.download_name(),
        sha256=version.sha256,
        content_type=version.content_type or "application/pdf",
        what=f"document version {version.pk}",
    )


def _managed_version(request, pk):
    version, r = selectors.access_version(request.user, pk)
    if not permissions.may_manage(r):
        raise Http404
    return version, r


def _done(request, version, call, success: str):
    try:
        call()
    except services.DocumentRefused as error:
        return render(
            request, "documents/refused.html", {"message": str(error), "back": _back(request, version)}, status=400
        )
    messages.success(request, success)
    return redirect(_back(request, version))


def _back(request, version):
    if request.POST.get("back") == "translations":
        return reverse("documents:translations")
    return reverse("documents:detail", args=[version.document_id])


def _refused(request, document, error):
    back = reverse("documents:detail", args=[document.pk])
    return render(request, "documents/refused.html", {"message": str(error), "back": back}, status=400)


@login_required
@require_POST
def move_on(request, pk):
    version, r = _managed_version(request, pk)
    form = MoveOnForm(request.POST)
    if not form.is_valid():
        raise RefusedInput(_("Choose the next step of the language version."))
    to = form.cleaned_data["to"]
    return _done(
        request, version, lambda: services.move_on(version=version, to=to, by=request.user), _("Status moved on.")
    )


@login_required
@require_POST
def upload(request, pk):
    version, r = _managed_version(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise RefusedInput(form_errors(form))
    file = form.cleaned_data["file"]
    return _done(
        request,
        version,
        lambda: services.upload_version(version=version, upload=file, by=request.user),
        _("The file was received."),
    )


@login_required
@require_POST
def type_text(request, pk):
    version, r = _managed_version(request, pk)
    form = TypeForm(request.POST)
    if not form.is_valid():
        raise RefusedInput(form_errors(form))
    text = form.cleaned_data["text"]
    return _done(
        request,
        version,
        lambda: services.type_version(version=version, text=text, by=request.user),
        _("The text was received; its PDF is being rendered."),
    )


@login_required
@require_POST
def rerender(request, pk):
    version, r = _managed_version(request, pk)
    return _done(
        request, version, lambda: services.rerender(version=version, by=request.user), _("The PDF is being rendered.")
    )


@login_required
@require_POST
def add_language(request, pk):
    document, r = selectors.access_document(request.user, pk)
    if not permissions.may_manage(r):
        raise Http404
    form = AddLanguageForm(request.POST)
    if not form.is_valid():
        raise RefusedInput(
            _("“%(language)s” is not one of the six working languages (%(six)s); nothing was saved (P 48).")
            % {"language": request.POST.get("language", "")[:20], "six": ", ".join(Language.values)}
        )
    try:
        services.add_language(document=document, language=form.cleaned_data["language"], by=request.user)
    except services.DocumentRefused as error:
        return _refused(request, document, error)
    messages.success(request, _("The language version was requested."))
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def issue(request, pk):
    document, r = selectors.access_document(request.user, pk)
    if not permissions.may_issue(r, document):
        raise Http404
    form = IssueForm(request.POST)
    if not form.is_valid():
        raise RefusedInput(form_errors(form))
    try:
        services.issue(
            document=document,
            by=request.user,
            session=form.cleaned_data["session"],
            working_groups=form.cleaned_data["working_groups"],
        )
    except services.DocumentRefused as error:
        return _refused(request, document, error)
    messages.success(request, _("The document was issued."))
    return redirect("documents:detail", pk=document.pk)


@login_required
def new_crp(request):
    r = permissions.reader(request.user)
    if not permissions.may_manage(r):
        raise Http404
    form = TypedCrpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = TypedSource(
            title=data["title"],
            language=data["language"],
            text=data["text"],
            state=data["state"],
            restricted=data["restricted"],
        )
        try:
            document = services.issue_crp(
                source=source, working_groups=data["working_groups"], session=data["session"], by=request.user
            )
        except services.DocumentRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Issued as %(symbol)s.") % {"symbol": document.symbol})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/new_crp.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def translations(request):
    r = permissions.reader(request.user)
    if not permissions.may_manage(r):
        raise Http404
    page = selectors.translations_page(request.user, page=_page_number(request))
    rows = []
    for document in page:
        by_language = {v.language: v for v in document.versions.all()}
        rows.append({"document": document, "cells": [(code, by_language.get(code)) for code in Language.values]})
    context = {"page": page, "rows": rows, "six": Language.choices}
    return render(request, "documents/translations.html", context)
