"""Issue 10, hole 9: the public progress page shows no count small enough to single out a State."""

import re

import pytest
from django.urls import reverse

from reviews import services
from reviews.enums import ReviewStatus
from reviews.models import CountryReview
from sherloc.accounts import services as account_services
from sherloc.registry.disclosure import MIN_PUBLISHED_COUNT
from tests.factories import UserFactory, confirmed_drawing

GROUP_1 = ["AUT", "FRA", "BRA", "MEX", "NGA", "POL"]


@pytest.fixture
def group_1(people, phase1):
    """Six States in group 1, all scheduled for the first phase; Austria's review in consultations."""
    pairs = {"AUT": ["FRA", "BRA"], "FRA": ["AUT", "MEX"], "BRA": ["NGA", "POL"]}
    confirmed_drawing(pairs=pairs, groups=dict.fromkeys(GROUP_1, 1), opened_by=people["sam"])
    services.open_phase(phase=phase1, year_group=1, by=people["sam"])
    services.open_consultations(CountryReview.objects.get(state__code="AUT"), by=people["alice"])


def table_cells(html: str) -> list[list[str]]:
    """Each row of the table as the text of its cells, after the group and phase columns."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row)][2:]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def test_a_count_of_one_is_withheld_with_the_count_that_would_give_it_back(client, group_1):
    """Hole 9: Austria, alone of group 1 in consultations, was shown as a 1 beside the published year groups."""
    html = client.get(reverse("reviews:public")).content.decode()
    stages = list(ReviewStatus.values)
    [row] = table_cells(html)
    assert row[stages.index(ReviewStatus.CONSULTATIONS)] == "x"  # 1
    assert row[stages.index(ReviewStatus.SCHEDULED)] == "x"  # 5, or the total 6 would give the 1 back
    assert row[-1] == "6"
    assert [n for i, n in enumerate(row[:-1]) if i not in (0, 1)] == ["0"] * (len(stages) - 2)
    assert "Counts of fewer than 3 reviews are withheld" in html


def test_the_page_shows_no_count_below_three(client, review, people):
    """Hole 9: with one State in its group, every count but zero is withheld, its total too."""
    html = client.get(reverse("reviews:public")).content.decode()
    rows = table_cells(html)
    assert rows
    for row in rows:
        for text in row:
            assert text == "x" or int(text) == 0 or int(text) >= MIN_PUBLISHED_COUNT, row
    assert rows[0][-1] == "x"


def test_counts_of_three_and_more_are_published(client, people, group_1):
    services.open_consultations(CountryReview.objects.get(state__code="FRA"), by=people["bob"])
    brazil = UserFactory(username="fp-bra")
    account_services.appoint_focal_point(state=people["bra"], user=brazil)
    services.open_consultations(CountryReview.objects.get(state__code="BRA"), by=brazil)
    [row] = table_cells(client.get(reverse("reviews:public")).content.decode())
    stages = list(ReviewStatus.values)
    assert row[stages.index(ReviewStatus.CONSULTATIONS)] == "3"
    assert row[stages.index(ReviewStatus.SCHEDULED)] == "3"
