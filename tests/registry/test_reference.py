"""The reference registry (docs/rules.md): load, table 1, idempotence, refusals, provenance."""

import datetime as dt
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from sherloc.registry import selectors, services
from sherloc.registry.enums import RegionalGroup, TreatyStatusKind
from sherloc.registry.loader import load_reference
from sherloc.registry.models import ClusterArticle, Instrument, State, TreatyStatus

pytestmark = pytest.mark.django_db

# Table 1 of the appendix, typed from the governing text; * = note a (non-UNCAC parties only)
TABLE_ONE = {
    ("UNTOC", "criminalization"): "2 5 6 8* 9* 10 15 23",
    ("UNTOC", "prevention"): "24 25 29 30 31",
    ("UNTOC", "law-enforcement"): "7 11 19 20 22 26 27 28",
    ("UNTOC", "international-cooperation"): "12 13 14 16 17 18 21",
    ("TIP", "criminalization"): "3 5",
    ("TIP", "prevention"): "6 7 9",
    ("TIP", "law-enforcement"): "11 12 13",
    ("TIP", "international-cooperation"): "8 10",
    ("SOM", "criminalization"): "3 5 6",
    ("SOM", "prevention"): "8 9 14 15 16",
    ("SOM", "law-enforcement"): "11 12 13",
    ("SOM", "international-cooperation"): "7 10 18",
    ("FIREARMS", "criminalization"): "3 5 8",
    ("FIREARMS", "prevention"): "7 9 10 11 14 15",
    ("FIREARMS", "law-enforcement"): "",
    ("FIREARMS", "international-cooperation"): "6 12 13",
}


def test_table_one_matches_the_appendix_cell_by_cell():
    """Table 1 (P 8): every cell, and note a on Convention articles 8 and 9."""
    loaded = {}
    for cell in ClusterArticle.objects.select_related("cluster", "article__instrument"):
        key = (cell.article.instrument.code, cell.cluster.code)
        loaded.setdefault(key, []).append(f"{cell.article.number}{'*' if cell.only_for_non_uncac_parties else ''}")
    for key, expected in TABLE_ONE.items():
        assert sorted(loaded.get(key, []), key=lambda a: int(a.rstrip("*"))) == expected.split(), key
    assert set(loaded) == {k for k, v in TABLE_ONE.items() if v}


def test_articles_8_and_9_only_for_states_not_party_to_uncac():
    cluster = ClusterArticle.objects.get(article__instrument__code="UNTOC", article__number=8).cluster
    for_party = [
        c.article.number
        for c in selectors.articles_for(state_is_uncac_party=True, cluster=cluster, instrument_code="UNTOC")
    ]
    for_other = [
        c.article.number
        for c in selectors.articles_for(state_is_uncac_party=False, cluster=cluster, instrument_code="UNTOC")
    ]
    assert for_party == [2, 5, 6, 10, 15, 23]
    assert for_other == [2, 5, 6, 8, 9, 10, 15, 23]


def test_states_have_regions_legal_systems_and_statuses_with_sources():
    austria = State.objects.get(code="AUT")
    assert austria.un_regional_group == RegionalGroup.WEOG
    assert austria.legal_system == "civil"
    untoc = TreatyStatus.objects.current().get(state=austria, instrument__code="UNTOC")
    assert (untoc.status, untoc.consent_date, untoc.as_of) == ("party", dt.date(2004, 9, 23), dt.date(2014, 1, 27))
    assert "zmjones/untreaties" in untoc.source
    assert set(austria.sources.values_list("key", flat=True)) >= {"un-regional-groups", "juriglobe-2018"}
    assert State.objects.filter(entity_type="member").count() == 193


def test_holy_see_is_party_but_not_subject_and_eu_is_a_party_as_reio():
    """Resolution 9/1, footnote 2; docs/rules.md."""
    holy_see = State.objects.get(code="VAT")
    assert selectors.parties_to(holy_see) == {"UNTOC"}
    assert holy_see.subject_to_review is False
    eu = State.objects.get(code="EU")
    assert eu.entity_type == "reio"
    assert selectors.parties_to(eu) >= {"UNTOC", "TIP", "SOM", "FIREARMS", "UNCAC"}
    subject = {s.code for s in selectors.states_subject_to_review()}
    assert "VAT" not in subject and "EU" in subject and "AUT" in subject
    assert all(s.group_for_review for s in selectors.states_subject_to_review())


def test_running_the_load_again_changes_nothing():
    before = list(TreatyStatus.objects.order_by("pk").values())
    report = load_reference(settings.REFERENCE_DATA_DIR)
    assert not report.changed, str(report)
    assert list(TreatyStatus.objects.order_by("pk").values()) == before


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, target)
    return target


def test_missing_column_aborts_naming_file_and_row_and_changes_nothing(data_copy):
    path = data_copy / "reference" / "treaty_status.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tip_status", "tip_state", 1), encoding="utf-8")
    State.objects.filter(code="AUT").update(name="Changed before the load")
    with pytest.raises(
        CommandError, match=r"reference/treaty_status.csv, row 1 \(header\): missing column\(s\) tip_status"
    ):
        call_command("load_reference", path=data_copy)
    assert State.objects.get(code="AUT").name == "Changed before the load"


def test_unknown_code_aborts_with_file_and_row_and_rolls_back(data_copy):
    path = data_copy / "instruments" / "articles.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("UNTOC", "UNTOX", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # a change the load would make earlier in the same transaction must not survive
    State.objects.filter(code="AUT").update(name="Autriche")
    with pytest.raises(CommandError, match=r"instruments/articles.csv, row 5: unknown instrument 'UNTOX'"):
        call_command("load_reference", path=data_copy)
    assert State.objects.get(code="AUT").name == "Autriche"


def test_a_newer_status_supersedes_and_the_old_stays_readable(secretariat):
    austria = State.objects.get(code="AUT")
    firearms = Instrument.objects.get(code="FIREARMS")
    old = TreatyStatus.objects.current().get(state=austria, instrument=firearms)
    services.record_treaty_status(
        state=austria,
        instrument=firearms,
        status=TreatyStatusKind.PARTY,
        consent_date=dt.date(2010, 10, 9),
        as_of=dt.date(2026, 11, 1),
        source="UN Treaty Collection, consulted 2026-11-01",
        recorded_by=secretariat,
    )
    old.refresh_from_db()
    assert old.superseded_at is not None
    assert TreatyStatus.objects.current().get(state=austria, instrument=firearms).as_of == dt.date(2026, 11, 1)
    # the file's older status never overwrites the secretariat's newer one
    load_reference(settings.REFERENCE_DATA_DIR)
    assert (
        TreatyStatus.objects.current()
        .get(state=austria, instrument=firearms)
        .source.startswith("UN Treaty Collection, consulted")
    )


def test_status_without_source_is_refused():
    austria = State.objects.get(code="AUT")
    with pytest.raises(services.RegistryError, match="source"):
        services.record_treaty_status(
            state=austria,
            instrument=Instrument.objects.get(code="TIP"),
            status="none",
            as_of=dt.date(2026, 1, 1),
            source=" ",
        )


def test_import_is_all_or_nothing_with_the_row_named():
    text = (
        "code,instrument,status,signature_date,consent_date,consent_type,as_of,source\n"
        "AFG,TIP,party,,2014-08-14,accession,2014-08-14,whatconvention.org\n"
        "XXX,TIP,party,,2014-09-09,accession,2014-09-09,whatconvention.org\n"
    )
    with pytest.raises(services.RegistryError, match=r"Row 3: unknown State code 'XXX'"):
        services.import_treaty_statuses(text=text)
    afg = TreatyStatus.objects.current().get(state__code="AFG", instrument__code="TIP")
    assert afg.status == "none"
    services.import_treaty_statuses(text=text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n")
    afg = TreatyStatus.objects.current().get(state__code="AFG", instrument__code="TIP")
    assert (afg.status, afg.source) == ("party", "whatconvention.org")


def test_import_command_refuses_bad_file_with_message(tmp_path):
    bad = tmp_path / "statuses.csv"
    bad.write_text("code,instrument\nAUT,TIP\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_treaty_status", bad)


def test_workplan_seeded_with_preparatory_and_four_phases_in_cluster_order():
    """P 8, P 14; docs/rules.md, cluster order, editable (P 15)."""
    from sherloc.registry.models import WorkplanPhase

    phases = list(WorkplanPhase.objects.select_related("cluster"))
    assert [p.cluster.code if p.cluster else None for p in phases] == [
        None,
        "criminalization",
        "international-cooperation",
        "law-enforcement",
        "prevention",
    ]
    assert phases[1].years_for_group(1) == (3, 4)
    assert phases[4].years_for_group(3) == (11, 12)
