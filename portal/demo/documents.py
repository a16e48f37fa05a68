"""Documents in the demo world (called by `seed_demo` after the other demo parts), through the real services.

- three typed conference room papers issued to the demo working groups, their PDFs rendered (where
  WeasyPrint's system libraries are missing, the rendering is marked failed and the papers stand);
  the English versions of the two unrestricted ones are published, so the public library shows them;
- a report tracked in the six languages: English, French and Spanish received, Arabic, Chinese and
  Russian in translation.
`officer-1` and `secretariat-1` find them all in the library; States' users find the issued papers.
(The lead adds Austria's final list of observations as a CRP once the observations app is merged.)
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from documents import services
from documents.enums import DocumentKind, RenderStatus, VersionStatus
from documents.models import Document, LanguageVersion
from documents.sources import TypedSource
from documents.tasks import render_version
from sherloc.registry.models import State

SESSION = "Joint intersessional meeting of the working groups (demo), 2027"
PAPERS = [
    {
        "title": "Technical assistance needs identified in the first review phase: an overview (demo)",
        "groups": ["WG.2"],
        "state": None,
        "restricted": False,
        "text": (
            "This paper brings together the technical assistance needs that the lists of observations of the "
            "first review phase identified, grouped by theme, without naming or ranking States (P 3(b)).\n\n"
            "Needs most often identified concern the training of investigators and prosecutors, the collection "
            "of statistics on organized crime, and the drafting of legislation on the liability of legal persons.\n\n"
            "The Working Group is invited to consider how these needs may be met (P 44 to P 46)."
        ),
    },
    {
        "title": "Good practices in international cooperation on confiscation (demo)",
        "groups": ["WG.3", "WG.2"],
        "state": None,
        "restricted": False,
        "text": (
            "Several States described central authorities that answer requests for mutual legal assistance "
            "within agreed time frames, and the use of videoconference for hearing witnesses.\n\n"
            "Good practices reported include the sharing of confiscated proceeds of crime and joint "
            "investigation teams set up by simple exchange of letters."
        ),
    },
    {
        "title": "Smuggling of migrants: observations on Austria for the Working Group (demo, restricted)",
        "groups": ["WG.7"],
        "state": "AUT",
        "restricted": True,
        "text": (
            "This paper is for the States parties, the Conference and its working groups only.\n\n"
            "It summarizes, for discussion by the Working Group, the observations made on the measures "
            "against the smuggling of migrants during the review (demo text)."
        ),
    },
]
REPORT = {
    "title": "Final desk review report: Austria (demo)",
    "texts": {
        "en": "The review of Austria was carried out in the review phases of the workplan.\n\nThis is the demo text of its final desk review report (P 38, P 40).",
        "fr": "L'examen de l'Autriche a été mené au cours des phases d'examen du plan de travail.\n\nCeci est le texte de démonstration du rapport final (P 38, P 40).",
        "es": "El examen de Austria se llevó a cabo en las fases de examen del plan de trabajo.\n\nEste es el texto de demostración del informe final (P 38, P 40).",
    },
}


def seed_documents_demo() -> str:
    User = get_user_model()
    secretariat = User.objects.get(username="secretariat-1")
    if Document.objects.filter(title=REPORT["title"]).exists():
        return "Documents: demo documents already there."
    issued = []
    for paper in PAPERS:
        source = TypedSource(
            title=paper["title"],
            language="en",
            text=paper["text"],
            state=State.objects.get(code=paper["state"]) if paper["state"] else None,
            restricted=paper["restricted"],
        )
        issued.append(
            services.issue_crp(
                source=source,
                working_groups=paper["groups"],
                session=SESSION,
                by=secretariat,
                issued_on=dt.date(2027, 6, 2),
            )
        )
    report = services.track_translations(
        source=TypedSource(
            title=REPORT["title"], language="en", text=REPORT["texts"]["en"], state=State.objects.get(code="AUT")
        ),
        by=secretariat,
        symbol="CTOC/COP/WG.2/2027/DEMO.1",
    )
    for code in ("fr", "es"):
        services.type_version(version=report.versions.get(language=code), text=REPORT["texts"][code], by=secretariat)
    for code in ("ar", "zh-hans", "ru"):
        services.move_on(version=report.versions.get(language=code), to=VersionStatus.IN_TRANSLATION, by=secretariat)
    # the English version of each unrestricted paper is published once its PDF is ready
    published = 0
    for document, paper in zip(issued, PAPERS, strict=True):
        if paper["restricted"]:
            continue
        version = LanguageVersion.objects.get(document=document, language="en")
        if version.render_status == RenderStatus.PENDING:
            render_version(version.pk)  # here and now, whether or not a worker runs: the demo publishes it
            version.refresh_from_db()
        if version.render_status == RenderStatus.READY:
            with transaction.atomic():
                services.move_on(version=version, to=VersionStatus.PUBLISHED, by=secretariat)
            published += 1
    failed = LanguageVersion.objects.filter(render_status=RenderStatus.FAILED).count()
    symbols = ", ".join(d.symbol for d in issued)
    crps = Document.objects.filter(kind=DocumentKind.CRP).count()
    return (
        f"Documents: {crps} conference room papers ({symbols}), {published} published; a report with 3 languages "
        f"received and 3 in translation{f'; {failed} PDFs not rendered (WeasyPrint libraries missing)' if failed else ''}."
    )
