"""The demo world's stakeholders part (portal/demo/stakeholders.py, from seed_demo)."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from stakeholders.enums import CommentStatus, InvitationStatus, ObjectionStatus
from stakeholders.models import Comment, Invitation, Meeting, Objection, Summary
from tests.conftest import verified_client


def test_the_demo_has_each_case_and_ngo_1_a_real_home_page(db, client, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):  # the invitations' e-mails leave on commit
        call_command("seed_demo", stdout=io.StringIO())
    assert Meeting.objects.count() == 3
    assert Invitation.objects.filter(status=InvitationStatus.SENT).exists()
    assert Objection.objects.filter(status=ObjectionStatus.PENDING).count() == 1
    assert Invitation.objects.filter(late_refused_at__isnull=False).exclude(status=InvitationStatus.CONFIRMED).exists()
    assert sorted(Comment.objects.values_list("status", flat=True)) == [CommentStatus.FLAGGED, CommentStatus.RELEASED]
    assert Summary.objects.count() == 1
    ngo = get_user_model().objects.get(username="ngo-1")
    page = verified_client(client, ngo).get("/en/").content.decode()
    assert "Victims&#x27; voices in the review process (demo)" in page
    assert "Confirm and send comments by" in page and "Attendance confirmed" in page
    assert "Drawing of lots" not in page
    call_command("seed_demo", stdout=io.StringIO())  # run again: nothing doubled
    assert Meeting.objects.count() == 3
