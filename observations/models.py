"""Outcomes of the review (P 37–39): the list of observations of one State in one phase, and the
final desk review report of one State at the end of the overall process, both kept as immutable
numbered versions and final on the agreement of every party to the same version.

Every write goes through `observations.services`; a version is never changed once written.
Both the list and the report are document sources (documents/sources.py: the five `document_*`
methods; this app never imports `documents`).
"""

from django.conf import settings
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from reviews.models import CountryReview
from sherloc.registry.models import Article, State

from .enums import KIND_ORDER, ItemKind

DOCUMENT_LANGUAGES = {"ar", "zh-hans", "en", "fr", "ru", "es"}


class Immutable(models.Model):
    """A version: written once, never updated (a change is a new version)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("A version is never changed: write a new one.")
        return super().save(*args, **kwargs)


class ObservationList(models.Model):
    """The list of observations of one country review (P 37)."""

    review = models.OneToOneField(CountryReview, on_delete=models.PROTECT, related_name="observation_list")
    created_at = models.DateTimeField()
    final_version = models.OneToOneField(
        "ListVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="final_of"
    )
    finalised_at = models.DateTimeField(null=True, blank=True, help_text=_("When the last party agreed (P 39)."))
    restricted = models.BooleanField(default=True, help_text=_("Restricted circulation (P 36, P 41)."))

    class Meta:
        ordering = ["review__state__name", "review__phase__number"]

    def __str__(self):
        return str(
            _("List of observations: %(state)s, %(phase)s") % {"state": self.review.state, "phase": self.review.phase}
        )

    @property
    def is_final(self) -> bool:
        return self.final_version_id is not None

    def current_version(self):
        return self.versions.order_by("-number").first()

    # the documents contract (documents/sources.py) -------------------------------------------------
    def document_title(self) -> str:
        return str(
            _("List of observations: %(state)s, phase %(number)s (%(cluster)s)")
            % {"state": self.review.state, "number": self.review.phase.number, "cluster": self.review.phase.cluster}
        )

    def document_language(self) -> str:
        language = self.review.language
        return language if language in DOCUMENT_LANGUAGES else "en"

    def document_html(self) -> str:
        version = self.final_version or self.current_version()
        return render_items_html(version.items if version else [])

    def document_state(self):
        return self.review.state

    def document_restricted(self) -> bool:
        return self.restricted


class ListVersion(Immutable):
    """One version of a list: who wrote it, when, and the text of every item (P 37).

    `items` is a list of {"kind": ItemKind, "text": str, "articles": [article ids]}."""

    observation_list = models.ForeignKey(ObservationList, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    items = models.JSONField(default=list)
    word_count = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["observation_list", "number"]
        constraints = [models.UniqueConstraint(fields=["observation_list", "number"], name="one_list_version_number")]

    def __str__(self):
        return str(_("version %(n)s") % {"n": self.number})


class ListComment(models.Model):
    """A comment of the State under review on a version of its list (P 37), seen by every party."""

    observation_list = models.ForeignKey(ObservationList, on_delete=models.PROTECT, related_name="comments")
    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    posted_at = models.DateTimeField()

    class Meta:
        ordering = ["posted_at", "pk"]


class Agreement(models.Model):
    """One party's agreement, through its focal point, to one version (P 39). An edit after it
    withdraws it: the row stays, with when and by which version it was withdrawn."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class ListAgreement(Agreement):
    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="agreements")
    withdrawn_by = models.ForeignKey(
        ListVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="withdrew"
    )

    class Meta(Agreement.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "state"], name="one_list_agreement_per_party")]


class BlueprintVersion(Immutable):
    """The blueprint of the final desk review report (P 14, P 38): a template the secretariat edits,
    kept as versions. `sections` is a list of {"key": slug, "title": str, "guidance": str}."""

    number = models.PositiveIntegerField(unique=True)
    sections = models.JSONField(default=list)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return str(_("blueprint, version %(n)s") % {"n": self.number})


class FinalReport(models.Model):
    """The final desk review report of one State for the overall process (P 38)."""

    state = models.OneToOneField(State, on_delete=models.PROTECT, related_name="final_report")
    blueprint = models.ForeignKey(BlueprintVersion, on_delete=models.PROTECT, related_name="reports")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    requested_at = models.DateTimeField(null=True, blank=True, help_text=_("P 38: the draft was asked for."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_for = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(null=True, blank=True, help_text=_("When the draft went to the reviewing States."))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_version = models.OneToOneField(
        "ReportVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="final_of"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    restricted = models.BooleanField(default=True)

    class Meta:
        ordering = ["state__name"]

    def __str__(self):
        return str(_("Final desk review report: %(state)s") % {"state": self.state})

    @property
    def is_final(self) -> bool:
        return self.final_version_id is not None

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def current_version(self):
        return self.versions.order_by("-number").first()

    # the documents contract (documents/sources.py) -------------------------------------------------
    def document_title(self) -> str:
        return str(_("Final desk review report: %(state)s") % {"state": self.state})

    def document_language(self) -> str:
        return self.language if self.language in DOCUMENT_LANGUAGES else "en"

    def document_html(self) -> str:
        version = self.final_version or self.current_version()
        return render_sections_html(version.sections if version else [])

    def document_state(self):
        return self.state

    def document_restricted(self) -> bool:
        return self.restricted


class ReportVersion(Immutable):
    """One version of a final report: `sections` is a list of {"key", "title", "text"} following the
    blueprint the report was started from."""

    report = models.ForeignKey(FinalReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    sections = models.JSONField(default=list)
    word_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")]

    def __str__(self):
        return str(_("version %(n)s") % {"n": self.number})


class ReportAgreement(Agreement):
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="agreements")
    withdrawn_by = models.ForeignKey(
        ReportVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="withdrew"
    )

    class Meta(Agreement.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "state"], name="one_report_agreement_per_party")]


# rendering, shared by the pages and the documents contract ----------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def grouped_items(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """Items by kind in the order of P 37, each with its articles (registry rows, in treaty order)."""
    ids = {a for item in items for a in item.get("articles", [])}
    articles = {a.pk: a for a in Article.objects.filter(pk__in=ids).select_related("instrument")}
    groups = []
    for kind in KIND_ORDER:
        mine = [
            {**item, "article_rows": [articles[a] for a in item.get("articles", []) if a in articles]}
            for item in items
            if item.get("kind") == kind
        ]
        groups.append((kind, mine))
    return groups


def render_items_html(items: list[dict]) -> str:
    parts = []
    for kind, mine in grouped_items(items):
        if not mine:
            continue
        rows = format_html_join(
            "",
            '<li><p class="articles">{}</p>{}</li>',
            (
                (
                    "; ".join(str(a) for a in item["article_rows"]),
                    format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs(item["text"]))),
                )
                for item in mine
            ),
        )
        parts.append(
            format_html('<section class="kind-{}"><h2>{}</h2><ol>{}</ol></section>', kind, ItemKind(kind).label, rows)
        )
    return format_html_join("", "{}", ((part,) for part in parts))


def render_sections_html(sections: list[dict]) -> str:
    parts = []
    for section in sections:
        body = format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs(section.get("text", ""))))
        parts.append(format_html("<section><h2>{}</h2>{}</section>", section.get("title", ""), body))
    return format_html_join("", "{}", ((part,) for part in parts))
