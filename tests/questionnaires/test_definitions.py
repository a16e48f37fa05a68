"""Questionnaire definitions: versioned data, the file format and its command-line contract (P 18)."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from questionnaires import services
from questionnaires.definitions import parse, validate
from questionnaires.models import Question, Questionnaire
from questionnaires.selectors import questions_for
from sherloc.registry.models import ClusterArticle, State
from sherloc.registry.selectors import parties_to

SHIPPED = Path(settings.BASE_DIR) / "data" / "questionnaires"


def adopted(instrument: str) -> Questionnaire:
    data = parse((SHIPPED / f"{instrument.lower()}.json").read_text())
    questionnaire, _ = services.import_definition(data)
    services.adopt(questionnaire, decision_reference="test")
    return questionnaire


@pytest.mark.parametrize("instrument", ["UNTOC", "TIP", "SOM", "FIREARMS"])
def test_shipped_questionnaire_covers_every_article_of_table_1_P18(db, instrument):
    data = parse((SHIPPED / f"{instrument.lower()}.json").read_text())
    assert validate(data) == []
    links = ClusterArticle.objects.filter(article__instrument__code=instrument).select_related("cluster", "article")
    assert links
    for link in links:
        section = next(s for s in data["sections"] if s["cluster"] == link.cluster.code)
        asked = [q for q in section["questions"] if q["article"] == str(link.article.number)]
        kinds = {q["kind"] for q in asked}
        assert kinds & {"yes_no_partly", "single_choice", "multiple_choice"}, link
        assert "legislation" in kinds, link
        assert link.article.title in asked[0]["text"]["en"]  # article titles included
        assert set(asked[0]["text"]) == {"ar", "zh-hans", "en", "fr", "ru", "es"}


def test_export_then_import_changes_nothing(db, tmp_path):
    adopted("UNTOC")
    out = tmp_path / "untoc.json"
    call_command(
        "export_questionnaire", "--instrument", "UNTOC", "--format", "json", "--out", str(out), stdout=io.StringIO()
    )
    data = json.loads(out.read_text())
    assert set(data) == {"instrument", "version", "sections"}
    first = data["sections"][0]["questions"][0]
    assert {"id", "article", "kind", "text", "condition"} <= set(first)
    before = list(Question.objects.values_list("qid", "text", "condition"))
    reply = io.StringIO()
    call_command("import_questionnaire", str(out), stdout=reply)
    assert "unchanged" in reply.getvalue()
    assert list(Question.objects.values_list("qid", "text", "condition")) == before
    again = tmp_path / "again.json"
    call_command("export_questionnaire", "--instrument", "UNTOC", "--out", str(again), stdout=io.StringIO())
    assert again.read_bytes() == out.read_bytes()


def test_articles_8_and_9_only_for_states_not_party_to_uncac_P18(db):
    questionnaire = adopted("UNTOC")
    uncac_party = State.objects.get(code="AUT")
    assert "UNCAC" in parties_to(uncac_party)
    not_party = next(s for s in State.objects.filter(subject_to_review=True) if "UNCAC" not in parties_to(s))
    articles = lambda state: {q.article.number for q in questions_for(questionnaire, state)}  # noqa: E731
    assert {8, 9}.isdisjoint(articles(uncac_party))
    assert {8, 9} <= articles(not_party)


def test_a_bad_file_is_refused_naming_each_field_and_nothing_is_saved(db, tmp_path):
    data = parse((SHIPPED / "tip.json").read_text())
    data["sections"][0]["questions"][1]["kind"] = "essay"
    data["sections"][0]["questions"][2]["article"] = "99"
    data["sections"][1]["questions"][0]["condition"] = {"question": "nowhere", "answer_in": ["yes"]}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError) as refusal:
        call_command("import_questionnaire", str(bad))
    message = str(refusal.value)
    assert "sections[0].questions[1].kind: 'essay' is not one of" in message
    assert "sections[0].questions[2].article: '99' is not an article" in message
    assert "sections[1].questions[0].condition.question: 'nowhere'" in message
    assert not Questionnaire.objects.exists()
    bad.write_text('{"instrument": "TIP",\n "version": }')
    with pytest.raises(CommandError, match="line 2, column"):
        call_command("import_questionnaire", str(bad))


def test_an_adopted_version_never_changes_P18(db, tmp_path):
    questionnaire = adopted("SOM")
    data = parse((SHIPPED / "som.json").read_text())
    data["sections"][0]["questions"][0]["text"]["en"] = "Changed after adoption?"
    with pytest.raises(services.QuestionnaireRefused, match="never changes"):
        services.import_definition(data)
    data["version"] = "2027.1"
    newer, changed = services.import_definition(data)
    assert (
        changed and newer.status == "draft" and questionnaire.questions.first().text["en"] != "Changed after adoption?"
    )


def test_export_without_an_adopted_version_is_refused_and_writes_nothing(db, tmp_path):
    out = tmp_path / "x.json"
    with pytest.raises(CommandError, match="No questionnaire is adopted for FIREARMS"):
        call_command("export_questionnaire", "--instrument", "FIREARMS", "--out", str(out))
    assert not out.exists()


def test_adopted_questionnaires_read_per_instrument_and_per_cluster_in_the_page_language(client, focal_point, state):
    from django.urls import reverse

    from tests.conftest import verified_client

    adopted("UNTOC")
    adopted("TIP")
    client = verified_client(client, focal_point)
    page = client.get(reverse("questionnaires:instrument", args=["untoc"])).content.decode()
    assert "Has your country adopted the measures required by article 5" in page
    french = client.get("/fr" + reverse("questionnaires:instrument", args=["untoc"])[3:]).content.decode()
    assert "Votre pays a-t-il adopté les mesures requises par l&#x27;article 5" in french
    cluster = client.get(reverse("questionnaires:cluster", args=["criminalization"])).content.decode()
    assert "article 5 (" in cluster and "tip-3-measures" not in cluster  # texts, not ids
    assert "article 8 (" not in cluster  # Austria is party to UNCAC (P 18)
    assert "Trafficking in Persons" in cluster or "TIP" in cluster  # both instruments Austria is party to
    assert client.get(reverse("questionnaires:instrument", args=["som"])).status_code == 404  # none adopted


def test_questionnaires_need_sign_in(client):
    from django.urls import reverse

    response = client.get(reverse("questionnaires:index"))
    assert response.status_code == 302 and "sign-in" in response.url
