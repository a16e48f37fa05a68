"""What the Working Group on Technical Assistance and the Conference see (P 44, P 18): counts of States
only, a count of 1 or 2 withheld and, with it, any count or total that would give it back; rows in a
fixed order, never a ranking of States (P 3(b))."""

import csv
import io
import re

import pytest
from django.urls import reverse

from followup import scale
from followup.aggregates import ta_table
from followup.enums import KIND_ORDER
from followup.report import report_tables
from sherloc.registry.models import State
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _states(group, n, skip=0):
    return list(State.objects.filter(un_regional_group=group).order_by("code")[skip : skip + n])


@pytest.fixture
def small_world(phase1, secretariat):
    """Article A: 1 African State and 3 Western European ones; article B: 2 Eastern European States and 3
    other Western European ones. Each State has one need."""
    articles = list(phase1.cluster.articles.order_by("instrument__position", "number")[:2])
    a, b = articles
    africa, east = _states("AFRICAN", 1), _states("EEG", 2)
    west_a, west_b = _states("WEOG", 3), _states("WEOG", 3, skip=3)

    def need(article, kind):
        return [{"kind": "assistance", "text": "A need.", "articles": [article.pk], "assistance_kind": kind}]

    items = {s: need(a, "training") for s in africa + west_a}
    items |= {s: need(b, "legislative") for s in east + west_b}
    scale.final_lists(phase=phase1, author=secretariat, items_of=items)
    return {"a": a, "b": b, "names": [s.name for s in africa + east + west_a + west_b]}


def _lines(table):
    rows = [r["cells"] for r in table["rows"]] + [table["total"]["cells"]]
    return rows + [list(col) for col in zip(*rows, strict=True)]


def assert_safe(table):
    """Every shown count is 0 or at least 3, and no row or column has exactly one withheld cell."""
    for line in _lines(table):
        assert all(n is None or n == 0 or n >= 3 for n in line), line
        assert sum(n is None for n in line) != 1, line


def test_p44_a_cell_of_1_state_and_one_of_2_are_withheld_and_so_are_the_counts_that_would_reveal_them(small_world):
    table = ta_table("article")
    assert [r["key"] for r in table["rows"]] == [small_world["a"].pk, small_world["b"].pk]
    row_a, row_b = (r["cells"] for r in table["rows"])
    # columns: African, Asia-Pacific, Eastern European, GRULAC, WEOG, no group, all States
    assert row_a == [None, 0, 0, 0, None, 0, 4]  # the 1 is withheld, and the 3 beside it: 4 - 3 would give it back
    assert row_b == [0, 0, None, 0, None, 0, 5]  # the 2 is withheld, and the 3 beside it
    assert table["total"]["cells"] == [None, 0, None, 0, 6, 0, 9]
    assert_safe(table)
    for by in ("cluster", "instrument", "kind"):
        assert_safe(ta_table(by))


def test_p44_the_csv_and_the_chart_withhold_the_same_cells_and_name_no_state(client, small_world, secretariat):
    verified_client(client, secretariat)
    body = client.get(reverse("followup:assistance_csv") + "?by=article").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][1:] == ["", "0", "0", "0", "", "0", "4"] and rows[2][1:] == ["0", "0", "", "0", "", "0", "5"]
    page = client.get(reverse("followup:assistance") + "?by=article").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<script" not in svg and "<rect" in svg  # drawn on the server, no JavaScript
    for name in small_world["names"]:
        assert name not in page and name not in body


def test_p3b_rows_keep_their_fixed_order_whatever_the_counts(client, small_world, secretariat):
    """Article B has more States than article A, yet comes after it (articles by number); kinds stay in
    the list's order; the chart draws its bars in the table's order."""
    assert [r["key"] for r in ta_table("kind")["rows"]] == [k.value for k in KIND_ORDER]
    table = ta_table("article")
    assert table["rows"][0]["cells"][-1] < table["rows"][1]["cells"][-1]
    verified_client(client, secretariat)
    page = client.get(reverse("followup:assistance") + "?by=article").content.decode()
    svg = page[page.index("<svg") :]
    labels = [r["label"] for r in table["rows"]]
    assert [svg.index(f">{label}<") for label in labels] == sorted(svg.index(f">{label}<") for label in labels)
    rows = list(csv.reader(io.StringIO(client.get(reverse("followup:assistance_csv") + "?by=kind").content.decode())))
    assert [r[0] for r in rows[1 : 1 + len(KIND_ORDER)]] == [str(k.label) for k in KIND_ORDER]


def _content(answer):
    return {
        "sections": [
            {
                "instrument": "UNTOC",
                "questions": [
                    {
                        "id": "q-test-1",
                        "kind": "yes_no_partly",
                        "article": "5",
                        "text": "Is it an offence?",
                        "answer": answer,
                    },
                    {"id": "q-test-2", "kind": "short_text", "article": "5", "text": "Describe.", "answer": "free"},
                ],
            }
        ]
    }


def test_p18_the_general_report_shares_by_regional_group_with_the_same_suppression(phase1, secretariat):
    content = {s: _content("yes") for s in _states("AFRICAN", 1) + _states("WEOG", 3)}
    content |= {s: _content("no") for s in _states("EEG", 2)}
    content |= {s: _content("partly") for s in _states("WEOG", 1, skip=3)}
    scale.submissions(phase=phase1, author=secretariat, content_of=content)
    tables = report_tables(phase1)
    assert tables["states_responding"] == 7
    [question] = tables["questions"]  # the free-text question is not a closed one
    table = question["table"]
    assert [r["key"] for r in table["rows"]] == ["yes", "partly", "no"]  # the questionnaire's order (P 3(b))
    assert_safe(table)
    yes = table["rows"][0]["cells"]
    assert yes[0] is None and yes[-1] == 4
    assert table["total"]["cells"][-1] == 7 and table["shares"][0][-1] == round(100 * 4 / 7)
    assert all(s is None for s, n in zip(table["shares"][1], table["rows"][1]["cells"], strict=True) if n is None)


def test_p18_gaps_and_good_practices_by_article_count_states_with_suppression(phase1, secretariat):
    a = phase1.cluster.articles.order_by("instrument__position", "number").first()
    gap = [{"kind": "gap", "text": "A gap.", "articles": [a.pk]}]
    scale.final_lists(
        phase=phase1, author=secretariat, items_of=dict.fromkeys(_states("WEOG", 3) + _states("EEG", 1), gap)
    )
    gaps = report_tables(phase1)["gaps"]
    assert gaps["rows"][0]["cells"] == [0, 0, None, 0, None, 0, 4]
    assert_safe(gaps)


def test_p18_the_secretariat_generates_an_edition_and_issues_it_as_a_crp(
    client, phase1, secretariat, django_capture_on_commit_callbacks
):
    from documents.models import Document

    scale.submissions(phase=phase1, author=secretariat, content_of={s: _content("yes") for s in _states("WEOG", 4)})
    verified_client(client, secretariat)
    response = client.post(reverse("followup:general_phase", args=[phase1.number]), {"language": "en"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "Is it an offence?" in page
    edition_url = response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edition_url, {"working_groups": ["WG.2"], "session": "Eighteenth session"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.symbol.startswith("CTOC/COP/WG.2/") and not document.restricted
    assert re.search(r"General report of trends", document.title)
    version = document.versions.get(language="en")
    assert "Is it an offence?" in version.body_html and "<svg" in version.body_html
    version.refresh_from_db()
    assert version.render_status == "ready" and version.file  # the PDF, rendered by the documents app's task
