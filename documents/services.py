"""Every write of the documents capability: keyword-only, one transaction each, DocumentRefused on refusal.

Other apps call `issue_crp` and `track_translations` with a source (documents/sources.py); the
conference officer's and the secretariat's pages call the others. Nothing is half-written: every
check is made before the first write, and a refusal inside the transaction rolls it all back.
"""

import datetime as dt
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from sherloc.uploads import UploadRefused, check_upload

from .enums import NEXT_BY_HAND, DocumentKind, Language, Origin, RenderStatus, VersionStatus, WorkingGroup
from .models import Document, DocumentWorkingGroup, LanguageVersion, SymbolCounter
from .sources import DocumentSource, paragraphs_html

# Translations arrive as Word, OpenDocument text or PDF (P 40): the one upload policy checks the content
TRANSLATION_EXTENSIONS = (".docx", ".odt", ".pdf")
TITLE_MAX = 500
SESSION_MAX = 200
SYMBOL_MAX = 120


class DocumentRefused(Exception):
    """A write the portal does not make; the message says why, for the user."""


# --- checks, made before anything is written ----------------------------------------------------------------


def _text(value, *, what: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise DocumentRefused(_("%(what)s contains a NUL character (U+0000). Nothing was saved.") % {"what": what})
    if required and not value:
        raise DocumentRefused(_("%(what)s is required. Nothing was saved.") % {"what": what})
    if len(value) > limit:
        raise DocumentRefused(
            _("%(what)s has %(count)s characters; at most %(limit)s are allowed. Nothing was saved.")
            % {"what": what, "count": len(value), "limit": limit}
        )
    return value


def check_language(language: str) -> str:
    if language not in Language.values:
        raise DocumentRefused(
            _("“%(language)s” is not one of the six working languages (%(six)s); nothing was saved (P 48).")
            % {"language": str(language)[:20], "six": ", ".join(Language.values)}
        )
    return language


def _check_working_groups(working_groups) -> list[str]:
    groups = list(working_groups or [])
    if not groups:
        raise DocumentRefused(_("Name at least one working group the paper goes to (P 43). Nothing was saved."))
    wrong = [str(g)[:20] for g in groups if g not in WorkingGroup.values]
    if wrong:
        raise DocumentRefused(
            _("Not a working group of the Conference: %(wrong)s. Nothing was saved.") % {"wrong": ", ".join(wrong)}
        )
    if len(set(groups)) != len(groups):
        raise DocumentRefused(_("A working group is named twice. Nothing was saved."))
    return groups


def _check_symbol_free(symbol: str) -> None:
    if Document.objects.filter(symbol=symbol).exists():
        raise DocumentRefused(
            _("The symbol %(symbol)s is already the symbol of another document. Nothing was saved.")
            % {"symbol": symbol}
        )


def _source_fields(source) -> dict:
    """The document's facts read from its source, checked."""
    if not isinstance(source, DocumentSource):
        raise DocumentRefused(_("This object cannot be made into a document."))
    language = check_language(source.document_language())
    html = source.document_html() or ""
    if "\x00" in html:
        raise DocumentRefused(_("The source contains a NUL character (U+0000). Nothing was saved."))
    return {
        "title": _text(source.document_title(), what=_("The title"), limit=TITLE_MAX),
        "language": language,
        "html": html,
        "state": source.document_state(),
        "restricted": bool(source.document_restricted()),
        "generic": _generic(source),
    }


def _generic(source) -> dict:
    if isinstance(source, models.Model) and source.pk:
        return {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}
    return {}


# --- symbols ------------------------------------------------------------------------------------------------


def format_symbol(*, working_group: str, year: int, number: int) -> str:
    return settings.CRP_SYMBOL_PATTERN.format(working_group=working_group, year=year, number=number)


def allocate_symbol(*, working_group: str, year: int) -> str:
    """The next symbol of a working group and year: the counter row is locked until the transaction ends, so
    two papers issued at once wait for each other (no duplicate), and a rolled-back issue gives its number
    back (no gap). A number already taken by a symbol entered by hand is passed over."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SymbolCounter.objects.get_or_create(working_group=working_group, year=year)
        except IntegrityError:
            pass  # created at the same moment by another issue: it is there now
        counter = SymbolCounter.objects.select_for_update().get(working_group=working_group, year=year)
        while True:
            counter.last_number += 1
            symbol = format_symbol(working_group=working_group, year=year, number=counter.last_number)
            if not Document.objects.filter(symbol=symbol).exists():
                break
        counter.save(update_fields=["last_number"])
        return symbol


def index_for_search(documents) -> None:
    """The words of symbol, title and text, stored for PostgreSQL's full-text search (selectors.search)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        documents.update(search_vector=SearchVector("symbol", "title", "body_text", config="simple"))


# --- making documents ---------------------------------------------------------------------------------------


def _queue_render(version: LanguageVersion) -> None:
    from .tasks import render_version

    transaction.on_commit(lambda: render_version.delay(version.pk))


def _create(*, kind, fields, symbol, working_groups, session, issued_on, by) -> tuple[Document, LanguageVersion]:
    today = timezone.localdate()
    document = Document.objects.create(
        kind=kind,
        symbol=symbol,
        title=fields["title"],
        session=session,
        issued_on=issued_on,
        state=fields["state"],
        restricted=fields["restricted"],
        body_text=strip_tags(fields["html"]),
        created_by=by,
        **fields["generic"],
    )
    DocumentWorkingGroup.objects.bulk_create(
        DocumentWorkingGroup(document=document, working_group=g, position=i) for i, g in enumerate(working_groups)
    )
    index_for_search(Document.objects.filter(pk=document.pk))
    version = LanguageVersion.objects.create(
        document=document,
        language=fields["language"],
        status=VersionStatus.RECEIVED,
        requested_on=today,
        received_on=today,
        origin=Origin.RENDERED if fields["generic"] else Origin.TYPED,
        body_html=fields["html"],
        render_status=RenderStatus.PENDING,
        updated_by=by,
    )
    _queue_render(version)
    return document, version


def issue_crp(*, source, working_groups: list[str], session: str, by, issued_on: dt.date | None = None) -> Document:
    """Issue `source` as a conference room paper for the working groups (P 37, P 43).

    The symbol is that of the first working group named; the others are listed on the paper and in
    the library. The source's language version is "received" and its PDF is rendered once committed."""
    fields = _source_fields(source)
    groups = _check_working_groups(working_groups)
    session = _text(session, what=_("The session"), limit=SESSION_MAX)
    issued_on = issued_on or timezone.localdate()
    generic = fields["generic"]
    if generic and Document.objects.filter(kind=DocumentKind.CRP, **generic).exists():
        raise DocumentRefused(_("This has already been issued as a conference room paper. Nothing was issued."))
    try:
        with transaction.atomic():
            symbol = allocate_symbol(working_group=groups[0], year=issued_on.year)
            document, _version = _create(
                kind=DocumentKind.CRP,
                fields=fields,
                symbol=symbol,
                working_groups=groups,
                session=session,
                issued_on=issued_on,
                by=by,
            )
    except IntegrityError:
        raise DocumentRefused(
            _("This has already been issued as a conference room paper. Nothing was issued.")
        ) from None
    return document


def track_translations(*, source, by, symbol: str = "") -> Document:
    """A document that must exist in the six languages (the final desk review report, P 40): the source's
    language "received" (its PDF rendered), the five others "requested". Not yet issued: `issue` does that."""
    fields = _source_fields(source)
    symbol = _text(symbol, what=_("The symbol"), limit=SYMBOL_MAX, required=False)
    if symbol:
        _check_symbol_free(symbol)
    generic = fields["generic"]
    if generic and Document.objects.filter(kind=DocumentKind.REPORT, **generic).exists():
        raise DocumentRefused(_("The translations of this document are already tracked."))
    today = timezone.localdate()
    try:
        with transaction.atomic():
            document, _version = _create(
                kind=DocumentKind.REPORT,
                fields=fields,
                symbol=symbol,
                working_groups=[],
                session="",
                issued_on=None,
                by=by,
            )
            LanguageVersion.objects.bulk_create(
                LanguageVersion(document=document, language=code, requested_on=today, updated_by=by)
                for code in Language.values
                if code != fields["language"]
            )
    except IntegrityError:
        raise DocumentRefused(
            _("The symbol %(symbol)s is already the symbol of another document, or this document is already tracked.")
            % {"symbol": symbol or "—"}
        ) from None
    return document


def issue(
    *,
    document: Document,
    by,
    session: str = "",
    working_groups: list[str] | None = None,
    issued_on: dt.date | None = None,
) -> Document:
    """Issue a tracked document (a report) to the Conference and its working groups (P 40, P 43)."""
    if document.issued:
        raise DocumentRefused(_("This document was issued already."))
    session = _text(session, what=_("The session"), limit=SESSION_MAX, required=False)
    groups = _check_working_groups(working_groups) if working_groups else []
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.issued:
            raise DocumentRefused(_("This document was issued already."))
        document.issued_on = issued_on or timezone.localdate()
        if session:
            document.session = session
        document.save(update_fields=["issued_on", "session"])
        if groups:
            DocumentWorkingGroup.objects.filter(document=document).delete()
            DocumentWorkingGroup.objects.bulk_create(
                DocumentWorkingGroup(document=document, working_group=g, position=i) for i, g in enumerate(groups)
            )
    return document


# --- language versions --------------------------------------------------------------------------------------


def add_language(*, document: Document, language: str, by) -> LanguageVersion:
    """Request a language version that the document does not have yet."""
    check_language(language)
    if document.versions.filter(language=language).exists():
        raise DocumentRefused(_("This document already has a version in that language."))
    try:
        with transaction.atomic():
            return LanguageVersion.objects.create(
                document=document, language=language, requested_on=timezone.localdate(), updated_by=by
            )
    except IntegrityError:
        raise DocumentRefused(_("This document already has a version in that language.")) from None


def _locked(version: LanguageVersion) -> LanguageVersion:
    return LanguageVersion.objects.select_for_update().select_related("document").get(pk=version.pk)


def move_on(*, version: LanguageVersion, to: str, by, on: dt.date | None = None) -> LanguageVersion:
    """The next step of a language version, by hand: requested → in translation, received → published.
    "Received" is reached by uploading or typing the text; publishing needs its file ready."""
    on = on or timezone.localdate()
    with transaction.atomic():
        version = _locked(version)
        if NEXT_BY_HAND.get(version.status) != to:
            if to == VersionStatus.RECEIVED:
                raise DocumentRefused(_("A version is received when its text is uploaded or typed."))
            raise DocumentRefused(
                _("A version that is “%(status)s” cannot be moved to “%(to)s”.")
                % {"status": version.get_status_display(), "to": dict(VersionStatus.choices).get(to, str(to)[:30])}
            )
        if to == VersionStatus.PUBLISHED and not version.has_file:
            raise DocumentRefused(_("This version cannot be published before its file is ready."))
        version.status = to
        setattr(version, f"{to}_on", on)
        version.updated_by = by
        version.save(update_fields=["status", f"{to}_on", "updated_by"])
    return version


def _receivable(version: LanguageVersion) -> None:
    if version.status == VersionStatus.PUBLISHED:
        raise DocumentRefused(_("This version is published; its text is not replaced. Nothing was saved."))


def upload_version(*, version: LanguageVersion, upload, by) -> LanguageVersion:
    """A translation received as a file: Word (.docx), OpenDocument text (.odt) or PDF, checked by the one upload
    policy (sherloc/uploads.py): a file whose content is not of the kind its name gives is refused."""
    if PurePath(upload.name or "").suffix.lower() not in TRANSLATION_EXTENSIONS:
        raise DocumentRefused(_("A translation is uploaded as Word (.docx), OpenDocument text (.odt) or PDF."))
    try:
        checked = check_upload(upload)
    except UploadRefused as error:
        raise DocumentRefused(str(error)) from None
    with transaction.atomic():
        version = _locked(version)
        _receivable(version)
        old = version.file.name if version.file else ""
        version.file.save(checked.name, checked.file, save=False)
        version.file_name = checked.name
        version.content_type = checked.content_type
        version.sha256 = checked.sha256
        version.origin = Origin.UPLOADED
        version.body_html = ""
        version.render_status = RenderStatus.READY
        version.render_error = ""
        version.rendered_at = timezone.now()
        version.status = VersionStatus.RECEIVED
        version.received_on = timezone.localdate()
        version.updated_by = by
        version.save()
        if old:
            transaction.on_commit(lambda: version.file.storage.delete(old))
    return version


def type_version(*, version: LanguageVersion, text: str, by) -> LanguageVersion:
    """A translation typed as plain text (paragraphs separated by blank lines), rendered to PDF once committed."""
    text = _text(text, what=_("The text"), limit=settings.DOCUMENT_TEXT_MAX_CHARS)
    with transaction.atomic():
        version = _locked(version)
        _receivable(version)
        version.body_html = paragraphs_html(text)
        version.origin = Origin.TYPED
        version.render_status = RenderStatus.PENDING
        version.render_error = ""
        version.status = VersionStatus.RECEIVED
        version.received_on = timezone.localdate()
        version.updated_by = by
        version.save()
        _queue_render(version)
    return version


def rerender(*, version: LanguageVersion, by) -> LanguageVersion:
    """Render a rendered or typed version again (after a failure, or on a machine with WeasyPrint's libraries)."""
    with transaction.atomic():
        version = _locked(version)
        if version.origin not in (Origin.TYPED, Origin.RENDERED) or version.status == VersionStatus.PUBLISHED:
            raise DocumentRefused(_("Only a typed or rendered version that is not published is rendered again."))
        version.render_status = RenderStatus.PENDING
        version.save(update_fields=["render_status"])
        _queue_render(version)
    return version
