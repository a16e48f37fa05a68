from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from sherloc.accounts.selectors import states_of
from sherloc.registry.models import Cluster
from sherloc.registry.selectors import parties_to

from . import permissions
from .definitions import REVIEWED
from .models import Question
from .selectors import in_force, questions_for


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
    return render(request, "questionnaires/index.html", {"adopted": adopted, "clusters": Cluster.objects.all()})


@login_required
def by_instrument(request, instrument):
    _readable(request)
    questionnaire = in_force(instrument.upper())
    if questionnaire is None:
        raise Http404
    sections: dict = {}
    for q in questionnaire.questions.select_related("cluster", "article"):
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
            rows = questions_for(questionnaire, states[0]) if len(states) == 1 else questionnaire.questions.all()
            sections[questionnaire] = [(q, _text(q)) for q in rows if q.cluster_id == cluster.pk]
    return render(request, "questionnaires/questionnaire.html", {"title": cluster.name, "sections": sections})
