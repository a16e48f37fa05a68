"""Reads of lists and reports, already filtered by what the user may see (404 otherwise)."""

from django.http import Http404

from reviews.selectors import access_review, parties_of
from sherloc.registry.models import State

from . import permissions
from .models import FinalReport, ListAgreement, ObservationList, ReportAgreement
from .words import MIN_REPEAT, SHINGLE, normalised, shingles, words


def access_list(user, review_pk: int):
    """The review, the user's part in it and its list (or None): parties and the secretariat only."""
    review, p = access_review(user, review_pk)
    if not permissions.may_view_list(p, review):
        raise Http404
    lst = ObservationList.objects.select_related("final_version").filter(review=review).first()
    return review, p, lst


def agreements_table(parties, agreements) -> list[dict]:
    """Per party, alphabetical (P 3(b)): every agreement it gave, to which version, when, and whether
    a later edit withdrew it (P 39)."""
    by_state = {}
    for a in agreements:
        by_state.setdefault(a.state_id, []).append(a)
    return [{"state": s, "agreements": by_state.get(s.pk, [])} for s in parties]


def list_agreements(review, lst) -> list[dict]:
    rows = (
        ListAgreement.objects.filter(version__observation_list=lst)
        .select_related("by", "version", "withdrawn_by")
        .order_by("at", "pk")
        if lst
        else []
    )
    return agreements_table(parties_of(review), rows)


def access_report(user, state_code: str):
    """The State, the user's part and its report (or None). Secretariat and parties only; a reviewing
    State sees that a report exists before the draft reaches it, not its text."""
    state = State.objects.filter(code=(state_code or "").upper()[:3]).first()
    if state is None:
        raise Http404
    p = permissions.report_participation(user, state.pk)
    if not (p.secretariat or p.party):
        raise Http404
    report = FinalReport.objects.select_related("blueprint", "final_version").filter(state=state).first()
    return state, p, report


def report_agreements(report) -> list[dict]:
    parties = sorted(State.objects.filter(pk__in=permissions.report_parties(report.state_id)), key=lambda s: s.name)
    rows = ReportAgreement.objects.filter(version__report=report).select_related("by", "version", "withdrawn_by")
    return agreements_table(parties, rows.order_by("at", "pk"))


def list_texts_of(state) -> list[str]:
    """The text of every item of the State's lists of observations (their final, else current, version)."""
    texts = []
    for lst in ObservationList.objects.filter(review__state=state).select_related("final_version"):
        version = lst.final_version or lst.current_version()
        if version:
            texts += [item["text"] for item in version.items]
    return texts


def repeated_paragraphs(sections: list[dict], list_texts: list[str]) -> set[tuple[str, int]]:
    """P 38 ("avoid duplications with the lists of observations"): the (section key, paragraph index)
    of every paragraph sharing a run of 8 words with an item of the lists, or holding a whole item of
    4 to 7 words, compared without case or punctuation (docs/outcomes.md)."""
    from .models import paragraphs

    seen: dict[int, set] = {}
    for text in list_texts:
        size = min(SHINGLE, len([w for w in (normalised(w) for w in words(text)) if w]))
        if size >= MIN_REPEAT:
            seen.setdefault(size, set()).update(shingles(text, size))
    marked = set()
    for section in sections:
        for i, paragraph in enumerate(paragraphs(section.get("text", ""))):
            if any(shingles(paragraph, size) & found for size, found in seen.items()):
                marked.add((section["key"], i))
    return marked


def agreed_lists():
    """Lists of observations every party agreed to (P 39), alphabetical by State, for the secretariat,
    which issues them as conference room papers (P 37, P 43). A queryset: the home page counts them and
    shows the first few."""
    return (
        ObservationList.objects.filter(final_version__isnull=False)
        .select_related("review__state", "review__phase")
        .order_by("review__state__name", "review__phase__number")
    )
