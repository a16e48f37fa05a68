"""The reviewer's path: from the review page to the State's submission, article by article, each answer beside
the feedback on that article and its thread (P 34), for what the reader's State may read (P 28)."""

import re

from django.urls import reverse

from reviews.enums import ReviewStatus
from sherloc.accounts.enums import Role
from sherloc.registry.models import Instrument, State
from tests.conftest import verified_client
from tests.factories import UserFactory, confirmed_drawing, member
from tests.reviews.conftest import advance


def _path(client, user, review):
    return verified_client(client, user).get(reverse("reviews:submission", args=[review.pk]))


def test_the_review_page_leads_a_reviewing_expert_to_the_submission_with_a_table_of_contents(client, review, people):
    review = advance(review, people, ReviewStatus.DIALOGUE)
    detail = verified_client(client, people["bea"]).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert reverse("reviews:submission", args=[review.pk]) in detail
    page = _path(client, people["bea"], review)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="summary"' in html
    # one entry per article in the table of contents, each leading to the page of its article
    anchors = re.findall(r'<li><a href="\?article=([a-z]+-\d+)#\1"', html)
    assert len(anchors) > 1 and "untoc-2" in anchors
    client = verified_client(client, people["bea"])
    url = reverse("reviews:submission", args=[review.pk])
    crossings = 0
    for i, anchor in enumerate(anchors):
        html = client.get(url, {"article": anchor}).content.decode()
        # the page holds its article only, the summary above it; previous and next lead through them all
        assert f'id="{anchor}"' in html and not [a for a in anchors if a != anchor and f'id="{a}"' in html]
        assert 'id="summary"' in html and "Back to the summary" in html
        if i + 1 < len(anchors):
            assert f'rel="next" href="?article={anchors[i + 1]}#{anchors[i + 1]}"' in html
            crossings += "Next section" in html
        else:
            assert 'rel="next"' not in html
        if i:
            assert f'rel="prev" href="?article={anchors[i - 1]}#{anchors[i - 1]}"' in html
        if anchor == "untoc-2":
            assert "mandatory" in html
            # the feedback written on an article stands beside its answers
            assert "Measures on Organized Crime Convention, art. 2" in html
    assert crossings >= 1  # from the last article of one instrument to the first of the next
    assert client.get(url, {"article": "untoc-999"}).status_code == 404
    for hostile in ("untoc-2\x00", "<script>", "x" * 200):
        assert client.get(url, {"article": hostile}).status_code == 400, hostile


def test_an_additional_reviewer_reads_only_the_instruments_it_was_drawn_for_P28(client, review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    confirmed_drawing(pairs={"AUT": [("JPN", "other_region", ["TIP"])]}, year=None)
    jpn_expert = member(
        UserFactory(username="jun"),
        Role.GOVERNMENTAL_EXPERT,
        state=State.objects.get(code="JPN"),
        instrument=Instrument.objects.get(code="TIP"),
    )
    html = _path(client, jpn_expert, review).content.decode()
    assert 'id="tip"' in html
    assert 'id="untoc"' not in html and 'id="untoc-2"' not in html


def test_the_path_is_closed_to_those_who_are_not_parties_to_the_review(client, review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    for user in (people["charlie"], people["carl"]):
        assert _path(client, user, review).status_code == 404


def test_before_the_submission_the_path_says_so(client, review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    page = _path(client, people["bob"], review)
    assert page.status_code == 200
    assert "has not submitted its responses yet" in page.content.decode()


def test_a_submitted_closed_answer_is_said_in_words_not_as_disabled_radios(client, review, people):
    from responses.models import Response

    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    response = Response.objects.get(state=review.state, phase=review.phase)
    section = response.sections.get(questionnaire__instrument__code="UNTOC")
    html = (
        verified_client(client, people["alice"])
        .get(reverse("responses:section", args=[response.pk, section.pk]))
        .content.decode()
    )
    assert 'type="radio"' not in html
    # the response is in French, as agreed: its answers are said in the response's language
    chosen = re.findall(r'<p class="chosen-answer">([^<]+)</p>', html)
    assert chosen and set(chosen) <= {"Oui", "Non", "Oui, en partie"}
