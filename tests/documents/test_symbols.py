"""Document symbols in the UN style, from the pattern CRP_SYMBOL_PATTERN (P 43, docs/documents.md)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from documents import services
from documents.models import Document, SymbolCounter
from tests.documents.conftest import issue, typed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_symbols_follow_the_pattern_and_count_per_working_group_and_year(secretariat):
    first = issue(secretariat, groups=["WG.2"])
    second = issue(secretariat, groups=["WG.2"], title="Another")
    other_group = issue(secretariat, groups=["WG.3"], title="Third")
    year = first.issued_on.year
    assert first.symbol == f"CTOC/COP/WG.2/{year}/CRP.1"
    assert second.symbol == f"CTOC/COP/WG.2/{year}/CRP.2"
    assert other_group.symbol == f"CTOC/COP/WG.3/{year}/CRP.1"
    next_year = services.issue_crp(
        source=typed("Next year"),
        working_groups=["WG.2"],
        session="s",
        by=secretariat,
        issued_on=dt.date(year + 1, 1, 5),
    )
    assert next_year.symbol == f"CTOC/COP/WG.2/{year + 1}/CRP.1"


def test_the_pattern_is_a_setting(secretariat, settings):
    settings.CRP_SYMBOL_PATTERN = "CTOC/COP/{working_group}/{year}/CRP.{number}/TEST"
    assert issue(secretariat, groups=["WG.6"]).symbol.endswith("/CRP.1/TEST")


def test_a_paper_for_several_groups_takes_the_first_groups_symbol_and_lists_the_others(secretariat):
    document = issue(secretariat, groups=["WG.7", "WG.4"])
    assert "/WG.7/" in document.symbol
    assert document.working_group_codes() == ["WG.7", "WG.4"]
    assert not SymbolCounter.objects.filter(working_group="WG.4").exists()


def test_a_refused_issue_gives_its_number_back(secretariat):
    issue(secretariat, groups=["WG.2"])
    with pytest.raises(services.DocumentRefused):
        issue(secretariat, groups=["WG.2"], language="de")  # refused before any write
    with pytest.raises(services.DocumentRefused):
        issue(secretariat, groups=["WG.2"], session="")
    assert issue(secretariat, groups=["WG.2"], title="Next").symbol.endswith("/CRP.2")


def test_a_symbol_entered_by_hand_that_exists_is_refused(secretariat):
    first = issue(secretariat)
    with pytest.raises(services.DocumentRefused, match="already the symbol"):
        services.track_translations(source=typed("Report"), by=secretariat, symbol=first.symbol)
    assert Document.objects.count() == 1


def test_a_number_taken_by_hand_is_passed_over(secretariat):
    year = timezone.localdate().year
    services.track_translations(source=typed("Report"), by=secretariat, symbol=f"CTOC/COP/WG.3/{year}/CRP.1")
    assert issue(secretariat, groups=["WG.3"]).symbol == f"CTOC/COP/WG.3/{year}/CRP.2"


@pytest.mark.django_db(transaction=True)
def test_two_papers_issued_at_once_get_two_numbers_without_gap_or_duplicate():
    """Two threads, two connections, issuing at the same moment: the counter row is locked (P 43)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    from django.core.management import call_command

    from sherloc.registry.models import State

    if not State.objects.exists():  # the tables are flushed after each transactional test
        call_command("load_reference", verbosity=0)
    user = UserFactory(username="sec-threads")
    barrier = threading.Barrier(4)
    symbols, errors = [], []

    def run(n):
        try:
            barrier.wait(timeout=10)
            symbols.append(issue(user, groups=["WG.2"], title=f"Paper {n}").symbol)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    year = timezone.localdate().year
    assert sorted(symbols) == [f"CTOC/COP/WG.2/{year}/CRP.{n}" for n in (1, 2, 3, 4)]
