"""The pages of the informal meetings (P 52): what each persona sees, and every denial."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders import services
from stakeholders.enums import CommentStatus, InvitationStatus
from stakeholders.models import BriefingMaterial, Comment, Meeting, Objection, StakeholderProfile
from tests.conftest import verified_client
from tests.stakeholders.conftest import new_meeting


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.logout()
        return verified_client(client, user)

    return sign_in


def test_ngo_home_page_shows_its_meetings_invitations_and_deadlines(world, invited, as_user):
    page = as_user(world["nadia"]).get("/en/").content.decode()
    assert "Informal meetings with stakeholders" in page
    assert invited.title.replace("'", "&#x27;") in page
    assert "Sent" in page or "sent" in page
    from django.utils.formats import date_format

    assert date_format(services.confirmation_deadline(invited)) in page


def test_a_state_representatives_home_page_has_no_stakeholder_part(world, invited, as_user):
    page = as_user(world["alice"]).get("/en/").content.decode()
    assert "Confirm and send comments by" not in page


def test_p52c_the_invited_stakeholder_sees_the_meeting_the_uninvited_does_not(world, invited, as_user, client):
    url = reverse("stakeholders:meeting", args=[invited.pk])
    assert as_user(world["nadia"]).get(url).status_code == 200
    denied = as_user(world["otto"]).get(url)
    assert denied.status_code == 404 and invited.title.encode() not in denied.content
    client.logout()
    assert client.get(url).status_code == 302


def test_p52f_a_state_representative_sees_and_registers(world, invited, as_user):
    client = as_user(world["erin"])
    assert client.get(reverse("stakeholders:meeting", args=[invited.pk])).status_code == 200
    assert client.post(reverse("stakeholders:register", args=[invited.pk])).status_code == 302
    assert invited.state_attendances.filter(user=world["erin"], state=world["state"]).exists()


def test_p52c_the_secretariat_invites_in_one_action(world, meeting, as_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply = as_user(world["sam"]).post(reverse("stakeholders:invite", args=[meeting.pk]))
    assert reply.status_code == 302
    assert set(meeting.invitations.values_list("status", flat=True)) == {InvitationStatus.SENT}
    assert as_user(world["nadia"]).post(reverse("stakeholders:invite", args=[meeting.pk])).status_code == 404


def test_p52e_confirming_in_time_and_too_late(world, invited, as_user):
    invitation = invited.invitations.get(profile=world["ngo"])
    client = as_user(world["nadia"])
    assert client.post(reverse("stakeholders:confirm", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CONFIRMED
    late = new_meeting(world["sam"], days=4, title="Soon")
    services.invite_all(meeting=late, by=world["sam"])
    late_invitation = late.invitations.get(profile=world["ngo"])
    reply = client.post(reverse("stakeholders:confirm", args=[late_invitation.pk]))
    from django.utils.formats import date_format

    assert reply.status_code == 400
    assert date_format(late.date - dt.timedelta(days=10)) in reply.content.decode()
    assert as_user(world["igor"]).post(reverse("stakeholders:confirm", args=[invitation.pk])).status_code == 404


def test_p52b_a_flagged_comment_waits_and_the_secretariat_sees_the_matched_words(world, invited, as_user):
    services.confirm_attendance(
        invitation=invited.invitations.get(profile=world["ngo"]),
        by=world["nadia"],
        today=invited.date - dt.timedelta(days=20),
    )
    client = as_user(world["nadia"])
    reply = client.post(
        reverse("stakeholders:comment", args=[invited.pk]),
        {
            "text": "Colombian shelters lack funding.",
            "language": "en",
            "attachment": SimpleUploadedFile("a.txt", b"notes"),
        },
    )
    assert reply.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.FLAGGED
    other = as_user(world["igor"]).get(reverse("stakeholders:meeting", args=[invited.pk]))
    assert b"Colombian shelters" not in other.content
    assert as_user(world["igor"]).get(reverse("stakeholders:comment_file", args=[comment.pk])).status_code == 404
    page = as_user(world["sam"]).get(reverse("stakeholders:meeting", args=[invited.pk])).content.decode()
    assert '<mark title="COL">Colombian</mark>' in page
    assert as_user(world["sam"]).get(reverse("stakeholders:comment_file", args=[comment.pk])).status_code == 200
    reply = as_user(world["sam"]).post(reverse("stakeholders:release", args=[comment.pk]), {"reason": "Partner only."})
    assert reply.status_code == 302
    assert (
        b"Colombian shelters" in as_user(world["igor"]).get(reverse("stakeholders:meeting", args=[invited.pk])).content
    )


def test_returning_a_comment_needs_a_reason(world, invited, as_user):
    comment = services.submit_comment(
        meeting=invited, by=world["alice"], author_state=world["state"], text="France did well.", language="en"
    )
    reply = as_user(world["sam"]).post(reverse("stakeholders:return", args=[comment.pk]), {"reason": ""})
    assert reply.status_code == 400
    comment.refresh_from_db()
    assert comment.status == CommentStatus.FLAGGED


def test_p52d_objection_and_decision_through_the_pages(world, invited, as_user):
    invitation = invited.invitations.get(profile=world["ngo"])
    url = reverse("stakeholders:object", args=[invitation.pk])
    assert as_user(world["erin"]).post(url, {"state": world["state"].pk, "reasons": "No."}).status_code == 404
    assert as_user(world["alice"]).post(url, {"state": world["state"].pk, "reasons": "Off topic."}).status_code == 302
    objection = Objection.objects.get()
    page = as_user(world["nadia"]).get(reverse("stakeholders:meeting", args=[invited.pk])).content.decode()
    assert "your attendance is on hold" in page
    decide = reverse("stakeholders:decide", args=[objection.pk])
    assert as_user(world["alice"]).post(decide, {"outcome": "upheld", "decision": "x"}).status_code == 404
    reply = as_user(world["sam"]).post(decide, {"outcome": "dismissed", "decision": "Dismissed at the 2nd meeting."})
    assert reply.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "dismissed"


def test_briefing_material_is_served_only_to_those_who_see_the_meeting(world, invited, as_user):
    client = as_user(world["sam"])
    reply = client.post(
        reverse("stakeholders:briefing_upload", args=[invited.pk]),
        {"file": SimpleUploadedFile("agenda.txt", b"Briefing of the secretariat")},
    )
    assert reply.status_code == 302
    material = BriefingMaterial.objects.get()
    url = reverse("stakeholders:briefing", args=[material.pk])
    assert as_user(world["nadia"]).get(url).status_code == 200
    assert as_user(world["otto"]).get(url).status_code == 404
    refused = as_user(world["sam"]).post(
        reverse("stakeholders:briefing_upload", args=[invited.pk]),
        {"file": SimpleUploadedFile("x.svg", b"<svg onload=alert(1)></svg>")},
    )
    assert refused.status_code == 400 and BriefingMaterial.objects.count() == 1


def test_the_csv_upload_page_refuses_a_hostile_file_and_stores_nothing(world, as_user):
    client = as_user(world["sam"])
    before = StakeholderProfile.objects.count()
    reply = client.post(
        reverse("stakeholders:import"),
        {"file": SimpleUploadedFile("list.csv", b"name,kind,email\nA,cartel,a@example.org\n")},
    )
    assert reply.status_code == 400 and "Nothing was imported" in reply.content.decode()
    assert StakeholderProfile.objects.count() == before
    ok = client.post(
        reverse("stakeholders:import"),
        {"file": SimpleUploadedFile("list.csv", b"name,kind,email,entitled_sessions\nNew NGO,ngo,n@example.org,11\n")},
    )
    assert ok.status_code == 302 and StakeholderProfile.objects.count() == before + 1
    assert as_user(world["nadia"]).get(reverse("stakeholders:import")).status_code == 404


def test_the_secretariat_creates_a_meeting_and_hostile_input_is_refused(world, as_user):
    client = as_user(world["sam"])
    data = {
        "working_group": "WG.3",
        "working_group_session": "fourteenth meeting",
        "title": "International cooperation",
        "date": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
        "place": "Vienna",
        "agenda": "1. Opening",
        "president_request": "Letter",
        "chair": "Chair",
        "language": "en",
    }
    assert client.post(reverse("stakeholders:meeting_new"), {**data, "working_group": "WG.9"}).status_code == 400
    assert client.post(reverse("stakeholders:meeting_new"), {**data, "title": "x" * 201}).status_code == 400
    assert client.post(reverse("stakeholders:meeting_new"), {**data, "title": "a\x00b"}).status_code == 400
    assert not Meeting.objects.exists()
    assert client.post(reverse("stakeholders:meeting_new"), data).status_code == 302
    assert as_user(world["alice"]).get(reverse("stakeholders:meeting_new")).status_code == 404


def test_bad_ids_answer_404(world, as_user):
    client = as_user(world["sam"])
    assert client.get("/en/stakeholders/999999/").status_code == 404
    assert client.get("/en/stakeholders/99999999999999999999999/").status_code in (400, 404)


def test_p52i_activity_reports_per_working_group(world, as_user):
    client = as_user(world["nadia"])
    reply = client.post(
        reverse("stakeholders:report_new"),
        {
            "title": "Training",
            "body": "We trained inspectors.",
            "working_groups": ["WG.4"],
            "co_signers": [world["igo"].pk],
        },
    )
    assert reply.status_code == 302
    page = as_user(world["alice"]).get(reverse("stakeholders:reports")).content.decode()
    assert "Training" in page and "joint report" in page
    assert as_user(world["alice"]).get(reverse("stakeholders:report_new")).status_code == 404


@pytest.mark.parametrize("language", ["ar", "zh-hans", "ru"])
def test_the_meeting_page_in_other_languages(world, invited, as_user, language):
    reply = as_user(world["nadia"]).get(f"/{language}/stakeholders/{invited.pk}/")
    assert reply.status_code == 200
    if language == "ar":
        assert b'dir="rtl"' in reply.content


def test_section_ix_stakeholders_sign_in_with_the_second_factor_too(world, client):
    client.force_login(world["nadia"])  # password only, no second factor
    reply = client.get(reverse("stakeholders:index"))
    assert reply.status_code == 302 and "stakeholders" not in reply["Location"].split("?")[0]
