"""Submission through the module (P 19), within the agreed time (P 33), and who reads what (docs/rules.md)."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from responses import services
from responses.models import Snapshot
from responses.services import content_hash
from sherloc.registry.dates import add_months
from tests.conftest import verified_client
from tests.responses.conftest import Form, answer_everything, question, section_of


def test_missing_mandatory_answers_block_submission_with_the_list_P19(client, response, focal_point):
    services.save_answer(
        response=response,
        question=question(response, "untoc-5-measures"),
        data=Form(value="yes"),
        expected_version=0,
        by=focal_point,
    )
    with pytest.raises(services.SubmissionBlocked) as blocked:
        services.submit(response=response, by=focal_point)
    missing = {q.qid for _view, q in blocked.value.missing}
    assert "untoc-5-legislation" in missing and "untoc-5-measures" not in missing
    assert "t-5-files" not in missing  # attachments support an answer; they are not mandatory
    reply = verified_client(client, focal_point).post(reverse("responses:submit", args=[response.pk]))
    page = reply.content.decode()
    assert reply.status_code == 400
    assert "mandatory answers are missing" in page
    assert f"#q{question(response, 'untoc-5-legislation').pk}" in page
    assert not Snapshot.objects.exists()


def test_submission_freezes_a_snapshot_with_time_and_hash_P19(client, response, focal_point):
    answer_everything(response, focal_point)
    reply = verified_client(client, focal_point).post(reverse("responses:submit", args=[response.pk]))
    snapshot = Snapshot.objects.get()
    assert reply.status_code == 302 and reply.url == reverse("responses:snapshot", args=[response.pk, 1])
    response.refresh_from_db()
    assert response.status == "submitted" and response.submitted_at == snapshot.submitted_at
    assert snapshot.sha256 == content_hash(snapshot.content)
    assert snapshot.content["submitted_at"] == snapshot.submitted_at.isoformat()
    entry = next(q for s in snapshot.content["sections"] for q in s["questions"] if q["id"] == "untoc-5-legislation")
    assert entry["answer"][0]["title"] == "Criminal Code"
    # after submission nobody writes: the snapshot is what the reviewers read
    with pytest.raises(services.ResponseRefused):
        services.save_answer(
            response=response,
            question=question(response, "t-5-examples"),
            data=Form(value="late"),
            expected_version=1,
            by=focal_point,
        )
    page = client.get(reverse("responses:snapshot", args=[response.pk, 1])).content.decode()
    assert snapshot.sha256 in page and "Criminal Code" in page


def test_only_the_focal_point_submits(response, focal_point, contributor):
    answer_everything(response, focal_point)
    with pytest.raises(services.ResponseRefused):
        services.submit(response=response, by=contributor)


def test_secretariat_reopens_on_request_and_the_earlier_snapshot_stays_readable(
    client, response, focal_point, secretariat
):
    answer_everything(response, focal_point)
    first = services.submit(response=response, by=focal_point)
    with pytest.raises(services.ResponseRefused):
        services.reopen(response=response, by=focal_point, request_reference="note 1")
    with pytest.raises(services.ResponseRefused, match="request"):
        services.reopen(response=response, by=secretariat, request_reference=" ")
    reply = verified_client(client, secretariat).post(
        reverse("responses:reopen", args=[response.pk]), {"request_reference": "Note verbale AUT/2026/17"}
    )
    assert reply.status_code == 302
    response.refresh_from_db()
    assert response.status == "drafting"
    q = question(response, "t-5-examples")
    current = response.answers.get(question=q)
    services.save_answer(
        response=response,
        question=q,
        data=Form(value="A newer case."),
        expected_version=current.version,
        by=focal_point,
    )
    second = services.submit(response=response, by=focal_point)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.reopen_request == "Note verbale AUT/2026/17" and first.reopened_by == secretariat
    assert first.sha256 == content_hash(first.content)
    assert "A newer case." not in str(first.content) and "A newer case." in str(second.content)
    article = f"{q.questionnaire.instrument.code}-{q.article.number}".lower()
    page = client.get(reverse("responses:snapshot", args=[response.pk, 1]), {"article": article}).content.decode()
    assert "A case from 2024." in page and "Note verbale AUT/2026/17" in page


def test_draft_is_seen_by_the_states_own_users_only(
    client, response, observer, contributor, outsider, secretariat, reviewing_expert, stakeholder
):
    detail = reverse("responses:detail", args=[response.pk])
    section = reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])
    for user in (observer, contributor):
        client.logout()
        assert verified_client(client, user).get(section).status_code == 200
    for user in (outsider, secretariat, reviewing_expert, stakeholder):
        client.logout()
        c = verified_client(client, user)
        assert c.get(detail).status_code == 404, user
        assert c.get(section).status_code == 404, user
        assert response.state.name not in c.get(reverse("responses:index")).content.decode(), user


def test_submitted_response_is_read_also_by_reviewing_states_and_the_secretariat(
    client, response, focal_point, outsider, secretariat, reviewing_expert, stakeholder
):
    answer_everything(response, focal_point)
    services.submit(response=response, by=focal_point)
    page = reverse("responses:snapshot", args=[response.pk, 1])
    pdf = reverse("responses:snapshot_pdf", args=[response.pk, 1])
    for user in (reviewing_expert, secretariat):
        client.logout()
        c = verified_client(client, user)
        assert c.get(reverse("responses:detail", args=[response.pk])).url == page
        assert c.get(page).status_code == 200
        assert c.get(pdf).status_code == 200
        assert response.state.name in c.get(reverse("responses:index")).content.decode()
        # never the draft behind it
        assert (
            c.get(reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])).status_code == 404
        )
    for user in (outsider, stakeholder):
        client.logout()
        c = verified_client(client, user)
        assert c.get(page).status_code == 404 and c.get(pdf).status_code == 404


def test_attachments_of_a_submission_are_refused_to_outsiders(
    client, response, focal_point, outsider, reviewing_expert
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = services.add_attachment(
        response=response,
        question=question(response, "t-5-files"),
        upload=SimpleUploadedFile("case.pdf", b"%PDF-1.4 test"),
        by=focal_point,
    )
    url = reverse("responses:attachment", args=[response.pk, attachment.pk])
    assert verified_client(client, reviewing_expert).get(url).status_code == 404  # still a draft
    answer_everything(response, focal_point)
    services.submit(response=response, by=focal_point)
    download = client.get(url)
    assert download.content == b"%PDF-1.4 test"
    client.logout()
    assert verified_client(client, outsider).get(url).status_code == 404


def _pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize(("language", "expected"), [("en", "Yes"), ("zh-hans", "是"), ("ar", "نعم")])
def test_pdf_is_in_the_language_of_the_response(client, focal_point, state, questionnaires, phase, language, expected):
    deadline = timezone.localdate() + dt.timedelta(days=30)
    response = services.open_response(state=state, phase=phase, language=language, deadline=deadline, by=focal_point)
    answer_everything(response, focal_point)
    services.submit(response=response, by=focal_point)
    reply = verified_client(client, focal_point).get(reverse("responses:snapshot_pdf", args=[response.pk, 1]))
    data = reply.content
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert expected in text
    assert question(response, "untoc-5-measures").text[language][:12] in text.replace("\n", " ")
    assert Snapshot.objects.get(response=response).sha256 in text.replace("\n", "")


def test_the_worker_renders_the_pdf_once_on_submission(response, focal_point):
    from responses.tasks import render_snapshot_pdf

    answer_everything(response, focal_point)
    # the on_commit hook that queues the task does not fire inside the test's transaction: run the task as the worker does
    snapshot = services.submit(response=response, by=focal_point)
    assert not snapshot.pdf
    render_snapshot_pdf(snapshot.pk)
    snapshot.refresh_from_db()
    name = snapshot.pdf.name
    with snapshot.pdf.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    render_snapshot_pdf(snapshot.pk)  # a second run (a retried task) renders nothing new
    snapshot.refresh_from_db()
    assert snapshot.pdf.name == name


def test_deadline_changed_by_the_secretariat_within_six_months_P33(client, response, focal_point, secretariat):
    too_late = add_months(timezone.localdate(response.opened_at), 6) + dt.timedelta(days=1)
    with pytest.raises(services.ResponseRefused, match="P 33"):
        services.change_deadline(response=response, deadline=too_late, by=secretariat)
    with pytest.raises(services.ResponseRefused):
        services.change_deadline(response=response, deadline=response.deadline, by=focal_point)
    new = timezone.localdate() + dt.timedelta(days=120)
    reply = verified_client(client, secretariat).post(
        reverse("responses:deadline", args=[response.pk]), {"deadline": new.isoformat()}
    )
    response.refresh_from_db()
    assert reply.status_code == 302 and response.deadline == new
    # the way back never leads off the portal
    reply = client.post(
        reverse("responses:deadline", args=[response.pk]),
        {"deadline": new.isoformat(), "next": "https://evil.example/"},
    )
    assert reply.url == reverse("responses:detail", args=[response.pk])
