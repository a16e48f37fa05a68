"""Demo responses: one State's response being drafted, one submitted (seed_demo)."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from questionnaires.enums import QuestionKind
from responses import selectors, services
from responses.models import Response
from sherloc.registry.dates import add_months
from sherloc.registry.models import State, WorkplanPhase

# Austria has submitted (its review is in constructive dialogue in the demo); Mexico, whose
# agreed deadline has passed, is still drafting, in Spanish.
SUBMITTED = ("AUT", "en")
IN_PROGRESS = ("MEX", "es")
LAWS = {
    "es": ("Código Penal Federal", "https://www.diputados.gob.mx/LeyesBiblio/ref/cpf.htm"),
    "en": (
        "Criminal Code (Strafgesetzbuch)",
        "https://www.ris.bka.gv.at/GeltendeFassung.wxe?Abfrage=Bundesnormen&Gesetzesnummer=10002296",
    ),
}


class _Form(dict):
    def getlist(self, key):
        value = self.get(key)
        return value if isinstance(value, list) else [] if value is None else [value]


def _answer(response, question, by, *, closed="yes"):
    title, link = LAWS[response.language]
    if question.kind == QuestionKind.YES_NO_PARTLY:
        data = _Form(value=closed)
    elif question.kind == QuestionKind.LEGISLATION:
        data = _Form(title=[title], article=[f"art. {question.article.number}"], link=[link], text=[""])
    else:
        return
    services.save_answer(response=response, question=question, data=data, expected_version=0, by=by)


def _open(code, language, by_username):
    User = get_user_model()
    focal = User.objects.get(username=by_username)
    phase = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number").first()
    deadline = add_months(timezone.localdate(), 5)
    return services.open_response(
        state=State.objects.get(code=code), phase=phase, language=language, deadline=deadline, by=focal
    ), focal


def submit_demo_response(state, phase, focal) -> Response:
    """A State's response with every mandatory answer given, submitted by its focal point (through the
    services, so the country review hears of it as it would of a real submission)."""
    response = Response.objects.get(state=state, phase=phase)
    for view in selectors.draft(response).sections:
        for q in view.questions:
            _answer(response, q, focal)
    services.submit(response=response, by=focal)
    return response


def seed_responses_demo() -> str:
    if Response.objects.filter(state__code__in=[SUBMITTED[0], IN_PROGRESS[0]]).exists():
        return "demo responses already there"
    User = get_user_model()

    # submitted: every mandatory answer given, one of them "yes, in part"
    response, focal = _open(*SUBMITTED, "fp-aut")
    for i, view in enumerate(selectors.draft(response).sections):
        for q in view.questions:
            _answer(response, q, focal, closed="partly" if i == 0 and q.article.number == 6 else "yes")
    services.submit(response=response, by=focal)

    # in progress: sections given to the contributor and the expert, a third of the answers written
    response, focal = _open(*IN_PROGRESS, "fp-mex")
    contributor, expert = User.objects.get(username="contrib-mex"), User.objects.get(username="expert-mex")
    sections = selectors.draft(response).sections
    for view in sections:
        services.assign_section(section=view.section, users=[contributor if view is sections[0] else expert], by=focal)
    first = sections[0]
    for q in first.questions[: len(first.questions) // 2]:
        _answer(response, q, contributor)
    legislation = next(q for q in first.questions if q.kind == QuestionKind.LEGISLATION)
    note = ContentFile(
        "Código Penal Federal, extracto preparado para el examen (demo).\n".encode(), name="cpf-extracto.txt"
    )
    services.add_attachment(response=response, question=legislation, upload=note, by=contributor)
    return "demo responses: Austria submitted, Mexico being drafted"
