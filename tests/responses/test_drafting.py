"""Drafting a response through national consultation (P 18, P 22, P 33)."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from questionnaires import services as questionnaire_services
from questionnaires.definitions import to_data
from responses import selectors, services
from responses.models import Answer, Response
from sherloc.registry.dates import add_months
from tests.conftest import verified_client
from tests.responses.conftest import Form, question, section_of

JSON = {"HTTP_ACCEPT": "application/json"}


def save_url(response, q):
    return reverse("responses:save_answer", args=[response.pk, q.pk])


def test_focal_point_opens_one_section_per_instrument_in_the_version_in_force_P18(response, questionnaires):
    from sherloc.registry.selectors import parties_to

    sections = {s.questionnaire.instrument.code: s.questionnaire for s in response.sections.all()}
    assert set(sections) == parties_to(response.state) & {"UNTOC", "TIP", "SOM", "FIREARMS"}
    assert sections["UNTOC"] == questionnaires["UNTOC"]
    # only the phase's cluster, and Convention articles 8 and 9 are not asked of a UNCAC party (Austria)
    draft = selectors.draft(response)
    asked = [q for view in draft.sections for q in view.questions]
    assert {q.cluster.code for q in asked} == {"criminalization"}
    assert not [q for q in asked if q.questionnaire.instrument.code == "UNTOC" and q.article.number in (8, 9)]


def test_a_version_adopted_later_changes_nothing_in_an_open_response_P18(response, questionnaires):
    untoc = questionnaires["UNTOC"]
    data = to_data(untoc)
    data["version"] = "test-2"
    data["sections"][0]["questions"][0]["text"]["en"] = "A different question."
    newer, _ = questionnaire_services.import_definition(data)
    questionnaire_services.adopt(newer, decision_reference="later")
    assert section_of(response, "UNTOC").questionnaire == untoc


def test_opening_is_refused_to_others_and_beyond_six_months_P33(state, contributor, focal_point, questionnaires, phase):
    later = timezone.localdate() + dt.timedelta(days=60)
    with pytest.raises(services.ResponseRefused, match="focal point"):
        services.open_response(state=state, phase=phase, language="en", deadline=later, by=contributor)
    too_late = add_months(timezone.localdate(), 6) + dt.timedelta(days=1)
    with pytest.raises(services.ResponseRefused, match="P 33"):
        services.open_response(state=state, phase=phase, language="en", deadline=too_late, by=focal_point)
    assert not Response.objects.exists()


def test_focal_point_opens_from_the_page_in_a_working_language(client, focal_point, questionnaires, phase):
    deadline = (timezone.localdate() + dt.timedelta(days=100)).isoformat()
    reply = verified_client(client, focal_point).post(
        reverse("responses:index"), {"phase": phase.pk, "language": "ar", "deadline": deadline}
    )
    response = Response.objects.get()
    assert reply.status_code == 302 and response.language == "ar"
    page = client.get(
        reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk]), {"article": 5}
    )
    # questions are shown in the working language of the response
    assert 'lang="ar"' in page.content.decode()
    assert question(response, "untoc-5-measures").text["ar"] in page.content.decode()


def test_contributor_drafts_only_the_sections_given_P22(client, response, focal_point, contributor, expert):
    services.assign_section(section=section_of(response, "UNTOC"), users=[contributor], by=focal_point)
    services.assign_section(section=section_of(response, "TIP"), users=[expert], by=focal_point)
    c = verified_client(client, contributor)
    untoc_q, tip_q = question(response, "untoc-5-measures"), question(response, "tip-5-measures")
    assert c.post(save_url(response, untoc_q), {"value": "yes", "version": 0}, **JSON).status_code == 200
    assert c.post(save_url(response, tip_q), {"value": "yes", "version": 0}, **JSON).status_code == 404
    assert list(Answer.objects.values_list("question__qid", flat=True)) == ["untoc-5-measures"]
    # the section page offers the form to write only where the user may
    page = c.get(reverse("responses:section", args=[response.pk, section_of(response, "TIP").pk])).content.decode()
    assert "inert" in page and "may read this section" in page


def test_assignment_goes_only_to_the_states_contributors_and_experts_P22(response, focal_point, outsider, contributor):
    with pytest.raises(services.ResponseRefused):
        services.assign_section(section=section_of(response, "UNTOC"), users=[outsider], by=focal_point)
    with pytest.raises(services.ResponseRefused):
        services.assign_section(section=section_of(response, "UNTOC"), users=[contributor], by=contributor)


def test_autosave_returns_the_new_version_and_the_progress(client, response, focal_point):
    q = question(response, "untoc-5-measures")
    reply = verified_client(client, focal_point).post(save_url(response, q), {"value": "yes", "version": 0}, **JSON)
    body = reply.json()
    assert body["ok"] and body["version"] == 1
    # answering yes asks for the legislation: one more mandatory question appears
    legislation = question(response, "untoc-5-legislation")
    assert legislation.pk in body["shown"]
    assert body["section"]["answered"] == 1
    assert body["overall"]["required"] == selectors.draft(response).required


def test_two_people_editing_the_same_answer_get_a_conflict_not_an_overwrite(client, response, focal_point, contributor):
    services.assign_section(section=section_of(response, "UNTOC"), users=[contributor], by=focal_point)
    q = question(response, "t-5-examples")
    services.save_answer(response=response, question=q, data=Form(value="Case A"), expected_version=0, by=focal_point)
    # the contributor loaded the page before the focal point saved: their version is 0
    reply = verified_client(client, contributor).post(save_url(response, q), {"value": "Case B", "version": 0}, **JSON)
    assert reply.status_code == 409
    assert reply.json()["conflict"]["value"] == "Case A"
    assert "saved this answer" in reply.json()["message"]
    assert Answer.objects.get(question=q).value == "Case A"
    # keeping theirs-or-mine is explicit: saving on top of the version seen replaces it
    reply = client.post(save_url(response, q), {"value": "Case B", "version": 1}, **JSON)
    assert reply.status_code == 200 and Answer.objects.get(question=q).value == "Case B"


def test_conflict_without_script_shows_both_answers_and_keeps_the_typed_text(
    client, response, focal_point, contributor
):
    services.assign_section(section=section_of(response, "UNTOC"), users=[contributor], by=focal_point)
    q = question(response, "t-5-examples")
    services.save_answer(response=response, question=q, data=Form(value="Case A"), expected_version=0, by=focal_point)
    reply = verified_client(client, contributor).post(save_url(response, q), {"value": "Case B typed", "version": 0})
    page = reply.content.decode()
    assert reply.status_code == 409
    assert "Case B typed" in page and "Case A" in page


def test_an_over_long_answer_is_refused_and_nothing_else_is_lost(client, response, focal_point):
    services.save_answer(
        response=response,
        question=question(response, "untoc-5-measures"),
        data=Form(value="partly"),
        expected_version=0,
        by=focal_point,
    )
    q = question(response, "t-5-examples")
    c = verified_client(client, focal_point)
    reply = c.post(save_url(response, q), {"value": "x" * 51, "version": 0}, **JSON)
    assert reply.status_code == 400
    assert reply.json()["problems"] == ["This answer has 51 characters; the limit is 50 characters."]
    assert not Answer.objects.filter(question=q).exists()
    assert Answer.objects.get(question__qid="untoc-5-measures").value == "partly"
    # without the script the page comes back with the text typed and the message beside it
    page = c.post(save_url(response, q), {"value": "y" * 60, "version": 0}).content.decode()
    assert "y" * 60 in page and "the limit is 50 characters" in page


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/law.pdf", "www.example.org"])
def test_a_legislation_link_that_is_not_http_is_refused(client, response, focal_point, link):
    q = question(response, "untoc-5-legislation")
    reply = verified_client(client, focal_point).post(
        save_url(response, q),
        {"title": ["Criminal Code"], "article": ["278"], "link": [link], "text": [""], "version": 0},
        **JSON,
    )
    assert reply.status_code == 400
    assert reply.json()["problems"] == [
        "Reference 1: the link must be a web address starting with http:// or https://."
    ]
    assert not Answer.objects.filter(question=q).exists()


def test_legislation_references_keep_title_article_link_and_text(response, focal_point):
    q = question(response, "untoc-5-legislation")
    data = Form(
        title=["Criminal Code", "", "Act on X"],
        article=["§ 278", "", ""],
        link=["https://www.ris.bka.gv.at/", "", ""],
        text=["", "", "Section 1: …"],
    )
    answer = services.save_answer(response=response, question=q, data=data, expected_version=0, by=focal_point)
    assert answer.value == [
        {"title": "Criminal Code", "article": "§ 278", "link": "https://www.ris.bka.gv.at/", "text": ""},
        {"title": "Act on X", "article": "", "link": "", "text": "Section 1: …"},
    ]


PDF = b"%PDF-1.4\n%test\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ...", "files of this type are not accepted"),
        ("law.pdf", b"<html>not a pdf</html>", "web page or SVG markup"),
        ("law.pdf", b"GIF89a not a pdf", "does not match the type its name gives (PDF)"),
        ("big.pdf", PDF + b"0" * 2000, "larger than the limit of 1000 B per file"),
    ],
)
def test_a_disallowed_or_oversized_attachment_is_refused(
    client, response, focal_point, settings, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1000
    q = question(response, "t-5-files")
    c = verified_client(client, focal_point)
    c.post(save_url(response, question(response, "untoc-5-measures")), {"value": "yes", "version": 0})
    reply = c.post(reverse("responses:upload", args=[response.pk, q.pk]), {"file": SimpleUploadedFile(name, content)})
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert not response.answers.filter(attachments__isnull=False).exists()
    assert Answer.objects.get(question__qid="untoc-5-measures").value == "yes"


def test_an_accepted_attachment_is_listed_and_downloaded_by_the_states_users(client, response, focal_point, observer):
    q = question(response, "t-5-files")
    c = verified_client(client, focal_point)
    reply = c.post(reverse("responses:upload", args=[response.pk, q.pk]), {"file": SimpleUploadedFile("case.pdf", PDF)})
    assert reply.status_code == 302
    attachment = Answer.objects.get(question=q).attachments.get()
    assert attachment.name == "case.pdf" and attachment.size == len(PDF)
    client.logout()
    download = verified_client(client, observer).get(reverse("responses:attachment", args=[response.pk, attachment.pk]))
    assert download.content == PDF


def test_answers_take_files_under_the_portals_one_upload_policy_hole_6(client, response, focal_point, settings):
    """Issue 10, hole 6: answers and the dialogue share one policy; one refused file keeps the others out."""
    from tests.samples import ACCEPTED

    settings.UPLOAD_MAX_FILES = 3
    q = question(response, "t-5-files")
    url = reverse("responses:upload", args=[response.pk, q.pk])
    c = verified_client(client, focal_point)
    page = c.get(reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])).content.decode()
    assert "at most 3 files of 20 MiB each." in page
    reply = c.post(
        url, {"file": [SimpleUploadedFile("law.docx", ACCEPTED["law.docx"]), SimpleUploadedFile("x.svg", b"<svg/>")]}
    )
    assert reply.status_code == 400 and "x.svg: files of this type are not accepted" in reply.content.decode()
    assert not Answer.objects.filter(question=q, attachments__isnull=False).exists()
    files = [SimpleUploadedFile(n, ACCEPTED[n]) for n in ("law.docx", "figures.xlsx", "scan.png")]
    assert c.post(url, {"file": files}).status_code == 302
    reply = c.post(url, {"file": [SimpleUploadedFile("cases.csv", ACCEPTED["cases.csv"])]})
    assert "At most 3 files can be attached here; 4 were given." in reply.content.decode()
    assert sorted(a.name for a in Answer.objects.get(question=q).attachments.all()) == [
        "figures.xlsx",
        "law.docx",
        "scan.png",
    ]


def test_a_dependent_question_is_asked_only_when_its_condition_holds(response, focal_point):
    shown = lambda: {q.qid for view in selectors.draft(response).sections for q in view.shown}  # noqa: E731
    assert "t-5-why" not in shown()
    services.save_answer(
        response=response,
        question=question(response, "untoc-5-measures"),
        data=Form(value="no"),
        expected_version=0,
        by=focal_point,
    )
    assert "t-5-why" in shown() and "untoc-5-legislation" not in shown()
    # and once shown, it is mandatory: submission waits for it
    assert "t-5-why" in {q.qid for _view, q in selectors.draft(response).missing()}


def test_answers_cannot_be_written_by_other_states_or_the_secretariat(client, response, outsider, secretariat):
    q = question(response, "untoc-5-measures")
    for user in (outsider, secretariat):
        client.logout()
        c = verified_client(client, user)
        assert c.post(save_url(response, q), {"value": "yes", "version": 0}, **JSON).status_code == 404
        assert (
            c.get(reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])).status_code == 404
        )
    assert not Answer.objects.exists()


def test_the_deadline_is_shown_on_every_page_of_the_response(client, response, focal_point):
    c = verified_client(client, focal_point)
    iso = response.deadline.isoformat()
    for url in (
        reverse("responses:index"),
        reverse("responses:detail", args=[response.pk]),
        reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk]),
    ):
        assert f'datetime="{iso}"' in c.get(url).content.decode(), url


def test_the_answering_page_keeps_its_query_count_as_answers_and_responses_grow(client, response, focal_point, phase):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sherloc.accounts import services as account_services
    from sherloc.registry.models import State
    from tests.factories import UserFactory
    from tests.responses.conftest import answer_everything

    c = verified_client(client, focal_point)
    url = reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])
    services.save_answer(
        response=response,
        question=question(response, "untoc-5-measures"),
        data=Form(value="yes"),
        expected_version=0,
        by=focal_point,
    )
    c.get(url)
    with CaptureQueriesContext(connection) as one_answer:
        c.get(url)
    answer_everything(response, focal_point)
    for code in ("FRA", "KEN", "MEX"):
        fp = UserFactory(username=f"fp-{code}")
        other = State.objects.get(code=code)
        account_services.appoint_focal_point(state=other, user=fp)
        opened = services.open_response(state=other, phase=phase, language="fr", deadline=response.deadline, by=fp)
        answer_everything(opened, fp)
    with CaptureQueriesContext(connection) as everything:
        c.get(url)
    assert len(everything) == len(one_answer), [q["sql"] for q in everything.captured_queries]


def test_demo_world_has_one_response_being_drafted_and_one_submitted(db, settings):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    drafting = Response.objects.get(state__code="MEX")
    assert drafting.status == "drafting"
    assert all(s.assignees.exists() for s in drafting.sections.all())
    assert 0 < selectors.draft(drafting).answered < selectors.draft(drafting).required
    submitted = Response.objects.get(state__code="AUT")
    assert submitted.status == "submitted" and submitted.snapshots.count() == 1
    assert json.dumps(submitted.snapshots.get().content)


def test_home_lists_the_questionnaires_each_person_answers_P22(client, response, focal_point, contributor, outsider):
    untoc = section_of(response, "UNTOC")
    services.assign_section(section=untoc, users=[contributor], by=focal_point)
    home = reverse("portal:home")
    page = verified_client(client, contributor).get(home).content.decode()
    assert reverse("responses:section", args=[response.pk, untoc.pk]) in page
    assert reverse("responses:section", args=[response.pk, section_of(response, "TIP").pk]) not in page
    client.logout()
    page = verified_client(client, focal_point).get(home).content.decode()
    assert all(reverse("responses:section", args=[response.pk, s.pk]) in page for s in response.sections.all())
    client.logout()
    assert (
        reverse("responses:detail", args=[response.pk])
        not in verified_client(client, outsider).get(home).content.decode()
    )
