"""The reference registry: States, instruments, articles, clusters, workplan (docs/rules.md, P 8, P 14, P 16)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .enums import ConsentType, EntityType, LegalSystem, RegionalGroup, TreatyStatusKind
from .i18n import OTHER_LANGUAGES, localized, state_name

LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "zh-hans": _("Chinese"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}


def add_translations(model, field: str, *, help_text=None) -> None:
    """A column per non-English language beside ``model.field`` (``title_ar``, ``title_zh_hans``…),
    blank where not translated (docs/languages.md); ``localized(obj, field)`` reads them."""
    original = model._meta.get_field(field)
    for code, suffix in OTHER_LANGUAGES.items():
        models.CharField(
            verbose_name=format_lazy("{} ({})", original.verbose_name, LANGUAGE_NAMES[code]),
            max_length=original.max_length,
            blank=True,
            help_text=help_text or _("Empty: the English text is shown."),
        ).contribute_to_class(model, f"{field}_{suffix}")


class ReferenceSource(models.Model):
    """Where a piece of reference data came from: provenance kept beside the data."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    citation = models.TextField(_("citation"), help_text=_("Repository and commit, document symbol or address."))
    as_of = models.DateField(_("as of"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.title


class State(models.Model):
    """A State (or the European Union) as the Mechanism knows it."""

    code = models.CharField(_("code"), max_length=3, unique=True, help_text=_("ISO 3166-1 alpha-3, or EU."))
    iso2 = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, blank=True)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=120, help_text=_("The United Nations short name, in English."))
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    entity_type = models.CharField(_("kind of entity"), max_length=20, choices=EntityType.choices)
    un_regional_group = models.CharField(
        _("UN regional group"), max_length=8, choices=RegionalGroup.choices, blank=True
    )
    regional_group_note = models.CharField(_("note on the regional group"), max_length=300, blank=True)
    legal_system = models.CharField(_("legal system"), max_length=20, choices=LegalSystem.choices, blank=True)
    legal_system_components = models.CharField(_("components of the legal system"), max_length=120, blank=True)
    legal_system_text = models.TextField(_("legal system, in words"), blank=True)
    # The review's own facts, decided by the secretariat (docs/rules.md).
    review_group = models.CharField(
        _("group for the review"),
        max_length=8,
        choices=RegionalGroup.choices,
        blank=True,
        help_text=_("Group for the purposes of the review, where it is not the UN regional group."),
    )
    subject_to_review = models.BooleanField(_("subject to review"), default=True)
    review_decision_reference = models.CharField(
        _("decision on the review group"),
        max_length=300,
        blank=True,
        help_text=_("The decision that fixed this State's review group or its participation."),
    )
    sources = models.ManyToManyField(ReferenceSource, blank=True, related_name="states", verbose_name=_("sources"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("State")
        verbose_name_plural = _("States")
        permissions = [
            ("coordinate_state", "Coordinate the State's participation in the Mechanism"),
            ("act_for_state", "Work on the State's reviews"),
            ("view_state_material", "Read the State's own material"),
        ]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the page's language: the UN short name where the secretariat keeps one,
        else CLDR's (docs/languages.md)."""
        return state_name(self)

    @property
    def group_for_review(self) -> str:
        return self.review_group or self.un_regional_group


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=80)
    of_short_name = models.CharField(
        _("“of the …” in a sentence"),
        max_length=120,
        blank=True,
        help_text=_("How a sentence says “of the Organized Crime Convention” in this language."),
    )
    under_mechanism = models.BooleanField(
        _("reviewed by this Mechanism"),
        default=True,
        help_text=_("Reviewed by this Mechanism (UNCAC is not; it is kept for P 21 and table 1)."),
    )
    mtdsg_number = models.CharField(_("number in the Multilateral Treaties"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return localized(self, "short_name")

    def localized(self, field: str) -> str:
        return localized(self, field)


class Article(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="articles", verbose_name=_("instrument")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["instrument__position", "number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="unique_article")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return _("%(instrument)s, art. %(number)s") % {"instrument": self.instrument, "number": self.number}

    def localized(self, field: str) -> str:
        return localized(self, field)

    def in_sentence(self) -> str:
        """ "article 2 (Use of terms) of the Organized Crime Convention", in the page's language."""
        of_instrument = localized(self.instrument, "of_short_name") or self.instrument.short_name
        return _("article %(number)s (%(title)s) %(of_instrument)s") % {
            "number": self.number,
            "title": localized(self, "title"),
            "of_instrument": of_instrument,
        }


class Cluster(models.Model):
    """A thematic cluster of table 1."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Column of table 1."))
    articles = models.ManyToManyField(
        Article, through="ClusterArticle", related_name="clusters", verbose_name=_("articles")
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return localized(self, "name")

    def localized(self, field: str) -> str:
        return localized(self, field)


class ClusterArticle(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, verbose_name=_("cluster"))
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("article"))
    only_for_non_uncac_parties = models.BooleanField(
        _("only for States not party to UNCAC"),
        default=False,
        help_text=_("Table 1, note a: reviewed only for States not party to UNCAC."),
    )

    class Meta:
        ordering = ["cluster__position", "article__instrument__position", "article__number"]
        constraints = [models.UniqueConstraint(fields=["article"], name="article_in_one_cluster")]


add_translations(
    State,
    "name",
    help_text=_("The United Nations short name in this language, where it differs from CLDR's. Empty: CLDR's name."),
)
add_translations(Instrument, "name")
add_translations(Instrument, "short_name")
add_translations(Instrument, "of_short_name")
add_translations(Article, "title")
add_translations(Cluster, "name")


class TreatyStatusQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)


class TreatyStatus(models.Model):
    """One State's status under one instrument, with its source and date.

    Rows are never rewritten: a newer status supersedes the older one, so the
    history of what the portal believed, and why, stays readable.
    """

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="treaty_statuses", verbose_name=_("State"))
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("instrument")
    )
    status = models.CharField(_("status"), max_length=10, choices=TreatyStatusKind.choices)
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    consent_date = models.DateField(_("consent to be bound"), null=True, blank=True)
    consent_type = models.CharField(_("kind of consent"), max_length=20, choices=ConsentType.choices, blank=True)
    as_of = models.DateField(_("as of"), help_text=_("Date on which the source gave this status."))
    source = models.TextField(_("source"), help_text=_("Where the status comes from."))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = TreatyStatusQuerySet.as_manager()

    class Meta:
        ordering = ["state__name", "instrument__position", "-recorded_at"]
        verbose_name = _("treaty status")
        verbose_name_plural = _("treaty statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "instrument"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_status_per_state_instrument",
            )
        ]

    def __str__(self):
        return f"{self.state} — {self.instrument}: {self.get_status_display()} ({self.as_of})"


class WorkplanPhase(models.Model):
    """A row of the multi-year workplan (P 8, P 14, table 2), editable by the secretariat (P 15)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("0 is the preparatory phase."))
    name = models.CharField(_("name"), max_length=200)
    cluster = models.ForeignKey(Cluster, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("cluster"))
    first_year = models.PositiveSmallIntegerField(
        _("first year"), help_text=_("Year of the review process, for the first group.")
    )
    duration_years = models.PositiveSmallIntegerField(_("duration in years"), default=2)
    decision_reference = models.CharField(_("decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("phase of the workplan")
        verbose_name_plural = _("phases of the workplan")

    def __str__(self):
        return localized(self, "name")

    def localized(self, field: str) -> str:
        return localized(self, field)

    def years_for_group(self, group: int) -> tuple[int, int]:
        """Years of the review process in which year group 1, 2 or 3 holds this phase (P 14, P 16)."""
        start = self.first_year + (group - 1 if self.cluster_id else 0)
        return start, start + self.duration_years - 1


add_translations(WorkplanPhase, "name")


class UncacCorrespondence(models.Model):
    """Convention articles whose obligations are identical or similar to UNCAC articles, for the
    reuse of what a State submitted to the UNCAC review (P 21). Seeded from a file, then kept by
    the secretariat."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="uncac_correspondence", verbose_name=_("article")
    )
    uncac_articles = models.CharField(
        _("UNCAC articles"), max_length=100, help_text=_("UNCAC article numbers, separated by ';'.")
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)

    class Meta:
        ordering = ["article__number"]
        verbose_name = _("UNCAC correspondence")
        verbose_name_plural = _("UNCAC correspondences")

    def __str__(self):
        return f"{self.article} ~ UNCAC {self.uncac_articles.replace(';', ', ')}"

    @property
    def uncac_numbers(self) -> list[str]:
        return [n.strip() for n in self.uncac_articles.split(";") if n.strip()]


class MechanismSettings(models.Model):
    """Figures the Conference can change: data, never constants in code (docs/rules.md)."""

    advancement_threshold_percent = models.PositiveSmallIntegerField(
        _("threshold for moving to the next phase (percent)"), default=70, help_text="P 9"
    )
    responses_max_months = models.PositiveSmallIntegerField(
        _("months at most for the responses"), default=6, help_text="P 33"
    )
    feedback_max_months = models.PositiveSmallIntegerField(
        _("months at most for the feedback"), default=6, help_text="P 34"
    )
    redraws_per_state = models.PositiveSmallIntegerField(_("redraws per State"), default=2, help_text="P 28")
    min_reviews = models.PositiveSmallIntegerField(_("fewest reviews per State"), default=1, help_text="P 29")
    max_reviews = models.PositiveSmallIntegerField(_("most reviews per State"), default=3, help_text="P 29")
    focal_point_appointment_days = models.PositiveSmallIntegerField(
        _("days to appoint the focal point"),
        default=14,
        help_text="Days after the phase opens for the State to appoint its focal point",
    )
    experts_appointment_days = models.PositiveSmallIntegerField(
        _("days to appoint the governmental experts"),
        default=28,
        help_text="Days after the phase opens for the State to appoint its governmental experts",
    )
    reminder_days_before = models.CharField(_("reminders, days before a deadline"), max_length=40, default="30,7,1")
    stakeholder_confirmation_days = models.PositiveSmallIntegerField(
        _("days before a meeting for stakeholders to confirm"),
        default=10,
        help_text="P 52 (e): stakeholders confirm attendance at least this many days before a meeting",
    )
    list_max_words = models.PositiveIntegerField(
        _("words at most in a list of observations"),
        default=1500,
        validators=[MinValueValidator(1)],
        help_text="P 37: a list of observations is short, precise and concise (words, docs/outcomes.md)",
    )
    report_max_words = models.PositiveIntegerField(
        _("words at most in a final report"),
        default=4000,
        validators=[MinValueValidator(1)],
        help_text="P 38: the final desk review report (words)",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("mechanism settings")

    def __str__(self):
        return "Mechanism settings"

    @classmethod
    def current(cls) -> "MechanismSettings":
        return cls.objects.get_or_create(pk=1)[0]
