"""Documents and their language versions (docs/documents.md, P 37, P 40, P 43, P 48).

A document is a conference room paper or a report; each of its language versions has its own
steps (requested → in translation → received → published), with the date of each, and its own
file, kept in private storage under a random name and checked against its SHA-256 on download.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sherloc.registry.models import State
from sherloc.storage import private_storage, random_name

from .enums import DocumentKind, Language, Origin, RenderStatus, VersionStatus, WorkingGroup


class SymbolCounter(models.Model):
    """The last number given per working group and year: locked while a symbol is allocated."""

    working_group = models.CharField(max_length=10, choices=WorkingGroup.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["working_group", "year"], name="one_counter_per_group_year")]


class Document(models.Model):
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    symbol = models.CharField(max_length=120, blank=True, help_text=_("The UN document symbol; unique when set."))
    title = models.CharField(max_length=500)
    session = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField(null=True, blank=True, help_text=_("Empty until the document is issued."))
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    restricted = models.BooleanField(default=False, help_text=_("Restricted circulation: never public."))
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    body_text = models.TextField(blank=True, help_text=_("The text of the source version, for the search."))
    # PostgreSQL only (kept empty on SQLite): symbol, title and text as words, with a GIN index (migration 0002)
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "symbol", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["symbol"], condition=~Q(symbol=""), name="document_symbol_unique"),
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id"],
                condition=Q(source_id__isnull=False),
                name="one_document_of_a_kind_per_source",
            ),
        ]
        indexes = [models.Index(fields=["issued_on", "id"])]

    def __str__(self):
        return f"{self.symbol} — {self.title}" if self.symbol else self.title

    @property
    def issued(self) -> bool:
        return self.issued_on is not None

    def working_group_codes(self) -> list[str]:
        return [g.working_group for g in self.working_groups.all()]


class DocumentWorkingGroup(models.Model):
    """A working group the document goes to; the first (position 0) gives the symbol."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="working_groups")
    working_group = models.CharField(max_length=10, choices=WorkingGroup.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "working_group"], name="document_working_group_once")
        ]
        indexes = [models.Index(fields=["working_group", "document"])]


def version_path(instance, filename):
    """A random name: the symbol, the State and the language stay in the database only."""
    return random_name("documents")


class LanguageVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(max_length=10, choices=Language.choices)
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.REQUESTED)
    requested_on = models.DateField(null=True, blank=True)
    in_translation_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, blank=True, default=Origin.NONE)
    body_html = models.TextField(blank=True, help_text=_("What is rendered: the source's HTML or the typed text."))
    file = models.FileField(upload_to=version_path, storage=private_storage, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True, help_text=_("The name the user gave an uploaded file."))
    content_type = models.CharField(max_length=120, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, help_text=_("Of the file's bytes; checked on every download."))
    render_status = models.CharField(max_length=10, choices=RenderStatus.choices, blank=True, default=RenderStatus.NONE)
    render_error = models.CharField(max_length=500, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="one_version_per_language"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="version_in_a_working_language"),
        ]
        indexes = [models.Index(fields=["language", "status"])]

    def __str__(self):
        return f"{self.document} [{self.language}]"

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.render_status == RenderStatus.READY

    @property
    def extension(self) -> str:
        if self.content_type == "application/pdf" or self.origin in (Origin.TYPED, Origin.RENDERED):
            return ".pdf"
        return "." + self.file_name.rsplit(".", 1)[-1].lower() if "." in self.file_name else ""

    def download_name(self) -> str:
        """`CTOC_COP_WG.2_2027_CRP.3_en.pdf`: the symbol with its slashes as underscores, the language."""
        stem = self.document.symbol.replace("/", "_") if self.document.symbol else f"document-{self.document_id}"
        return f"{stem}_{self.language}{self.extension}"
