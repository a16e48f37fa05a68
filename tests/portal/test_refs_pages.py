"""Real pages in English and Arabic show no paragraph number in their running text: each reference
of the procedures and rules is in a marker's tooltip (issue 14, item 7)."""

import html
import re

import pytest
from django.urls import reverse

from reviews import selectors
from reviews.enums import ReviewStatus
from tests.conftest import verified_client as sign_in
from tests.factories import advance

REFERENCE = re.compile(r"P \d+")
TOOLTIP = re.compile(r'<abbr class="ref" title="([^"]*)" tabindex="0">§</abbr>')


def visible(page: str) -> str:
    """The text a reader sees: tags, scripts and styles stripped; attributes (the tooltips) gone with the tags."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def tooltips(page: str) -> list[str]:
    return [html.unescape(title) for title in TOOLTIP.findall(page)]


def pages(review, people):
    return [
        (people["alice"], reverse("reviews:dashboard")),
        (people["alice"], reverse("reviews:detail", args=[review.pk])),
        (people["alice"], reverse("reviews:consultations", args=[review.pk])),
        (people["bob"], reverse("reviews:allocation", args=[review.pk])),
        (people["bob"], reverse("reviews:feedback", args=[review.pk])),
        (people["sam"], reverse("reviews:overview")),
        (people["sam"], reverse("reviews:phases")),
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_review_pages_keep_the_paragraphs_in_tooltips_P25_P31_P39(client, review, people, language):
    for user, url in pages(review, people):
        url = f"/{language}/" + url.split("/", 2)[2]
        page = sign_in(client, user).get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert REFERENCE.findall(visible(text)) == [], (url, REFERENCE.findall(visible(text)))
        assert tooltips(text), url
        assert all(REFERENCE.search(title) for title in tooltips(text)), url


@pytest.mark.parametrize(
    ("language", "tooltip"),
    [
        ("en", "Procedures and rules of the review Mechanism, P 25"),
        ("ar", "إجراءات آلية الاستعراض وقواعدها، P 25"),
    ],
)
def test_the_dashboard_column_of_the_review_beginning_names_P25_in_its_tooltip(
    client, review, people, language, tooltip
):
    page = sign_in(client, people["alice"]).get(f"/{language}/reviews/").content.decode()
    assert tooltip in tooltips(page)
    assert "(P 25)" not in visible(page)


def test_the_list_of_observations_names_P37_and_P39_in_tooltips(client, review, people):
    page = sign_in(client, people["alice"]).get(reverse("observations:list", args=[review.pk]))
    text = page.content.decode()
    assert REFERENCE.findall(visible(text)) == []
    assert {
        "Procedures and rules of the review Mechanism, P 37",
        "Procedures and rules of the review Mechanism, P 39",
    } <= set(tooltips(text))


def test_a_flash_message_keeps_its_paragraph_in_a_tooltip_P31(client, review, people):
    """'The articles are divided (P 31).', said once the reviewing State's focal point saves the division."""
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    client = sign_in(client, people["bob"])
    url = reverse("reviews:allocation", args=[review.pk])
    division = {f"a{a.pk}": f"S{people['fra'].pk}" for a in selectors.articles_in_scope(review)}
    page = client.post(url, division, follow=True).content.decode()
    message = page.split('<ul class="messages">')[1].split("</ul>")[0]
    assert "The articles are divided" in visible(message)
    assert REFERENCE.findall(visible(message)) == []
    assert tooltips(message) == ["Procedures and rules of the review Mechanism, P 31"]
