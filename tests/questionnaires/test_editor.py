"""The definitions editor: the secretariat edits questionnaire versions in the browser (P 18).

Every save goes through the rules of an import (`definitions.validate`): a bad edit is
refused with its reason next to the field, and nothing of the version changes. A version
finalised by a working group or adopted by the Conference never changes.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from questionnaires import services
from questionnaires.definitions import parse, to_data
from questionnaires.enums import Lifecycle
from questionnaires.forms import initial_for
from questionnaires.models import Questionnaire
from tests.conftest import verified_client

SHIPPED = Path(settings.BASE_DIR) / "data" / "questionnaires"
SIX = {"ar", "zh-hans", "en", "fr", "ru", "es"}


@pytest.fixture
def adopted(db) -> Questionnaire:
    questionnaire, _ = services.import_definition(parse((SHIPPED / "untoc.json").read_text()))
    services.adopt(questionnaire, decision_reference="CTOC/COP/2020/1")
    return questionnaire


@pytest.fixture
def draft(adopted) -> Questionnaire:
    return services.new_version(source=adopted, version="2026.1")


@pytest.fixture
def officer(client, secretariat):
    return verified_client(client, secretariat)


def question_of(questionnaire, qid) -> tuple[dict, str]:
    for section in to_data(questionnaire)["sections"]:
        for question in section["questions"]:
            if question["id"] == qid:
                return question, section["cluster"]
    raise AssertionError(qid)


def form_data(questionnaire, qid, **changes) -> dict:
    """What the edit page posts when the officer changes nothing but `changes`."""
    question, cluster = question_of(questionnaire, qid)
    data = {k: "" if v is None else v for k, v in initial_for(question, cluster).items()}
    data.update(changes)
    return data


def edit_url(questionnaire, qid):
    return reverse("questionnaires:question_edit", args=[questionnaire.pk, qid])


# The list of versions and new drafts


def test_secretariat_sees_every_version_with_its_status_and_decision(officer, draft):
    page = officer.get(reverse("questionnaires:definitions")).content.decode()
    assert "2026.1" in page and "start-1" in page
    assert "adopted by the Conference" in page and "CTOC/COP/2020/1" in page
    assert "draft" in page
    assert reverse("questionnaires:version", args=[draft.pk]) in page


def test_index_links_to_the_editor_for_the_secretariat_only(client, secretariat, focal_point):
    editor = reverse("questionnaires:definitions")
    assert editor in verified_client(client, secretariat).get(reverse("questionnaires:index")).content.decode()
    assert editor not in verified_client(client, focal_point).get(reverse("questionnaires:index")).content.decode()


def test_new_draft_from_the_adopted_version_copies_every_question(officer, adopted):
    response = officer.post(reverse("questionnaires:new_version", args=[adopted.pk]), {"version": "2026.1"})
    draft = Questionnaire.objects.get(instrument=adopted.instrument, version="2026.1")
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaires:version", args=[draft.pk])
    assert draft.status == Lifecycle.DRAFT
    assert to_data(draft)["sections"] == to_data(adopted)["sections"]
    adopted.refresh_from_db()
    assert adopted.status == Lifecycle.ADOPTED


def test_new_draft_with_a_label_already_used_is_refused(officer, adopted, draft):
    response = officer.post(reverse("questionnaires:new_version", args=[adopted.pk]), {"version": "2026.1"})
    assert response.status_code == 200
    assert "already has a version “2026.1”" in response.content.decode()
    assert Questionnaire.objects.filter(instrument=adopted.instrument).count() == 2


# Editing a draft's questions


def test_edit_page_offers_the_six_languages_with_arabic_right_to_left(officer, draft):
    page = officer.get(edit_url(draft, "untoc-5-measures")).content.decode()
    assert 'name="text_ar"' in page and 'dir="rtl"' in page and 'lang="ar"' in page
    for code in ("zh_hans", "en", "fr", "ru", "es"):
        assert f'name="text_{code}"' in page
    assert '<option value="5" selected>' in page


def test_secretariat_edits_the_six_texts_of_a_question(officer, draft):
    texts = {
        "text_ar": "هل جرّم بلدكم المشاركة في جماعة إجرامية منظمة؟",
        "text_zh_hans": "贵国是否已将参加有组织犯罪集团的行为定为刑事犯罪？",
        "text_en": "Has your country criminalized participation in an organized criminal group?",
        "text_fr": "Votre pays a-t-il incriminé la participation à un groupe criminel organisé ?",
        "text_ru": "Криминализировала ли ваша страна участие в организованной преступной группе?",
        "text_es": "¿Ha tipificado su país la participación en un grupo delictivo organizado?",
    }
    response = officer.post(edit_url(draft, "untoc-5-measures"), form_data(draft, "untoc-5-measures", **texts))
    assert response.status_code == 302
    question, _ = question_of(draft, "untoc-5-measures")
    assert question["text"] == {
        "ar": texts["text_ar"],
        "zh-hans": texts["text_zh_hans"],
        "en": texts["text_en"],
        "fr": texts["text_fr"],
        "ru": texts["text_ru"],
        "es": texts["text_es"],
    }
    page = officer.get(response["Location"]).content.decode()
    assert "Question untoc-5-measures saved." in page


def test_a_choice_question_keeps_the_other_languages_of_its_choices(officer, draft):
    data = form_data(
        draft, "untoc-5-measures", kind="single_choice", choices="law|A law\ndecree|A decree", text_fr="Quelle forme ?"
    )
    assert officer.post(edit_url(draft, "untoc-5-measures"), data).status_code == 302
    question, _ = question_of(draft, "untoc-5-measures")
    assert question["choices"] == [
        {"value": "law", "text": {"en": "A law"}},
        {"value": "decree", "text": {"en": "A decree"}},
    ]
    question["choices"][0]["text"]["fr"] = "Une loi"
    services.change_question(questionnaire=draft, qid="untoc-5-measures", question=question, cluster="criminalization")
    data = form_data(draft, "untoc-5-measures", choices="law|A statute\ndecree|A decree")
    assert officer.post(edit_url(draft, "untoc-5-measures"), data).status_code == 302
    question, _ = question_of(draft, "untoc-5-measures")
    assert question["choices"][0]["text"] == {"en": "A statute", "fr": "Une loi"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text_en": "  "}, "The English text is required."),
        ({"kind": "single_choice", "choices": "only|The only choice"}, "A choice question needs at least two choices."),
        (
            {"condition_kind": "answer", "condition_question": "untoc-6-measures", "condition_answers": "yes"},
            "A question can depend only on a question asked before it",
        ),
        ({"kind": "short_text", "max_length": "0"}, "A whole number from 1 to 20000."),
        ({"kind": "single_choice", "choices": "no bar here"}, "Line 1: write the value, a bar and the English text"),
    ],
    ids=["empty-english", "one-choice", "condition-on-later-question", "zero-limit", "choice-without-value"],
)
def test_a_bad_edit_is_refused_with_its_reason_and_nothing_saved_P18(officer, draft, changes, message):
    """The same rules as an import (P 18: the definitions the States answer must be sound)."""
    before = to_data(draft)
    data = form_data(draft, "untoc-5-measures", text_fr="Mon texte français à ne pas perdre", **changes)
    response = officer.post(edit_url(draft, "untoc-5-measures"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Nothing was saved." in page
    assert "Mon texte français à ne pas perdre" in page  # the officer's input is still there
    assert to_data(draft) == before


def test_secretariat_adds_a_question_at_the_end_of_its_cluster(officer, draft):
    data = {
        "qid": "",
        "cluster": "criminalization",
        "article": "5",
        "kind": "short_text",
        "max_length": "500",
        "text_en": "Describe the offence of participation in your law.",
        "text_ar": "صفوا جريمة المشاركة في قانونكم.",
        "condition_kind": "answer",
        "condition_question": "untoc-5-measures",
        "condition_answers": "yes, partly",
    }
    response = officer.post(reverse("questionnaires:question_add", args=[draft.pk]), data)
    assert response.status_code == 302
    question, cluster = question_of(draft, "untoc-5-q1")
    assert cluster == "criminalization"
    assert question == {
        "id": "untoc-5-q1",
        "article": "5",
        "kind": "short_text",
        "max_length": 500,
        "text": {"ar": "صفوا جريمة المشاركة في قانونكم.", "en": "Describe the offence of participation in your law."},
        "condition": {"question": "untoc-5-measures", "answer_in": ["yes", "partly"]},
    }
    section = next(s for s in to_data(draft)["sections"] if s["cluster"] == "criminalization")
    assert section["questions"][-1]["id"] == "untoc-5-q1"


def test_a_new_question_with_an_identifier_already_used_is_refused(officer, draft):
    data = {"qid": "untoc-5-measures", "cluster": "criminalization", "article": "5", "kind": "attachment"}
    data |= {"text_en": "Attach the law.", "condition_kind": "none"}
    before = to_data(draft)
    response = officer.post(reverse("questionnaires:question_add", args=[draft.pk]), data)
    assert "This identifier is already used in this version." in response.content.decode()
    assert to_data(draft) == before


def test_move_up_and_down_within_the_cluster(officer, draft):
    def order():
        return [q["id"] for q in to_data(draft)["sections"][0]["questions"]][:4]

    first, second, third, fourth = order()
    move = reverse("questionnaires:question_move", args=[draft.pk, third])
    officer.post(move, {"direction": "up"})
    assert order() == [first, third, second, fourth]
    officer.post(move, {"direction": "down"})
    assert order() == [first, second, third, fourth]


def test_a_move_above_the_question_it_depends_on_is_refused(officer, draft):
    """untoc-5-legislation depends on untoc-5-measures: it cannot be asked before it."""
    before = to_data(draft)
    response = officer.post(
        reverse("questionnaires:question_move", args=[draft.pk, "untoc-5-legislation"]),
        {"direction": "up"},
        follow=True,
    )
    assert "Question untoc-5-legislation was not moved." in response.content.decode()
    assert to_data(draft) == before


def test_changing_the_cluster_moves_the_question_to_the_end_of_that_cluster(officer, draft):
    data = form_data(draft, "untoc-5-legislation", cluster="prevention")
    assert officer.post(edit_url(draft, "untoc-5-legislation"), data).status_code == 302
    sections = {s["cluster"]: [q["id"] for q in s["questions"]] for s in to_data(draft)["sections"]}
    assert "untoc-5-legislation" not in sections["criminalization"]
    assert sections["prevention"][-1] == "untoc-5-legislation"


def test_delete_a_question(officer, draft):
    officer.post(reverse("questionnaires:question_delete", args=[draft.pk, "untoc-5-legislation"]))
    assert not draft.questions.filter(qid="untoc-5-legislation").exists()
    assert draft.questions.filter(qid="untoc-5-measures").exists()


def test_deleting_a_question_another_depends_on_is_refused(officer, draft):
    before = to_data(draft)
    response = officer.post(reverse("questionnaires:question_delete", args=[draft.pk, "untoc-5-measures"]), follow=True)
    page = response.content.decode()
    assert "Question untoc-5-measures was not deleted." in page
    assert "untoc-5-legislation" in page
    assert to_data(draft) == before


# Lifecycle: draft → finalised by a working group → adopted by the Conference (P 18)


def test_finalise_then_adopt_with_the_decision_then_read_only(officer, draft):
    confirm = officer.get(reverse("questionnaires:finalise", args=[draft.pk])).content.decode()
    assert "Finalise this version" in confirm and "56 questions" in confirm
    draft.refresh_from_db()
    assert draft.status == Lifecycle.DRAFT
    assert officer.post(reverse("questionnaires:finalise", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Lifecycle.FINALISED

    refused = officer.post(reverse("questionnaires:adopt", args=[draft.pk]), {"decision_reference": ""})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()

    officer.post(reverse("questionnaires:adopt", args=[draft.pk]), {"decision_reference": "CTOC/COP/2026/3"})
    draft.refresh_from_db()
    assert (draft.status, draft.decision_reference) == (Lifecycle.ADOPTED, "CTOC/COP/2026/3")
    page = officer.get(reverse("questionnaires:version", args=[draft.pk])).content.decode()
    assert "This version is read-only" in page
    assert edit_url(draft, "untoc-5-measures") not in page


def test_a_draft_cannot_be_adopted_before_it_is_finalised(officer, draft):
    response = officer.post(reverse("questionnaires:adopt", args=[draft.pk]), {"decision_reference": "X"}, follow=True)
    assert "Only a finalised version can be adopted." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Lifecycle.DRAFT


@pytest.mark.parametrize("status", [Lifecycle.FINALISED, Lifecycle.ADOPTED])
def test_a_finalised_or_adopted_version_refuses_every_edit_P18(officer, draft, status):
    """A version finalised or adopted never changes: later versions never change answers already given."""
    services.finalise(draft)
    if status == Lifecycle.ADOPTED:
        services.adopt(draft, decision_reference="CTOC/COP/2026/3")
    before = to_data(draft)
    edit = officer.post(edit_url(draft, "untoc-5-measures"), form_data(draft, "untoc-5-measures", text_en="Changed"))
    add = officer.post(
        reverse("questionnaires:question_add", args=[draft.pk]),
        {"cluster": "criminalization", "article": "5", "kind": "attachment", "text_en": "X", "condition_kind": "none"},
    )
    delete = officer.post(reverse("questionnaires:question_delete", args=[draft.pk, "untoc-5-legislation"]))
    move = officer.post(
        reverse("questionnaires:question_move", args=[draft.pk, "untoc-5-legislation"]), {"direction": "down"}
    )
    assert [r.status_code for r in (edit, add, delete, move)] == [302] * 4
    assert to_data(draft) == before
    page = officer.get(edit["Location"]).content.decode()
    assert "is read-only" in page


def test_the_service_refuses_to_edit_an_adopted_version(adopted):
    question, cluster = question_of(adopted, "untoc-5-measures")
    with pytest.raises(services.QuestionnaireRefused):
        services.change_question(
            questionnaire=adopted, qid="untoc-5-measures", question={**question, "kind": "attachment"}, cluster=cluster
        )


# Who may edit: the secretariat only; everyone else is told the page does not exist


EDITOR_PAGES = [
    ("get", "questionnaires:definitions", False),
    ("get", "questionnaires:version", True),
    ("get", "questionnaires:new_version", True),
    ("post", "questionnaires:new_version", True),
    ("get", "questionnaires:question_add", True),
    ("get", "questionnaires:question_edit", "q"),
    ("post", "questionnaires:question_edit", "q"),
    ("get", "questionnaires:question_delete", "q"),
    ("post", "questionnaires:question_delete", "q"),
    ("post", "questionnaires:question_move", "q"),
    ("get", "questionnaires:finalise", True),
    ("post", "questionnaires:finalise", True),
    ("post", "questionnaires:adopt", True),
]


@pytest.mark.parametrize("persona", ["focal_point", "outsider", "stakeholder"])
@pytest.mark.parametrize(("method", "name", "args"), EDITOR_PAGES)
def test_only_the_secretariat_reaches_the_editor(client, request, draft, persona, method, name, args):
    user = request.getfixturevalue(persona)
    url_args = [] if args is False else [draft.pk] + (["untoc-5-measures"] if args == "q" else [])
    before = to_data(draft)
    response = getattr(verified_client(client, user), method)(
        reverse(name, args=url_args), {"direction": "up", "version": "x", "decision_reference": "x"}
    )
    assert response.status_code == 404
    assert to_data(draft) == before
    assert Questionnaire.objects.count() == 2


def test_signed_out_visitors_are_sent_to_sign_in(client, draft):
    response = client.get(reverse("questionnaires:version", args=[draft.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"] or "accounts" in response["Location"]


# Query counts do not grow with the data


def test_versions_list_queries_do_not_grow_with_the_versions(officer, adopted, django_assert_num_queries):
    services.new_version(source=adopted, version="a")
    url = reverse("questionnaires:definitions")
    officer.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        officer.get(url)
    for label in ("b", "c", "d"):
        services.new_version(source=adopted, version=label)
    with django_assert_num_queries(len(few.captured_queries)):
        officer.get(url)


def test_version_page_queries_do_not_grow_with_the_questions(officer, draft, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("questionnaires:version", args=[draft.pk])
    with CaptureQueriesContext(connection) as many:
        officer.get(url)
    for qid in [q.qid for q in draft.questions.all()][10:]:
        draft.questions.filter(qid=qid).delete()
    with django_assert_num_queries(len(many.captured_queries)):
        officer.get(url)
