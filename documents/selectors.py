"""Reads of documents, already filtered by what the reader may see (documents/permissions.py), with
what the pages show fetched in a fixed number of queries whatever the number of documents."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.http import Http404

from .enums import Language, VersionStatus
from .models import Document, LanguageVersion
from .permissions import Reader, may_manage, may_see_document, reader

# the six languages in the order of the portal (ar, zh-hans, en, fr, ru, es), not alphabetical by code
LANGUAGE_ORDER = Case(*(When(language=code, then=Value(i)) for i, code in enumerate(Language.values)))


def _versions():
    return Prefetch("versions", queryset=LanguageVersion.objects.order_by(LANGUAGE_ORDER))


PUBLISHED = LanguageVersion.objects.filter(document=OuterRef("pk"), status=VersionStatus.PUBLISHED)


def visible_documents(r: Reader):
    """The same rule as permissions.may_see_document, as a query."""
    documents = Document.objects.annotate(has_published=Exists(PUBLISHED))
    if r.sees_staff_view:
        return documents
    documents = documents.filter(issued_on__isnull=False)
    if r.state_user and not r.stakeholder:
        return documents
    return documents.filter(restricted=False, has_published=True)


def _with_page_facts(documents):
    return documents.select_related("state").prefetch_related("working_groups", _versions())


def search(documents, q: str):
    """Full-text search: PostgreSQL's on PostgreSQL (the stored `search_vector`, "simple" configuration, every
    language alike, GIN-indexed), a plain contains on SQLite (the quick start). A symbol matches in part too."""
    q = q.strip()
    if not q:
        return documents
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(q, config="simple", search_type="websearch")
        return documents.filter(Q(search_vector=query) | Q(symbol__icontains=q))
    return documents.filter(Q(title__icontains=q) | Q(symbol__icontains=q) | Q(body_text__icontains=q))


def library(user, *, filters: dict, page: int = 1):
    """The library page: the documents the user may see, filtered, newest issued first, one page."""
    documents = visible_documents(reader(user))
    if filters.get("working_group"):
        documents = documents.filter(working_groups__working_group=filters["working_group"])
    if filters.get("session"):
        documents = documents.filter(session__icontains=filters["session"])
    if filters.get("state"):
        documents = documents.filter(state=filters["state"])
    if filters.get("kind"):
        documents = documents.filter(kind=filters["kind"])
    if filters.get("symbol"):
        documents = documents.filter(symbol__icontains=filters["symbol"])
    if filters.get("language"):
        wanted = LanguageVersion.objects.filter(document=OuterRef("pk"), language=filters["language"])
        if not reader(user).sees_staff_view:
            wanted = wanted.filter(status=VersionStatus.PUBLISHED)
        documents = documents.filter(Exists(wanted))
    documents = search(documents, filters.get("q") or "")
    documents = _with_page_facts(documents.order_by(F("issued_on").desc(nulls_first=True), "-pk"))
    return Paginator(documents, settings.DOCUMENTS_PAGE_SIZE).get_page(page)


def translations_page(user, *, page: int = 1):
    """Every document with its six languages, for the conference officer (P 40, P 48)."""
    documents = _with_page_facts(visible_documents(reader(user)).order_by("-created_at", "-pk"))
    return Paginator(documents, settings.DOCUMENTS_PAGE_SIZE).get_page(page)


def access_document(user, pk: int) -> tuple[Document, Reader]:
    """The document if the user may see it, else 404 (missing and forbidden alike)."""
    r = reader(user)
    document = (
        Document.objects.annotate(has_published=Exists(PUBLISHED))
        .select_related("state")
        .prefetch_related("working_groups", _versions())
        .filter(pk=pk)
        .first()
    )
    if document is None or not may_see_document(r, document, has_published=document.has_published):
        raise Http404
    return document, r


def access_version(user, pk: int) -> tuple[LanguageVersion, Reader]:
    version = LanguageVersion.objects.select_related("document").filter(pk=pk).first()
    if version is None:
        raise Http404
    access_document(user, version.document_id)
    return version, reader(user)


def documents_of(source) -> dict[str, "Document"]:
    """The documents made from one source, by kind (its CRP, its tracked translations), for the source's page."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Document

    if source is None or not getattr(source, "pk", None):
        return {}
    rows = Document.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
    return {d.kind: d for d in rows}


def public_documents():
    """What anyone reads without signing in: issued, unrestricted documents with their published languages,
    in the order of their symbols (P 36, P 42; the public feed)."""
    from .permissions import ANONYMOUS

    published = LanguageVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by(LANGUAGE_ORDER)
    return (
        visible_documents(ANONYMOUS)
        .select_related("state")
        .prefetch_related(Prefetch("versions", queryset=published, to_attr="published_versions"))
        .order_by("symbol", "pk")
    )


HOME_ROWS = 20


def work_for(user) -> dict | None:
    """For the home page of the secretariat and conference officers: documents not issued yet, and language
    versions requested or in translation (P 40, P 48), the oldest first, at most HOME_ROWS of each with their
    totals; None for anyone who does not handle documents."""
    if not may_manage(reader(user)):
        return None
    to_issue = Document.objects.filter(issued_on__isnull=True).order_by("created_at", "pk")
    pending = LanguageVersion.objects.filter(
        status__in=[VersionStatus.REQUESTED, VersionStatus.IN_TRANSLATION]
    ).select_related("document")
    return {
        "to_issue": list(to_issue[:HOME_ROWS]),
        "to_issue_total": to_issue.count(),
        "pending": list(pending.order_by("requested_on", "document__symbol", LANGUAGE_ORDER, "pk")[:HOME_ROWS]),
        "pending_total": pending.count(),
    }


def without_crp(sources):
    """The queryset `sources` (of one model) without those that have a conference room paper: one query with
    it, whatever their number."""
    from django.contrib.contenttypes.models import ContentType

    from .enums import DocumentKind

    kind = ContentType.objects.get_for_model(sources.model)
    issued = Document.objects.filter(kind=DocumentKind.CRP, source_type=kind, source_id__isnull=False)
    return sources.exclude(pk__in=issued.values("source_id"))
