"""Reuse of earlier answers and of the UNCAC review (P 21): only empty answers, each marked with its source."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from responses import services
from responses.models import Answer
from responses.uncac import UncacFileInvalid, parse_file
from sherloc.registry.models import UncacCorrespondence, WorkplanPhase
from tests.conftest import verified_client
from tests.responses.conftest import Form, answer_everything, question


@pytest.fixture
def next_cycle(db, phase):
    """A later phase reviewing the same cluster (a second review cycle)."""
    return WorkplanPhase.objects.create(
        number=5, name="Second cycle, first phase", cluster=phase.cluster, first_year=11
    )


def test_prefill_from_an_earlier_submission_marks_the_source_P21(response, focal_point, next_cycle):
    answer_everything(response, focal_point)
    services.submit(response=response, by=focal_point)
    later = services.open_response(
        state=response.state, phase=next_cycle, language="en", deadline=response.deadline, by=focal_point
    )
    q = question(later, "untoc-6-measures")
    services.save_answer(response=later, question=q, data=Form(value="no"), expected_version=0, by=focal_point)
    filled = services.prefill_from_earlier(response=later, by=focal_point)
    reused = Answer.objects.get(response=later, question=question(later, "untoc-5-legislation"))
    assert filled > 0
    assert reused.value[0]["title"] == "Criminal Code"
    assert reused.source == "earlier" and "First review phase" in reused.source_label
    # an answer already given is never replaced
    assert Answer.objects.get(response=later, question=q).value == "no"


def test_a_reused_answer_stays_marked_after_an_edit(response, focal_point, next_cycle):
    answer_everything(response, focal_point)
    services.submit(response=response, by=focal_point)
    later = services.open_response(
        state=response.state, phase=next_cycle, language="en", deadline=response.deadline, by=focal_point
    )
    services.prefill_from_earlier(response=later, by=focal_point)
    q = question(later, "t-5-examples")
    answer = Answer.objects.get(response=later, question=q)
    edited = services.save_answer(
        response=later, question=q, data=Form(value="Updated."), expected_version=answer.version, by=focal_point
    )
    assert edited.source == "earlier" and edited.edited_since_reuse


def test_uncac_file_fills_the_corresponding_convention_articles_P21(client, response, focal_point):
    # Convention article 6 (laundering) corresponds to UNCAC article 23
    assert UncacCorrespondence.objects.get(article__instrument__code="UNTOC", article__number=6).uncac_numbers == ["23"]
    data = {
        "source": "UNCAC first cycle, self-assessment 2012",
        "articles": {
            "23": {
                "answer": "yes",
                "text": "Section 165 of the Criminal Code criminalizes money-laundering.",
                "legislation": [{"title": "Criminal Code", "article": "§ 165", "link": "https://www.ris.bka.gv.at/"}],
            }
        },
    }
    upload = SimpleUploadedFile("uncac.json", json.dumps(data).encode())
    reply = verified_client(client, focal_point).post(
        reverse("responses:reuse_uncac", args=[response.pk]), {"file": upload}
    )
    assert reply.status_code == 302
    closed = Answer.objects.get(response=response, question=question(response, "untoc-6-measures"))
    legislation = Answer.objects.get(response=response, question=question(response, "untoc-6-legislation"))
    assert closed.value == "yes" and closed.source == "uncac"
    assert closed.source_label == "UNCAC review, article 23: UNCAC first cycle, self-assessment 2012"
    assert [r["title"] for r in legislation.value] == ["Criminal Code", "As submitted to the UNCAC review (article 23)"]
    page = client.get(
        reverse(
            "responses:section",
            args=[
                response.pk,
                closed.question.questionnaire_id
                and response.sections.get(questionnaire=closed.question.questionnaire).pk,
            ],
        ),
        {"article": closed.question.article.number},
    )
    assert "reused from the UNCAC review" in page.content.decode()


def test_uncac_text_pasted_per_article(client, response, focal_point):
    reply = verified_client(client, focal_point).post(
        reverse("responses:reuse_uncac", args=[response.pk]),
        {"source": "UNCAC review 2015", "answer-23": "partly", "text-23": "Pasted text of the UNCAC answer."},
    )
    assert reply.status_code == 302
    legislation = Answer.objects.get(response=response, question=question(response, "untoc-6-legislation"))
    assert legislation.value[0]["text"] == "Pasted text of the UNCAC answer."
    assert Answer.objects.get(response=response, question=question(response, "untoc-6-measures")).value == "partly"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "uncac.json",
            b'{"articles": {"23": {"answer": "maybe"}}}',
            "articles.23.answer: 'maybe' is not yes, partly or no",
        ),
        ("uncac.json", b'{"articles": [1, 2]', "line 1, column 20: not valid JSON"),
        (
            "uncac.json",
            b'{"articles": {"23": {"legislation": [{"title": "Code", "link": "ftp://x"}]}}}',
            "articles.23.legislation: Reference 1: the link must be",
        ),
        ("uncac.csv", b"uncac_article,answer,text\nxx,yes,text\n", "line 2, uncac_article: 'xx' is not a number"),
        ("uncac.docx", b"PK", "The file must be a .json or a .csv file."),
    ],
)
def test_a_bad_uncac_file_is_refused_naming_the_place_and_nothing_is_filled(
    client, response, focal_point, name, content, problem
):
    with pytest.raises(UncacFileInvalid) as error:
        parse_file(content, name)
    assert any(p.startswith(problem) for p in error.value.problems), error.value.problems
    reply = verified_client(client, focal_point).post(
        reverse("responses:reuse_uncac", args=[response.pk]), {"file": SimpleUploadedFile(name, content)}
    )
    assert reply.status_code == 400 and "Nothing was filled" in reply.content.decode()
    assert not Answer.objects.exists()


def test_uncac_csv_file(response, focal_point):
    source, articles = parse_file(
        b"uncac_article,answer,text,legislation_title,legislation_article,legislation_link\n"
        b"46,yes,Mutual legal assistance act,MLA Act,s. 3,https://example.org/mla\n",
        "uncac.csv",
    )
    assert articles["46"]["legislation"][0]["title"] == "MLA Act"
    assert source == "uncac.csv"


def test_reuse_is_for_the_focal_point_only(client, response, contributor):
    c = verified_client(client, contributor)
    assert c.get(reverse("responses:reuse_uncac", args=[response.pk])).status_code == 404
    assert c.post(reverse("responses:reuse_earlier", args=[response.pk])).status_code == 404
