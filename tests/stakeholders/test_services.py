"""The rules of the informal meetings with stakeholders (P 52 (a)–(i)), through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sherloc.accounts.enums import OrganisationKind
from sherloc.registry.models import MechanismSettings, State
from stakeholders import services, tasks
from stakeholders.enums import CommentStatus, InvitationStatus, ObjectionStatus, WorkingGroup
from stakeholders.models import Comment, Invitation, Objection, StakeholderProfile
from tests.stakeholders.conftest import make_profile, new_meeting

CSV_HEADER = "name,kind,email,ecosoc_status,state,entitled_sessions\n"


# -- organisations -------------------------------------------------------------------------------


def test_section_ix_csv_import_records_kinds_ecosoc_status_and_entitlements(sessions):
    data = (
        CSV_HEADER + "Women's Shelter Network,ngo,wsn@example.org,special,,10;11\n"
        "Regional Police Council,igo,rpc@example.org,,,11\n"
        "Tuvalu,non_signatory,tuv@example.org,,TUV,11\n"
    ).encode()
    report = services.import_organisations(data=data)
    assert (report.created, report.updated, report.entitlements) == (3, 0, 4)
    ngo = StakeholderProfile.objects.get(organisation__name="Women's Shelter Network")
    assert ngo.ecosoc_status == "special"
    assert sorted(e.session.number for e in ngo.entitlements.all()) == [10, 11]
    assert StakeholderProfile.objects.get(organisation__name="Tuvalu").state.code == "TUV"
    again = services.import_organisations(data=data)
    assert (again.created, again.updated) == (0, 3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,kind,email\nA,ngo,a@example.org\x00\n", "NUL"),
        ("name,kind,email\nÉ,ngo,e@example.org\n".encode("latin-1"), "UTF-8"),
        (b"name,email\nA,a@example.org\n", "kind"),
        (b"name,kind,email\n", "no organisation"),
        (CSV_HEADER.encode() + b"Good,ngo,good@example.org,,,11\nBad,cartel,bad@example.org,,,99\n", "line 3"),
        (CSV_HEADER.encode() + b"Igo,igo,igo@example.org,general,,\n", "ECOSOC"),
        (CSV_HEADER.encode() + b"Nobody,non_signatory,n@example.org,,XXX,\n", "ISO3"),
        (CSV_HEADER.encode() + b"A,ngo,not-an-address,,,\n", "e-mail"),
        (CSV_HEADER.encode() + b"A,ngo,a@example.org,,,\nA,ngo,a@example.org,,,\n", "twice"),
        (b"x" * (services.CSV_MAX_BYTES + 1), "2 MiB"),
    ],
)
def test_a_hostile_csv_is_refused_with_a_message_and_nothing_stored(sessions, data, message):
    with pytest.raises(services.StakeholderRefused, match=message):
        services.import_organisations(data=data)
    assert not StakeholderProfile.objects.exists()


# -- meetings and invitations --------------------------------------------------------------------


def test_p52a_c_a_meeting_invites_the_observers_of_the_conference_session_before_it(world, meeting, commit):
    assert meeting.conference_session.number == 11
    with commit():
        count = services.invite_all(meeting=meeting, by=world["sam"])
    invited = set(meeting.invitations.values_list("profile__organisation__name", flat=True))
    assert count == 2 and invited == {"Alliance against Trafficking", "Interregional Council"}
    assert sorted(m.to[0] for m in mail.outbox) == ["alliance@example.org", "interregional@example.org"]
    assert set(meeting.invitations.values_list("status", flat=True)) == {InvitationStatus.SENT}


def test_p52c_no_session_before_the_meeting_is_refused(world):
    with pytest.raises(services.StakeholderRefused, match="No session of the Conference"):
        new_meeting(world["sam"], days=-5000)


def test_p52c_invitations_are_never_sent_twice(world, meeting, commit):
    with commit():
        services.invite_all(meeting=meeting, by=world["sam"])
    with commit():
        assert services.invite_all(meeting=meeting, by=world["sam"]) == 0
    assert tasks.send_invitations(meeting.pk) == 0  # the task run again: nothing queued
    assert len(mail.outbox) == 2
    assert Invitation.objects.filter(meeting=meeting).count() == 2


def test_p52c_inviting_costs_a_constant_number_of_queries(world, meeting, sessions):
    _, last = sessions
    for n in range(40):
        make_profile(f"Org{n} network", sessions=[last])
    with CaptureQueriesContext(connection) as few:
        services.invite_all(meeting=meeting, by=world["sam"])
    other = new_meeting(world["sam"], title="Second")
    for n in range(40, 160):
        make_profile(f"Org{n} network", sessions=[last])
    with CaptureQueriesContext(connection) as many:
        services.invite_all(meeting=other, by=world["sam"])
    assert len(many.captured_queries) == len(few.captured_queries)


def test_p52c_a_bounce_is_tracked(world, invited):
    invitation = invited.invitations.get(profile=world["igo"])
    services.record_bounce(invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.BOUNCED and invitation.bounced_at


# -- confirmation (P 52 (e)) ---------------------------------------------------------------------


def test_p52e_confirmation_ten_days_before_is_accepted(world, invited):
    invitation = invited.invitations.get(profile=world["ngo"])
    services.confirm_attendance(invitation=invitation, by=world["nadia"], today=invited.date - dt.timedelta(days=10))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CONFIRMED and invitation.confirmed_by == world["nadia"]


def test_p52e_a_late_confirmation_is_refused_naming_the_missed_date(world, invited):
    invitation = invited.invitations.get(profile=world["ngo"])
    deadline = invited.date - dt.timedelta(days=10)
    with pytest.raises(services.LateConfirmation) as refused:
        services.confirm_attendance(invitation=invitation, by=world["nadia"], today=deadline + dt.timedelta(days=1))
    from django.utils.formats import date_format

    assert date_format(deadline) in str(refused.value)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT and invitation.late_refused_at is not None


def test_p52e_the_ten_days_are_a_setting(world, invited):
    settings = MechanismSettings.current()
    settings.stakeholder_confirmation_days = 3
    settings.save()
    invitation = invited.invitations.get(profile=world["ngo"])
    services.confirm_attendance(invitation=invitation, by=world["nadia"], today=invited.date - dt.timedelta(days=3))
    assert services.confirmation_deadline(invited) == invited.date - dt.timedelta(days=3)


# -- objections (P 52 (d)) -----------------------------------------------------------------------


def test_p52d_an_objection_puts_the_ngo_on_hold_and_tells_it(world, invited, commit):
    mail.outbox.clear()
    invitation = invited.invitations.get(profile=world["ngo"])
    with commit():
        objection = services.object_to_participation(
            invitation=invitation, state=world["state"], reasons="Not relevant to the subject.", by=world["alice"]
        )
    assert services.on_hold(invitation)
    assert len(mail.outbox) == 1 and "on hold" in mail.outbox[0].subject
    assert set(mail.outbox[0].to) == {"alliance@example.org", "nadia@example.org"}
    assert tasks.tell_on_hold(objection.pk) is False  # told once
    objection.refresh_from_db()
    assert objection.ngo_told_at is not None
    with pytest.raises(services.StakeholderRefused, match="already before the working group"):
        services.object_to_participation(invitation=invitation, state=world["state"], reasons="x", by=world["alice"])


def test_p52d_only_an_ngo_can_be_objected_to(world, invited):
    with pytest.raises(services.StakeholderRefused, match="non-governmental"):
        services.object_to_participation(
            invitation=invited.invitations.get(profile=world["igo"]),
            state=world["state"],
            reasons="No.",
            by=world["alice"],
        )


def test_p52d_the_working_groups_decision_is_recorded_once(world, invited):
    invitation = invited.invitations.get(profile=world["ngo"])
    objection = services.object_to_participation(
        invitation=invitation, state=world["state"], reasons="Reasons.", by=world["alice"]
    )
    services.decide_objection(objection=objection, upheld=True, decision="Upheld at its 3rd meeting.", by=world["sam"])
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD and not services.on_hold(invitation)
    with pytest.raises(services.StakeholderRefused):
        services.decide_objection(objection=objection, upheld=False, decision="again", by=world["sam"])
    with pytest.raises(services.StakeholderRefused, match="does not take part"):
        services.confirm_attendance(
            invitation=invitation, by=world["nadia"], today=invited.date - dt.timedelta(days=20)
        )


# -- written comments (P 52 (b), (e)) ------------------------------------------------------------


def confirmed(world, meeting):
    invitation = meeting.invitations.get(profile=world["ngo"])
    return services.confirm_attendance(
        invitation=invitation, by=world["nadia"], today=meeting.date - dt.timedelta(days=20)
    )


def test_p52b_a_comment_naming_no_state_circulates_at_once(world, invited):
    invitation = confirmed(world, invited)
    comment = services.submit_comment(
        meeting=invited, by=world["nadia"], invitation=invitation, text="Shelters need funding.", language="en"
    )
    assert comment.status == CommentStatus.CIRCULATED and comment.matches == []


def test_p52b_a_comment_naming_a_state_waits_for_the_secretariat_showing_the_words(world, invited):
    invitation = confirmed(world, invited)
    comment = services.submit_comment(
        meeting=invited,
        by=world["nadia"],
        invitation=invitation,
        text="Colombian shelters lack funding.",
        language="en",
        upload=SimpleUploadedFile("notes.txt", b"Our notes", content_type="text/plain"),
    )
    assert comment.status == CommentStatus.FLAGGED
    assert [(m["text"], m["state"]) for m in comment.matches] == [("Colombian", "COL")]
    assert comment.attachment_name == "notes.txt" and comment.attachment_sha256
    services.return_comment(comment=comment, by=world["sam"], reason="It names a State (P 52 (b)).")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.RETURNED and "P 52 (b)" in comment.reason
    with pytest.raises(services.StakeholderRefused):
        services.release_comment(comment=comment, by=world["sam"])


def test_p52b_a_state_raising_its_own_review_is_released_by_the_secretariat(world, invited):
    comment = services.submit_comment(
        meeting=invited,
        by=world["alice"],
        author_state=world["state"],
        text="Austria will share what it learnt in its own review; France helped.",
        language="en",
    )
    assert comment.status == CommentStatus.FLAGGED
    assert [m["state"] for m in comment.matches if not m.get("own")] == ["FRA"]
    services.release_comment(comment=comment, by=world["sam"], reason="France is named as a partner only.")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.RELEASED


def test_p52e_comments_after_the_deadline_are_refused(world, invited):
    invitation = confirmed(world, invited)
    with pytest.raises(services.LateConfirmation):
        services.submit_comment(
            meeting=invited,
            by=world["nadia"],
            invitation=invitation,
            text="Late.",
            language="en",
            today=invited.date - dt.timedelta(days=2),
        )
    assert not Comment.objects.exists()


def test_a_refused_attachment_stores_nothing(world, invited):
    invitation = confirmed(world, invited)
    with pytest.raises(services.StakeholderRefused):
        services.submit_comment(
            meeting=invited,
            by=world["nadia"],
            invitation=invitation,
            text="See attached.",
            language="en",
            upload=SimpleUploadedFile("page.html", b"<html><script></script></html>"),
        )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("text", ["", "a\x00b", "x" * 20001])
def test_hostile_comment_text_is_refused(world, invited, text):
    invitation = confirmed(world, invited)
    with pytest.raises(services.StakeholderRefused):
        services.submit_comment(meeting=invited, by=world["nadia"], invitation=invitation, text=text, language="en")
    assert not Comment.objects.exists()


# -- summaries (P 52 (g)): the documents contract ------------------------------------------------


def test_p52g_the_summary_is_a_document_source(world, meeting):
    summary = services.write_summary(
        meeting=meeting, by=world["sam"], text="Observers <b>spoke</b>.\n\nThe chair closed.", language="fr"
    )
    assert summary.document_title().startswith("Summary of the informal meeting with stakeholders")
    assert "fifteenth meeting" in summary.document_title()
    assert summary.document_language() == "fr"
    html = summary.document_html()
    assert "&lt;b&gt;spoke&lt;/b&gt;" in html and "<b>" not in html
    assert "<p>The chair closed.</p>" in html
    assert summary.document_state() is None
    assert summary.document_restricted() is False
    again = services.write_summary(meeting=meeting, by=world["sam"], text="Rewritten.", language="en")
    assert again.pk == summary.pk and again.document_language() == "en"


# -- activity reports (P 52 (i)) -----------------------------------------------------------------


def test_p52i_a_joint_report_is_listed_under_each_of_its_working_groups(world):
    from stakeholders.selectors import reports_by_working_group

    report = services.submit_activity_report(
        by=world["nadia"],
        profile=world["ngo"],
        title="Training inspectors",
        body="We trained 200 inspectors.",
        working_groups=[WorkingGroup.WG4, WorkingGroup.WG7],
        co_signers=[world["igo"]],
    )
    assert set(report.organisations.all()) == {world["ngo"], world["igo"]}
    listed = {code: [r.pk for r in reports] for code, _, reports in reports_by_working_group()}
    assert listed["WG.4"] == [report.pk] and listed["WG.7"] == [report.pk] and listed["WG.6"] == []


def test_p52i_a_report_needs_a_working_group(world):
    with pytest.raises(services.StakeholderRefused):
        services.submit_activity_report(
            by=world["nadia"], profile=world["ngo"], title="T", body="B", working_groups=["WG.9"]
        )


def test_organisation_kinds_are_those_of_section_ix():
    assert set(services.STAKEHOLDER_KINDS) == {
        OrganisationKind.NGO,
        OrganisationKind.IGO,
        OrganisationKind.UN_ENTITY,
        OrganisationKind.NON_SIGNATORY,
    }
    assert State  # registry States are used for non-signatories
    assert timezone.now()
    assert Objection


def test_the_import_command_reports_or_refuses(sessions, tmp_path):
    import io

    from django.core.management import CommandError, call_command

    good = tmp_path / "good.csv"
    good.write_text(CSV_HEADER + "Shelter Network,ngo,s@example.org,roster,,11\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_stakeholders", str(good), stdout=out)
    assert "1 organisations created" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEADER + "X,ngo,nope,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_stakeholders", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_stakeholders", str(tmp_path / "missing.csv"))
    assert StakeholderProfile.objects.count() == 1
