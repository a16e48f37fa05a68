"""The answering page, one article at a time (issue 16): a section of a full questionnaire is long, so each
page shows the questions of one article, with the section's articles and their progress beside it."""

import re

from django.urls import reverse

from responses import selectors
from tests.conftest import verified_client
from tests.responses.conftest import question, section_of


def _page(client, response, section, **params):
    return client.get(reverse("responses:section", args=[response.pk, section.pk]), params)


def _question_ids(html) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="card question[^"]*" id="q(\d+)"', html)]


def _toc_row(html, number) -> str:
    toc = re.search(r'<nav class="card article-toc".*?</nav>', html, re.S).group()
    return re.search(rf'\?article={number}"[^>]*>.*?</li>', toc, re.S).group()


def test_each_page_shows_the_questions_of_one_article_in_order_with_every_article_listed(client, response, focal_point):
    client = verified_client(client, focal_point)
    section = section_of(response, "UNTOC")
    view = next(v for v in selectors.draft(response).sections if v.section == section)
    numbers = list(dict.fromkeys(q.article.number for q in view.questions))
    assert len(numbers) > 1
    seen = []
    for number in numbers:
        html = _page(client, response, section, article=number).content.decode()
        shown = _question_ids(html)
        assert shown == [q.pk for q in view.questions if q.article.number == number]
        seen += shown
        # the table of contents names every article, the current one marked for assistive technology
        for other in numbers:
            assert f'?article={other}"' in html
        assert re.search(rf'href="[^"]*\?article={number}" aria-current="page"', html)
    assert sorted(seen) == sorted(q.pk for q in view.questions)  # every question on exactly one page
    # without an article: the first; previous and next lead through them all
    first = _page(client, response, section).content.decode()
    assert _question_ids(first) == [q.pk for q in view.questions if q.article.number == numbers[0]]
    assert f'?article={numbers[1]}" rel="next"' in first and 'rel="prev"' not in first
    last = _page(client, response, section, article=numbers[-1]).content.decode()
    assert f'?article={numbers[-2]}" rel="prev"' in last and 'rel="next"' not in last
    assert reverse("responses:detail", args=[response.pk]) in last


def test_the_progress_of_each_article_counts_its_mandatory_answers_P19(client, response, focal_point):
    client = verified_client(client, focal_point)
    section = section_of(response, "UNTOC")
    q = question(response, "untoc-5-measures")
    before = _page(client, response, section, article=5).content.decode()
    row = _toc_row(before, 5)
    answered, required = map(int, re.search(r"(\d+)/(\d+)", row).groups())
    client.post(reverse("responses:save_answer", args=[response.pk, q.pk]), {"version": 0, "value": "yes"})
    after = _page(client, response, section, article=5).content.decode()
    row = _toc_row(after, 5)
    now, then = map(int, re.search(r"(\d+)/(\d+)", row).groups())
    assert now == answered + 1 and then >= required  # "yes" may bring a dependent question


def test_a_saved_or_refused_answer_comes_back_to_the_page_of_its_article(client, response, focal_point):
    client = verified_client(client, focal_point)
    q = question(response, "untoc-5-measures")
    saved = client.post(reverse("responses:save_answer", args=[response.pk, q.pk]), {"version": 0, "value": "yes"})
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"?article=5#q{q.pk}")
    refused = client.post(reverse("responses:save_answer", args=[response.pk, q.pk]), {"version": 0, "value": "nope"})
    assert refused.status_code == 400
    assert q.pk in _question_ids(refused.content.decode())


def test_an_article_that_is_not_in_the_section_is_not_found_and_a_malformed_one_refused(client, response, focal_point):
    client = verified_client(client, focal_point)
    section = section_of(response, "UNTOC")
    assert _page(client, response, section, article=999).status_code == 404
    for hostile in ("five", "5\x00", "-1", "9" * 40):
        assert _page(client, response, section, article=hostile).status_code == 400, hostile


def test_the_list_of_missing_answers_links_to_the_page_of_each_question_P19(client, response, focal_point):
    client = verified_client(client, focal_point)
    measures = question(response, "untoc-5-measures")  # "yes" asks for the legislation
    client.post(reverse("responses:save_answer", args=[response.pk, measures.pk]), {"version": 0, "value": "yes"})
    blocked = client.post(reverse("responses:submit", args=[response.pk]))
    assert blocked.status_code == 400
    q = question(response, "untoc-5-legislation")
    assert f"?article=5#q{q.pk}" in blocked.content.decode()


def test_a_submission_is_read_one_article_at_a_time_and_its_pdf_still_downloads(client, response, focal_point):
    from responses import services
    from tests.factories import answer_everything

    answer_everything(response, focal_point)
    shot = services.submit(response=response, by=focal_point)
    client = verified_client(client, focal_point)
    url = reverse("responses:snapshot", args=[response.pk, shot.number])
    expected = [f"{s['instrument']}-{q['article']}".lower() for s in shot.content["sections"] for q in s["questions"]]
    anchors = list(dict.fromkeys(expected))
    assert len(anchors) > 1
    shown = 0
    for i, anchor in enumerate(anchors):
        page = client.get(url, {"article": anchor})
        html = page.content.decode()
        rows = [q for s in page.context["sections"] for q in s["questions"]]
        assert rows and all(
            f"{s['instrument']}-{q['article']}".lower() == anchor
            for s in page.context["sections"]
            for q in s["questions"]
        )
        shown += len(rows)
        assert f'href="{url}?article={anchor}" aria-current="page"' in html
        assert ('rel="next"' in html) == (i + 1 < len(anchors)) and ('rel="prev"' in html) == (i > 0)
    assert shown == len(expected)  # every answer on exactly one page
    assert client.get(url, {"article": "untoc-999"}).status_code == 404
    assert client.get(url, {"article": "untoc 5"}).status_code == 400
    pdf = client.get(reverse("responses:snapshot_pdf", args=[response.pk, shot.number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
