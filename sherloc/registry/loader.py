"""Load the reference data from files, keeping where each value came from.

One transaction: a file with a missing column or an unknown code aborts the whole
load with a message naming the file and row, and the database stays as it was.
Running the load twice changes nothing; values the secretariat owns (review group,
participation, a newer treaty status) are never overwritten by older files.
"""

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .enums import ConsentType, EntityType, LegalSystem, RegionalGroup, TreatyStatusKind
from .i18n import OTHER_LANGUAGES
from .models import (
    Article,
    Cluster,
    ClusterArticle,
    Instrument,
    ReferenceSource,
    State,
    TreatyStatus,
    UncacCorrespondence,
    WorkplanPhase,
)

ENTITY_TYPES = {
    "UN Member State": EntityType.MEMBER_STATE,
    "UN observer State": EntityType.OBSERVER_STATE,
    "UN observer State (Holy See)": EntityType.OBSERVER_STATE,
    "non-member State (UNTC participant; UNTOC party)": EntityType.NON_MEMBER_STATE,
    "regional economic integration organization": EntityType.REIO,
}
STATUS_INSTRUMENTS = ["UNTOC", "TIP", "SOM", "FIREARMS", "UNCAC"]

SOURCES = {
    "un-regional-groups": {
        "title": "UN Member States and regional groups",
        "citation": "github.com/mledoze/countries@5e9f370050f8, countries.json (unMember, unRegionalGroup)",
        "as_of": dt.date(2026, 4, 27),
        "licence": "ODbL 1.0",
        "file_name": "reference/un_states_regional_groups.csv",
    },
    "treaty-status-2014": {
        "title": "Treaty status (UNTOC, Protocols, UNCAC), UN Treaty Collection scrape",
        "citation": "github.com/zmjones/untreaties@003ce1309cc2, treaties/18-12*.csv and 18-14.csv",
        "as_of": dt.date(2014, 7, 10),
        "licence": "UN website terms of use (underlying facts)",
        "file_name": "reference/treaty_status.csv",
    },
    "juriglobe-2018": {
        "title": "JuriGlobe legal-system families (2018), via BIPA",
        "citation": "github.com/blavatnik-index/bipa2024_sourcedata@088271d0, data_context/juri_2018.csv",
        "as_of": dt.date(2018, 1, 1),
        "licence": "JuriGlobe terms: re-use for educational or non-commercial purposes",
        "file_name": "reference/states_reference_combined.csv",
    },
    "cia-factbook-legal-system": {
        "title": "CIA World Factbook, legal system text",
        "citation": "github.com/factbook/factbook.json@8662a8b1",
        "as_of": dt.date(2026, 1, 22),
        "licence": "public domain",
        "file_name": "reference/cia_factbook_legal_system.csv",
    },
    "article-titles": {
        "title": "Article titles of the Convention and its Protocols",
        "citation": "General Assembly resolutions 55/25 (annexes I–III) and 55/255 (annex)",
        "file_name": "instruments/articles.csv",
    },
    "uncac-correspondence": {
        "title": "Correspondence of Convention articles with UNCAC articles (P 21)",
        "citation": "Matched by subject; a starting mapping kept by the secretariat",
        "file_name": "instruments/uncac_correspondence.csv",
    },
    "un-short-names": {
        "title": "United Nations short names of States, where they differ from the common English name or CLDR",
        "citation": "UNTERM country short names in the six official languages, transcribed",
        "file_name": "reference/state_names_un.csv",
    },
    "translations": {
        "title": "Reference data in Arabic, Chinese, French, Russian and Spanish",
        "citation": "Translated for the portal after the official texts of the instruments; verify before publishing",
        "file_name": "portal/translations.csv",
    },
    "table-1": {
        "title": "Table 1: clusters of articles",
        "citation": "Resolution 9/1, appendix to the Procedures and Rules, table 1",
        "as_of": dt.date(2018, 10, 19),
        "file_name": "portal/clusters_table1.csv",
    },
    "workplan": {
        "title": "Multi-year workplan",
        "citation": "Resolution 9/1, annex, P 8, P 14, P 15 and table 2",
        "as_of": dt.date(2018, 10, 19),
        "file_name": "portal/workplan.csv",
    },
}


class ReferenceDataError(Exception):
    """A file the loader cannot accept; the message names the file and the row."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool, changed: bool = True) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1
        elif changed:
            self.updated[what] = self.updated.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        if not self.changed:
            return "Reference data already up to date: nothing changed."
        parts = [f"{n} {what} created" for what, n in sorted(self.created.items())]
        parts += [f"{n} {what} updated" for what, n in sorted(self.updated.items())]
        return "Reference data loaded: " + ", ".join(parts) + "."


class _Csv:
    """Rows of a CSV file with the columns checked and the row number at hand."""

    def __init__(self, root: Path, relative: str, required: list[str]):
        self.name = relative
        self.path = root / relative
        if not self.path.exists():
            raise ReferenceDataError(f"{relative}: file not found in {root}")
        with self.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ReferenceDataError(f"{relative}, row 1 (header): missing column(s) {', '.join(missing)}")
            self.rows = list(reader)

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        # row 1 is the header, so data starts on row 2 as a spreadsheet shows it
        for number, row in enumerate(self.rows, start=2):
            yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}

    def fail(self, row: int, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{self.name}, row {row}: {message}")

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def _bool(table: _Csv, row: int, value: str) -> bool:
    if value.lower() in {"true", "yes", "1"}:
        return True
    if value.lower() in {"false", "no", "0", ""}:
        return False
    raise table.fail(row, f"expected true or false, found {value!r}")


def _date(table: _Csv, row: int, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise table.fail(row, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _choice(table: _Csv, row: int, column: str, value: str, choices, allow_blank=True) -> str:
    if not value and allow_blank:
        return ""
    if value not in choices.values:
        raise table.fail(row, f"unknown {column} {value!r} (expected one of {', '.join(choices.values)})")
    return value


def _save(report: LoadReport, what: str, model, lookup: dict, values: dict, create_only: dict | None = None):
    """Create or update one row; count only what really changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values, **(create_only or {}))
        report.count(what, created=True)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(what, created=False)
    return obj


def _parse_as_of(table: _Csv, row: int, value: str) -> dict[str, dt.date]:
    """'untoc,tip: 2014-01-27; som,firearms,uncac: 2014-07-10' → per-instrument dates."""
    dates = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        match = re.fullmatch(r"([a-z,]+):\s*(\d{4}-\d{2}-\d{2})", part)
        if not match:
            raise table.fail(row, f"cannot read the as-of date {part!r}")
        for code in match.group(1).split(","):
            dates[code.upper()] = dt.date.fromisoformat(match.group(2))
    return dates


@transaction.atomic
def load_reference(root: Path) -> LoadReport:
    report = LoadReport()
    root = Path(root)
    sources = {}
    for key, values in SOURCES.items():
        table_path = root / values["file_name"]
        digest = hashlib.sha256(table_path.read_bytes()).hexdigest() if table_path.exists() else ""
        values = {"as_of": None, "licence": "", **values, "sha256": digest}
        sources[key] = _save(report, "sources", ReferenceSource, {"key": key}, values)

    instruments = _load_instruments(root, report)
    states = _load_states(root, report, sources)
    _load_participation(root, report, states)
    _load_statuses(root, report, states, instruments)
    articles = _load_articles(root, report, instruments)
    clusters = _load_clusters(root, report, articles)
    _load_workplan(root, report, clusters)
    _load_uncac_correspondence(root, report, articles)
    _load_translations(root, report, instruments, articles, clusters)
    return report


def _load_instruments(root, report):
    table = _Csv(root, "portal/instruments.csv", ["code", "name", "short_name", "under_mechanism", "position"])
    instruments = {}
    for row, r in table:
        if not r["code"]:
            raise table.fail(row, "empty code")
        instruments[r["code"]] = _save(
            report,
            "instruments",
            Instrument,
            {"code": r["code"]},
            {
                "name": r["name"],
                "short_name": r["short_name"],
                "of_short_name": r.get("of_short_name", ""),
                "under_mechanism": _bool(table, row, r["under_mechanism"]),
                "mtdsg_number": r.get("mtdsg_number", ""),
                "position": int(r["position"]),
            },
        )
    missing = set(STATUS_INSTRUMENTS) - set(instruments)
    if missing:
        raise ReferenceDataError(f"portal/instruments.csv: missing instrument(s) {', '.join(sorted(missing))}")
    return instruments


def _load_states(root, report, sources):
    groups = _Csv(
        root,
        "reference/un_states_regional_groups.csv",
        ["iso3", "iso2", "m49", "name", "official_name", "entity_type", "un_regional_group", "group_note"],
    )
    extra = {}
    for row, r in groups:
        code = r["iso3"] or r["iso2"]
        if not code:
            raise groups.fail(row, "no ISO code")
        extra[code] = r
    combined = _Csv(
        root,
        "reference/states_reference_combined.csv",
        [
            "code",
            "name",
            "entity_type",
            "un_regional_group",
            "juriglobe_legal_system",
            "juriglobe_components",
            "factbook_legal_system_text",
        ],
    )
    un_names = _un_short_names(root)
    states = {}
    for row, r in combined:
        code = r["code"]
        if not re.fullmatch(r"[A-Z]{3}|EU", code):
            raise combined.fail(row, f"unknown State code {code!r}")
        if code not in extra:
            raise combined.fail(row, f"State {code} is not in reference/un_states_regional_groups.csv")
        if r["entity_type"] not in ENTITY_TYPES:
            raise combined.fail(row, f"unknown entity type {r['entity_type']!r}")
        try:
            group = RegionalGroup.from_label(r["un_regional_group"])
        except ValueError as error:
            raise combined.fail(row, str(error)) from None
        legal = r["juriglobe_legal_system"]
        _choice(combined, row, "legal system", legal, LegalSystem)
        more = extra[code]
        state = _save(
            report,
            "States",
            State,
            {"code": code},
            {
                "name": un_names.get(code, {}).get("en") or r["name"],
                "iso2": more["iso2"],
                "m49": more["m49"],
                "official_name": more["official_name"],
                "entity_type": ENTITY_TYPES[r["entity_type"]],
                "un_regional_group": group or "",
                "regional_group_note": more["group_note"],
                "legal_system": legal,
                "legal_system_components": r["juriglobe_components"],
                "legal_system_text": r["factbook_legal_system_text"],
            },
        )
        _fill_translations(report, "State names", state, "name", un_names.get(code, {}))
        linked = set(state.sources.values_list("key", flat=True))
        wanted = {"un-regional-groups", "juriglobe-2018", "cia-factbook-legal-system"}
        if code in un_names:
            wanted.add("un-short-names")
        if wanted - linked:
            state.sources.add(*(sources[k] for k in wanted - linked))
        states[code] = state
    return states


def _load_participation(root, report, states):
    table = _Csv(
        root, "portal/review_participation.csv", ["code", "review_group", "subject_to_review", "decision_reference"]
    )
    for row, r in table:
        state = states.get(r["code"])
        if state is None:
            raise table.fail(row, f"unknown State code {r['code']!r}")
        group = _choice(table, row, "review group", r["review_group"], RegionalGroup)
        subject = _bool(table, row, r["subject_to_review"])
        # the secretariat owns these once set: a file only fills what was never decided
        if not state.review_decision_reference:
            state.review_group = group
            state.subject_to_review = subject
            state.review_decision_reference = r["decision_reference"]
            state.save(update_fields=["review_group", "subject_to_review", "review_decision_reference"])
            report.count("review decisions", created=True)


def _load_statuses(root, report, states, instruments):
    columns = ["code", "as_of", "source", "notes"]
    for ins in STATUS_INSTRUMENTS:
        p = ins.lower()
        columns += [f"{p}_status", f"{p}_signature_date", f"{p}_consent_date", f"{p}_consent_type"]
    table = _Csv(root, "reference/treaty_status.csv", columns)
    current = {(s.state_id, s.instrument_id): s for s in TreatyStatus.objects.current()}
    for row, r in table:
        state = states.get(r["code"])
        if state is None:
            raise table.fail(row, f"unknown State code {r['code']!r}")
        as_of = _parse_as_of(table, row, r["as_of"])
        for ins in STATUS_INSTRUMENTS:
            p = ins.lower()
            if ins not in as_of:
                raise table.fail(row, f"no as-of date for {ins}")
            values = {
                "status": _choice(table, row, f"{p}_status", r[f"{p}_status"], TreatyStatusKind, allow_blank=False),
                "signature_date": _date(table, row, r[f"{p}_signature_date"]),
                "consent_date": _date(table, row, r[f"{p}_consent_date"]),
                "consent_type": _choice(table, row, f"{p}_consent_type", r[f"{p}_consent_type"], ConsentType),
                "as_of": as_of[ins],
                "source": r["source"],
                "note": r["notes"] if ins.lower() in r["notes"].split(":")[0] else "",
            }
            existing = current.get((state.pk, instruments[ins].pk))
            if existing is not None and existing.as_of >= values["as_of"]:
                continue  # what the portal holds is as recent or newer: keep it
            from .services import record_treaty_status

            record_treaty_status(state=state, instrument=instruments[ins], recorded_by=None, **values)
            report.count("treaty statuses", created=existing is None)


def _load_articles(root, report, instruments):
    table = _Csv(root, "instruments/articles.csv", ["instrument", "article", "title"])
    articles = {}
    for row, r in table:
        instrument = instruments.get(r["instrument"])
        if instrument is None:
            raise table.fail(row, f"unknown instrument {r['instrument']!r}")
        if not r["article"].isdigit():
            raise table.fail(row, f"article number {r['article']!r} is not a number")
        articles[(r["instrument"], int(r["article"]))] = _save(
            report,
            "articles",
            Article,
            {"instrument": instrument, "number": int(r["article"])},
            {"title": r["title"]},
        )
    return articles


def _load_clusters(root, report, articles):
    table = _Csv(root, "portal/clusters.csv", ["code", "name", "position"])
    clusters = {}
    for _row, r in table:
        clusters[r["code"]] = _save(
            report, "clusters", Cluster, {"code": r["code"]}, {"name": r["name"], "position": int(r["position"])}
        )
    cells = _Csv(root, "portal/clusters_table1.csv", ["instrument", "article", "cluster", "only_for_non_uncac_parties"])
    for row, r in cells:
        article = articles.get((r["instrument"], int(r["article"]) if r["article"].isdigit() else -1))
        if article is None:
            raise cells.fail(row, f"unknown article {r['instrument']} {r['article']!r}")
        cluster = clusters.get(r["cluster"])
        if cluster is None:
            raise cells.fail(row, f"unknown cluster {r['cluster']!r}")
        _save(
            report,
            "cluster articles",
            ClusterArticle,
            {"article": article},
            {"cluster": cluster, "only_for_non_uncac_parties": _bool(cells, row, r["only_for_non_uncac_parties"])},
        )
    return clusters


def _load_workplan(root, report, clusters):
    table = _Csv(root, "portal/workplan.csv", ["number", "name", "cluster", "first_year", "duration_years"])
    for row, r in table:
        cluster = None
        if r["cluster"]:
            cluster = clusters.get(r["cluster"])
            if cluster is None:
                raise table.fail(row, f"unknown cluster {r['cluster']!r}")
        # the secretariat edits the workplan in the browser (P 15): a file only seeds it
        if not WorkplanPhase.objects.filter(number=int(r["number"])).exists():
            WorkplanPhase.objects.create(
                number=int(r["number"]),
                name=r["name"],
                cluster=cluster,
                first_year=int(r["first_year"]),
                duration_years=int(r["duration_years"]),
                decision_reference=r.get("decision_reference", ""),
            )
            report.count("workplan phases", created=True)


def _load_uncac_correspondence(root, report, articles):
    table = _Csv(root, "instruments/uncac_correspondence.csv", ["untoc_article", "uncac_articles", "subject"])
    for row, r in table:
        article = articles.get(("UNTOC", int(r["untoc_article"]) if r["untoc_article"].isdigit() else -1))
        if article is None:
            raise table.fail(row, f"unknown Convention article {r['untoc_article']!r}")
        numbers = [n.strip() for n in r["uncac_articles"].split(";")]
        if not all(n.isdigit() for n in numbers):
            raise table.fail(row, f"UNCAC articles {r['uncac_articles']!r} must be numbers separated by ';'")
        # the secretariat keeps the mapping in the admin: a file only seeds it
        if not UncacCorrespondence.objects.filter(article=article).exists():
            UncacCorrespondence.objects.create(article=article, uncac_articles=";".join(numbers), subject=r["subject"])
            report.count("UNCAC correspondences", created=True)


def _un_short_names(root) -> dict[str, dict[str, str]]:
    """UN short names by State code and language column suffix ('en', 'ar', 'zh_hans'…)."""
    table = _Csv(root, "reference/state_names_un.csv", ["code", "en", *OTHER_LANGUAGES.values()])
    names = {}
    for row, r in table:
        if not r["code"] or not r["en"]:
            raise table.fail(row, "a code and an English name are required")
        names[r["code"]] = {k: v.strip() for k, v in r.items() if k != "code"}
    return names


def _fill_translations(report, what: str, obj, field: str, texts: dict[str, str]) -> None:
    """Fill ``field``'s columns in the other languages where they are empty: once the
    secretariat has written one in the admin, the file no longer touches it."""
    changed = []
    for suffix in OTHER_LANGUAGES.values():
        name = f"{field}_{suffix}"
        if texts.get(suffix) and not getattr(obj, name):
            setattr(obj, name, texts[suffix])
            changed.append(name)
    if changed:
        obj.save(update_fields=changed)
        report.count(what, created=False)


def _load_translations(root, report, instruments, articles, clusters):
    table = _Csv(root, "portal/translations.csv", ["table", "key", "field", *OTHER_LANGUAGES.values()])
    fields = {
        "instrument": ("name", "short_name", "of_short_name"),
        "article": ("title",),
        "cluster": ("name",),
        "phase": ("name",),
    }
    phases = {str(p.number): p for p in WorkplanPhase.objects.all()}
    for row, r in table:
        kind, key = r["table"], r["key"]
        if r["field"] not in fields.get(kind, ()):
            raise table.fail(row, f"cannot translate {kind!r} field {r['field']!r}")
        if kind == "instrument":
            obj = instruments.get(key)
        elif kind == "article":
            code, _sep, number = key.partition(":")
            obj = articles.get((code, int(number) if number.isdigit() else -1))
        elif kind == "cluster":
            obj = clusters.get(key)
        else:
            obj = phases.get(key)
        if obj is None:
            raise table.fail(row, f"unknown {kind} {key!r}")
        _fill_translations(report, "translations", obj, r["field"], r)
