"""Every write of the lists of observations (P 37, P 39) and of the final desk review report (P 38, P 39).

Each function is keyword-only, runs in one transaction, asks observations.permissions who may do it
and when, and raises OutcomeRefused with a message for the user otherwise: nothing is half-written.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews import services as reviews
from reviews.enums import ReviewStatus
from reviews.models import CountryReview, PhaseAdvancement
from reviews.selectors import articles_in_scope
from reviews.services.core import _locked
from sherloc.registry.models import MechanismSettings, State

from . import permissions
from .blueprint import STARTING_SECTIONS
from .enums import MAX_COMMENT_CHARS, MAX_ITEM_CHARS, MAX_ITEMS, MAX_SECTION_CHARS, ItemKind
from .models import (
    BlueprintVersion,
    FinalReport,
    ListAgreement,
    ListComment,
    ListVersion,
    ObservationList,
    ReportAgreement,
    ReportVersion,
)
from .signals import list_final
from .words import count_words

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class OutcomeRefused(Exception):
    """A write the rules do not allow; the message is for the user."""


def _clean_text(text: str, *, limit: int, what: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise OutcomeRefused(_("%(what)s contains a NUL character (U+0000), which cannot be stored.") % {"what": what})
    if len(text) > limit:
        raise OutcomeRefused(_("%(what)s is longer than %(limit)s characters.") % {"what": what, "limit": f"{limit:,}"})
    return text


# Lists of observations ----------------------------------------------------------------------------


def list_words(items: list[dict]) -> int:
    """The words of a list: the sum over its items, counted by observations.words (P 37)."""
    return sum(count_words(item["text"]) for item in items)


def _locked_list(review: CountryReview) -> ObservationList | None:
    return ObservationList.objects.select_for_update().filter(review=review).first()


def _clean_items(review: CountryReview, items: list[dict]) -> list[dict]:
    if len(items) > MAX_ITEMS:
        raise OutcomeRefused(_("A list holds at most %(n)s items.") % {"n": MAX_ITEMS})
    in_scope = {a.pk: a for a in articles_in_scope(review)}
    order = list(in_scope)
    cleaned = []
    for n, item in enumerate(items, start=1):
        text = _clean_text(item.get("text", ""), limit=MAX_ITEM_CHARS, what=_("Item %(n)s") % {"n": n})
        if not text:
            continue
        if item.get("kind") not in ItemKind.values:
            raise OutcomeRefused(_("Item %(n)s: choose its kind (P 37).") % {"n": n})
        try:
            articles = {int(a) for a in item.get("articles", [])}
        except (TypeError, ValueError):
            raise OutcomeRefused(_("Item %(n)s: an article is not one of the portal's.") % {"n": n}) from None
        articles = sorted(articles, key=lambda a: order.index(a) if a in in_scope else -1)
        if not articles:
            raise OutcomeRefused(_("Item %(n)s: tie it to at least one article under review (P 37).") % {"n": n})
        outside = [a for a in articles if a not in in_scope]
        if outside:
            raise OutcomeRefused(
                _("Item %(n)s: only articles under review in this phase can be cited (P 37).") % {"n": n}
            )
        cleaned.append({"kind": item["kind"], "text": text, "articles": articles})
    return cleaned


@transaction.atomic
def save_list(*, review: CountryReview, items: list[dict], by, note: str = "") -> ListVersion:
    """P 37: a new version of the list, with the text of every item. Refused over the word limit;
    an agreement given to an earlier version is withdrawn (kept on record, P 39)."""
    review = _locked(review)
    lst = _locked_list(review)
    p = permissions.participation(by, review)
    if not permissions.may_edit_list(p, review, lst):
        if lst is not None and lst.is_final:
            raise OutcomeRefused(
                _("This list is final: every party agreed to version %(n)s (P 39).") % {"n": lst.final_version.number}
            )
        raise OutcomeRefused(
            _(
                "The reviewing States' experts and the secretariat draft the list while the review is at the stage “%(stage)s” (P 37)."
            )
            % {"stage": ReviewStatus.OBSERVATIONS.label}
        )
    items = _clean_items(review, items)
    if not items:
        raise OutcomeRefused(_("Write at least one observation."))
    words = list_words(items)
    limit = MechanismSettings.current().list_max_words
    if words > limit:
        raise OutcomeRefused(
            _(
                "The list has %(words)s words: at most %(limit)s are allowed, so that it stays short, precise and concise (P 37). "
                "Nothing was saved."
            )
            % {"words": words, "limit": limit}
        )
    now = timezone.now()
    if lst is None:
        lst = ObservationList.objects.create(review=review, created_at=now)
    current = lst.current_version()
    if current is not None and current.items == items:
        raise OutcomeRefused(_("Nothing changed since version %(n)s.") % {"n": current.number})
    version = ListVersion.objects.create(
        observation_list=lst,
        number=(current.number + 1) if current else 1,
        author=by,
        created_at=now,
        items=items,
        word_count=words,
        note=_clean_text(note, limit=300, what=_("The note")),
    )
    ListAgreement.objects.filter(version__observation_list=lst, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=version
    )
    return version


@transaction.atomic
def comment_list(*, review: CountryReview, text: str, by) -> ListComment:
    """P 37: the State under review comments on the current version; every party reads it."""
    review = _locked(review)
    lst = _locked_list(review)
    p = permissions.participation(by, review)
    if not permissions.may_comment_list(p, review, lst):
        raise OutcomeRefused(_("The State under review comments on the draft list while it is being drafted (P 37)."))
    text = _clean_text(text, limit=MAX_COMMENT_CHARS, what=_("The comment"))
    if not text:
        raise OutcomeRefused(_("Write the comment first."))
    return ListComment.objects.create(
        observation_list=lst,
        version=lst.current_version(),
        author=by,
        on_behalf_of_id=review.state_id,
        text=text,
        posted_at=timezone.now(),
    )


def _check_current(current, number: int):
    if current is None:
        raise OutcomeRefused(_("There is no version to agree to yet."))
    if number != current.number:
        raise OutcomeRefused(
            _("Version %(old)s is no longer current: version %(new)s is. Read it before agreeing.")
            % {"old": number, "new": current.number}
        )


def _active(agreements, version) -> set[int]:
    return set(agreements.filter(version=version, withdrawn_at__isnull=True).values_list("state_id", flat=True))


@transaction.atomic
def agree_list(*, review: CountryReview, version_number: int, by) -> ObservationList:
    """P 39: a party's focal point agrees to a version. When the State under review and every
    reviewing State have agreed to the same version, the list is final and the review of this phase
    is complete (P 9), through the review's own transition."""
    review = _locked(review)
    lst = _locked_list(review)
    p = permissions.participation(by, review)
    states = permissions.list_agreeable_by(p, review, lst)
    if lst is not None and lst.is_final:
        raise OutcomeRefused(
            _("This list is final: every party agreed to version %(n)s (P 39).") % {"n": lst.final_version.number}
        )
    if not states:
        raise OutcomeRefused(_("The focal points of the parties agree to the list, while it is being drafted (P 39)."))
    current = lst.current_version()
    _check_current(current, version_number)
    done = _active(ListAgreement.objects, current)
    todo = sorted(states - done)
    if not todo:
        raise OutcomeRefused(_("Your State has already agreed to version %(n)s.") % {"n": current.number})
    now = timezone.now()
    for state_id in todo:
        ListAgreement.objects.create(version=current, state_id=state_id, by=by, at=now)
    if permissions.party_ids(review) <= done | set(todo):
        lst.final_version = current
        lst.finalised_at = now
        lst.save(update_fields=["final_version", "finalised_at"])
        list_final.send(sender=ObservationList, observation_list=lst, by=by)
        reviews.close_review(
            review,
            by=by,
            final_list=lst,
            note=_("List of observations agreed by every party: version %(n)s (P 39).") % {"n": current.number},
        )
    return lst


# The blueprint and the final desk review report ---------------------------------------------------


def current_blueprint() -> BlueprintVersion | None:
    return BlueprintVersion.objects.order_by("-number").first()


def blueprint_versions() -> list[BlueprintVersion]:
    return list(BlueprintVersion.objects.select_related("author").order_by("-number"))


@transaction.atomic
def save_blueprint(*, sections: list[dict], by) -> BlueprintVersion:
    """P 14, P 38: the secretariat edits the blueprint; every change is a new version. Reports
    already started keep the version they were started from."""
    if not permissions.may_edit_blueprint(by):
        raise OutcomeRefused(_("The secretariat edits the blueprint (P 14)."))
    cleaned, keys = [], set()
    for n, section in enumerate(sections, start=1):
        title = _clean_text(section.get("title", ""), limit=200, what=_("Section %(n)s") % {"n": n})
        guidance = _clean_text(section.get("guidance", ""), limit=MAX_COMMENT_CHARS, what=_("Section %(n)s") % {"n": n})
        if not title:
            continue
        key = slugify(section.get("key") or title)[:50] or f"section-{n}"
        while key in keys:
            key = f"{key}-{n}"
        keys.add(key)
        cleaned.append({"key": key, "title": title, "guidance": guidance})
    if not cleaned:
        raise OutcomeRefused(_("A blueprint has at least one section."))
    if len(cleaned) > 50:
        raise OutcomeRefused(_("A blueprint has at most 50 sections."))
    latest = BlueprintVersion.objects.select_for_update().order_by("-number").first()
    if latest is not None and latest.sections == cleaned:
        raise OutcomeRefused(_("Nothing changed since version %(n)s.") % {"n": latest.number})
    return BlueprintVersion.objects.create(
        number=(latest.number + 1) if latest else 1, sections=cleaned, author=by, created_at=timezone.now()
    )


def reviews_to_complete(state: State) -> list[CountryReview]:
    """The State's reviews of every phase opened so far for its group (P 9): the report can start once
    all are complete. Empty when none was opened (then the report cannot start either)."""
    reviews_ = list(CountryReview.objects.filter(state=state).select_related("phase").order_by("phase__number"))
    opened = set(
        PhaseAdvancement.objects.filter(year_group__in={r.year_group for r in reviews_}).values_list(
            "phase_id", flat=True
        )
    )
    return [r for r in reviews_ if r.phase_id in opened]


@transaction.atomic
def start_report(*, state: State, by, language: str = "en") -> FinalReport:
    """P 38: the secretariat starts the final report of a State from the current blueprint, once the
    State's reviews of every phase opened so far are complete (docs/outcomes.md)."""
    if not permissions.may_start_report(by):
        raise OutcomeRefused(_("The secretariat starts the final desk review report (P 38)."))
    state = State.objects.select_for_update().get(pk=state.pk)
    if FinalReport.objects.filter(state=state).exists():
        raise OutcomeRefused(_("%(state)s already has its final desk review report.") % {"state": state})
    opened = reviews_to_complete(state)
    open_ = [r for r in opened if r.status != ReviewStatus.CLOSED]
    if not opened or open_:
        raise OutcomeRefused(
            _(
                "The final report comes at the end of the process (P 38): complete the review of every phase opened so far first%(which)s."
            )
            % {"which": (": " + ", ".join(str(r.phase) for r in open_)) if open_ else ""}
        )
    if not permissions.report_parties(state.pk) - {state.pk}:
        raise OutcomeRefused(_("This State has no reviewing States (P 28)."))
    blueprint = current_blueprint() or BlueprintVersion.objects.create(
        number=1, sections=STARTING_SECTIONS, author=by, created_at=timezone.now()
    )
    if language not in LANGUAGE_CODES:
        raise OutcomeRefused(_("Choose one of the six languages."))
    return FinalReport.objects.create(
        state=state, blueprint=blueprint, language=language, started_by=by, started_at=timezone.now()
    )


def report_words(sections: list[dict]) -> int:
    """The words of a report: the text of every section (titles are the blueprint's, not counted)."""
    return sum(count_words(s["text"]) for s in sections)


def _locked_report(report: FinalReport) -> FinalReport:
    return FinalReport.objects.select_for_update().select_related("state").get(pk=report.pk)


@transaction.atomic
def save_report(*, report: FinalReport, texts: dict[str, str], by) -> ReportVersion:
    """A new version of the report, one text per blueprint section. Over `report_max_words` it is kept
    as a draft (the count shows in red); it cannot be finalised until it is short enough (P 38)."""
    report = _locked_report(report)
    p = permissions.report_participation(by, report.state_id)
    if not permissions.may_edit_report(p, report):
        if report.is_final:
            raise OutcomeRefused(
                _("This report is final: every party agreed to version %(n)s (P 39).")
                % {"n": report.final_version.number}
            )
        raise OutcomeRefused(
            _("The secretariat drafts the report; the reviewing States once the draft reached them (P 38).")
        )
    sections = []
    for section in report.blueprint.sections:
        text = _clean_text(texts.get(section["key"], ""), limit=MAX_SECTION_CHARS, what=section["title"])
        sections.append({"key": section["key"], "title": section["title"], "text": text})
    current = report.current_version()
    if current is not None and current.sections == sections:
        raise OutcomeRefused(_("Nothing changed since version %(n)s.") % {"n": current.number})
    now = timezone.now()
    version = ReportVersion.objects.create(
        report=report,
        number=(current.number + 1) if current else 1,
        author=by,
        created_at=now,
        sections=sections,
        word_count=report_words(sections),
    )
    ReportAgreement.objects.filter(version__report=report, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=version
    )
    return version


@transaction.atomic
def request_draft(*, report: FinalReport, by) -> FinalReport:
    """P 38: the State under review or a reviewing State asks for the draft to go to the reviewing States."""
    report = _locked_report(report)
    p = permissions.report_participation(by, report.state_id)
    if not permissions.may_request_draft(p, report):
        raise OutcomeRefused(
            _("The focal point of the State under review or of a reviewing State asks for the draft, once (P 38).")
        )
    parties = sorted(
        p.coordinated_parties & permissions.report_parties(report.state_id), key=lambda s: s != report.state_id
    )
    report.requested_at = timezone.now()
    report.requested_by = by
    report.requested_for_id = parties[0]
    report.save(update_fields=["requested_at", "requested_by", "requested_for"])
    return report


@transaction.atomic
def share_draft(*, report: FinalReport, by) -> FinalReport:
    """P 38: on that request, the secretariat submits the draft to the reviewing States."""
    report = _locked_report(report)
    p = permissions.report_participation(by, report.state_id)
    if not permissions.may_share_draft(p, report):
        raise OutcomeRefused(
            _("The secretariat submits the draft to the reviewing States once a party asked for it (P 38).")
        )
    if report.current_version() is None:
        raise OutcomeRefused(_("Write a draft first."))
    report.shared_at = timezone.now()
    report.shared_by = by
    report.save(update_fields=["shared_at", "shared_by"])
    return report


@transaction.atomic
def agree_report(*, report: FinalReport, version_number: int, by) -> FinalReport:
    """P 38, P 39: final on the agreement of every party to the same version, which must be within
    the word limit."""
    report = _locked_report(report)
    if report.is_final:
        raise OutcomeRefused(
            _("This report is final: every party agreed to version %(n)s (P 39).") % {"n": report.final_version.number}
        )
    p = permissions.report_participation(by, report.state_id)
    states = permissions.report_agreeable_by(p, report)
    if not states:
        raise OutcomeRefused(
            _("The parties' focal points agree to the report once the draft reached the reviewing States (P 38, P 39).")
        )
    current = report.current_version()
    _check_current(current, version_number)
    limit = MechanismSettings.current().report_max_words
    if current.word_count > limit:
        raise OutcomeRefused(
            _("Version %(n)s has %(words)s words: a final report has at most %(limit)s (P 38). Shorten it first.")
            % {"n": current.number, "words": current.word_count, "limit": limit}
        )
    done = _active(ReportAgreement.objects, current)
    todo = sorted(states - done)
    if not todo:
        raise OutcomeRefused(_("Your State has already agreed to version %(n)s.") % {"n": current.number})
    now = timezone.now()
    for state_id in todo:
        ReportAgreement.objects.create(version=current, state_id=state_id, by=by, at=now)
    if permissions.report_parties(report.state_id) <= done | set(todo):
        report.final_version = current
        report.finalised_at = now
        report.save(update_fields=["final_version", "finalised_at"])
    return report
