from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sherloc.accounts.selectors import states_of
from sherloc.registry.models import Cluster
from sherloc.registry.selectors import parties_to

from . import permissions, services
from .definitions import REVIEWED, to_data
from .enums import Lifecycle
from .forms import AdoptForm, NewVersionForm, QuestionForm, describe, located
from .models import Question, Questionnaire
from .selectors import all_versions, in_force, questions_by_cluster, questions_for


def _readable(request) -> None:
    if not permissions.can_read_definitions(request.user):
        raise Http404


def _text(question: Question) -> str:
    """The question in the page's language, else in English."""
    return question.text.get(get_language()) or question.text["en"]


@login_required
def index(request):
    """The adopted questionnaires, to read per instrument or per cluster across instruments."""
    _readable(request)
    adopted = [q for q in (in_force(code) for code in REVIEWED) if q is not None]
    return render(
        request,
        "questionnaires/index.html",
        {
            "adopted": adopted,
            "clusters": Cluster.objects.all(),
            "can_edit": permissions.can_edit_definitions(request.user),
        },
    )


@login_required
def by_instrument(request, instrument):
    _readable(request)
    questionnaire = in_force(instrument.upper())
    if questionnaire is None:
        raise Http404
    sections: dict = {}
    for q in questionnaire.questions.select_related("cluster", "article__instrument"):
        sections.setdefault(q.cluster, []).append((q, _text(q)))
    return render(request, "questionnaires/questionnaire.html", {"title": str(questionnaire), "sections": sections})


@login_required
def by_cluster(request, cluster):
    """One cluster across the Convention and the Protocols, as the working groups adopted them in 2020.

    A State's own users see the instruments their State is party to; others see all four.
    """
    _readable(request)
    try:
        cluster = Cluster.objects.get(code=cluster)
    except Cluster.DoesNotExist:
        raise Http404 from None
    states = list(states_of(request.user))
    instruments = set(REVIEWED)
    if states:
        instruments = set().union(*(parties_to(s) for s in states)) & instruments
    sections: dict = {}
    for code in REVIEWED:
        questionnaire = in_force(code) if code in instruments else None
        if questionnaire is not None:
            # a State's users see what their State is asked (articles 8 and 9: non-UNCAC parties only)
            rows = (
                questions_for(questionnaire, states[0])
                if len(states) == 1
                else questionnaire.questions.select_related("article__instrument")
            )
            sections[questionnaire] = [(q, _text(q)) for q in rows if q.cluster_id == cluster.pk]
    return render(request, "questionnaires/questionnaire.html", {"title": cluster.name, "sections": sections})


# The definitions editor: the secretariat's pages. Anyone else gets "not found" (P 18).


def _version(request, pk: int) -> Questionnaire:
    """Fetch a version and authorise: missing and forbidden look the same."""
    if not permissions.can_edit_definitions(request.user):
        raise Http404
    return get_object_or_404(Questionnaire.objects.select_related("instrument"), pk=pk)


def _version_url(questionnaire: Questionnaire, qid: str | None = None) -> str:
    url = reverse("questionnaires:version", args=[questionnaire.pk])
    return f"{url}#{qid}" if qid else url


def _read_only(request, questionnaire: Questionnaire):
    messages.error(
        request,
        _(
            "%(questionnaire)s is read-only: a version that is finalised or adopted never changes. "
            "Make a new draft version from it."
        )
        % {"questionnaire": questionnaire},
    )
    return redirect(_version_url(questionnaire))


def _refusal(error) -> str:
    """An edit refused for another question's sake (one that depends on the question deleted), in words."""
    return " ".join(describe(*where) for where in located(error))


@login_required
def definitions(request):
    """Every version per instrument, its status and the decision that adopted it."""
    if not permissions.can_edit_definitions(request.user):
        raise Http404
    return render(request, "questionnaires/definitions.html", {"versions": all_versions()})


@login_required
def version(request, pk, adopt_form=None):
    questionnaire = _version(request, pk)
    sections = []
    for cluster, questions in questions_by_cluster(questionnaire).items():
        rows = []
        for index, q in enumerate(questions):
            rows.append(
                {
                    "q": q,
                    "text": _text(q),
                    "languages": [(code, bool(q.text.get(code))) for code, _name in settings.LANGUAGES],
                    "first": index == 0,
                    "last": index == len(questions) - 1,
                }
            )
        sections.append((cluster, rows))
    return render(
        request,
        "questionnaires/version.html",
        {
            "questionnaire": questionnaire,
            "sections": sections,
            "editable": questionnaire.status == Lifecycle.DRAFT,
            "adopt_form": adopt_form or AdoptForm(),
        },
    )


@login_required
def new_version(request, pk):
    """A new draft with a copy of this version's questions, under a label the secretariat gives."""
    source = _version(request, pk)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.new_version(source=source, version=form.cleaned_data["version"])
        except services.QuestionnaireRefused as error:
            form.add_error("version", str(error))
        else:
            messages.success(
                request,
                _("Draft version %(version)s created from %(source)s.")
                % {"version": created.version, "source": source.version},
            )
            return redirect(_version_url(created))
    return render(request, "questionnaires/new_version.html", {"source": source, "form": form})


def _question_page(request, questionnaire: Questionnaire, qid: str | None):
    if questionnaire.status != Lifecycle.DRAFT:
        return _read_only(request, questionnaire)
    data = to_data(questionnaire)
    if qid is not None and not any(q["id"] == qid for s in data["sections"] for q in s["questions"]):
        raise Http404
    initial = {"cluster": request.GET.get("cluster"), "kind": "yes_no_partly"} if qid is None else None
    form = QuestionForm(request.POST or None, questionnaire=questionnaire, data_before=data, qid=qid, initial=initial)
    if request.method == "POST" and form.is_valid():
        question = form.to_question()
        try:
            if qid is None:
                services.add_question(
                    questionnaire=questionnaire, question=question, cluster=form.cleaned_data["cluster"]
                )
            else:
                services.change_question(
                    questionnaire=questionnaire, qid=qid, question=question, cluster=form.cleaned_data["cluster"]
                )
        except services.EditRefused as error:
            # nothing was saved; the bound form keeps every field as typed
            form.add_problems(error, question["id"])
        except services.QuestionnaireRefused as error:
            messages.error(request, str(error))
            return redirect(_version_url(questionnaire))
        else:
            messages.success(request, _("Question %(id)s saved.") % {"id": question["id"]})
            return redirect(_version_url(questionnaire, question["id"]))
    return render(
        request,
        "questionnaires/question_form.html",
        {"questionnaire": questionnaire, "form": form, "qid": qid},
    )


@login_required
def question_add(request, pk):
    return _question_page(request, _version(request, pk), None)


@login_required
def question_edit(request, pk, qid):
    return _question_page(request, _version(request, pk), qid)


@login_required
def question_delete(request, pk, qid):
    questionnaire = _version(request, pk)
    if questionnaire.status != Lifecycle.DRAFT:
        return _read_only(request, questionnaire)
    question = get_object_or_404(questionnaire.questions, qid=qid)
    if request.method == "POST":
        try:
            services.delete_question(questionnaire=questionnaire, qid=qid)
        except services.EditRefused as error:
            messages.error(request, _("Question %(id)s was not deleted.") % {"id": qid} + " " + _refusal(error))
        except services.QuestionnaireRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Question %(id)s deleted.") % {"id": qid})
        return redirect(_version_url(questionnaire))
    return render(
        request,
        "questionnaires/question_delete.html",
        {"questionnaire": questionnaire, "q": question, "text": _text(question)},
    )


@login_required
@require_POST
def question_move(request, pk, qid):
    questionnaire = _version(request, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is None:
        raise Http404
    try:
        services.move_question(questionnaire=questionnaire, qid=qid, step=step)
    except services.EditRefused as error:
        messages.error(request, _("Question %(id)s was not moved.") % {"id": qid} + " " + _refusal(error))
    except services.QuestionnaireRefused as error:
        messages.error(request, str(error))
    return redirect(_version_url(questionnaire, qid))


@login_required
def finalise(request, pk):
    """Finalised by a working group: from now on the version is read-only. Asked for confirmation first."""
    questionnaire = _version(request, pk)
    if request.method != "POST":
        if questionnaire.status != Lifecycle.DRAFT:
            return _read_only(request, questionnaire)
        return render(request, "questionnaires/finalise.html", {"questionnaire": questionnaire})
    try:
        services.finalise(questionnaire)
    except services.QuestionnaireRefused:
        messages.error(request, _("Only a draft can be finalised."))
    else:
        messages.success(request, _("%(questionnaire)s is finalised.") % {"questionnaire": questionnaire})
    return redirect(_version_url(questionnaire))


@login_required
@require_POST
def adopt(request, pk):
    """Adopted by the Conference, with its decision: reviews whose phase opens from now use it."""
    questionnaire = _version(request, pk)
    # the browser follows the lifecycle step by step: a working group finalises before the Conference adopts
    if questionnaire.status != Lifecycle.FINALISED:
        messages.error(request, _("Only a finalised version can be adopted."))
        return redirect(_version_url(questionnaire))
    form = AdoptForm(request.POST)
    if not form.is_valid():
        return version(request, pk, adopt_form=form)
    try:
        services.adopt(questionnaire, decision_reference=form.cleaned_data["decision_reference"])
    except services.QuestionnaireRefused:
        messages.error(request, _("Only a finalised version can be adopted."))
    else:
        messages.success(request, _("%(questionnaire)s is adopted.") % {"questionnaire": questionnaire})
    return redirect(_version_url(questionnaire))
