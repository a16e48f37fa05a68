"""Who sees and does what in the follow-up (P 44, P 45, P 46): truth tables over every persona, through
the URLs; every refusal is a 404 with nothing of the content in the body."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from followup import permissions
from followup.models import AssistanceRequest, Need
from sherloc.accounts.enums import Role
from tests.conftest import verified_client
from tests.factories import UserFactory, member

from .conftest import DRAFTING, TRAINING

pytestmark = pytest.mark.django_db

PARTIES_AND_SECRETARIAT = {"alice", "erin", "bob", "bea", "bruno", "sam"}
# the State under review's national contributor reads its follow-up too (docs/access-policy.md, "TA need")
READERS = PARTIES_AND_SECRETARIAT
STATE_USERS = {"alice", "erin", "bob", "bea", "bruno", "charlie", "carl"}


@pytest.fixture
def everyone(people, stakeholder):
    officer = member(UserFactory(username="olga"), Role.CONFERENCE_OFFICER)
    names = ("alice", "erin", "bob", "bea", "bruno", "sam", "charlie", "carl")
    return {**{n: people[n] for n in names}, "olga": officer, "ngo": stakeholder}


def _get(client, user, url):
    client.logout()
    if user is not None:
        verified_client(client, user)
    return client.get(url)


def test_p44_p46_the_follow_up_of_a_review_is_seen_by_its_parties_and_the_secretariat_only(client, final, everyone):
    url = reverse("followup:review", args=[final.review_id])
    seen = set()
    for name, user in everyone.items():
        response = _get(client, user, url)
        assert response.status_code in (200, 404), name
        body = response.content.decode()
        if response.status_code == 200:
            seen.add(name)
            assert TRAINING in body and DRAFTING in body
        else:
            assert TRAINING not in body and DRAFTING not in body
    assert seen == READERS
    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_p44_the_working_groups_counts_are_for_the_secretariat_officers_and_states_users(client, final, everyone):
    for url in [reverse("followup:assistance"), reverse("followup:assistance_csv"), reverse("followup:general")]:
        seen = {name for name, user in everyone.items() if _get(client, user, url).status_code == 200}
        assert seen == STATE_USERS | {"sam", "olga"}, url
        assert _get(client, everyone["ngo"], url).status_code == 404


def test_p44_p45_p46_who_may_act_truth_table(final, everyone):
    from observations.permissions import participation

    need = Need.objects.get(observation_list=final, item_index=1)
    table = {}
    for name, user in everyone.items():
        p = participation(user, final.review)
        r = permissions.reader(user)
        table[name] = (
            permissions.may_view_needs(p, final.review, final),
            permissions.may_report_need(p, final),
            permissions.may_classify_need(p, final),
            permissions.may_request_assistance(p, need),
            permissions.may_report_progress(p, final),
            permissions.may_answer_requests(r),
            permissions.may_generate_report(r),
            permissions.may_view_aggregates(r),
        )
    a = permissions.reader(AnonymousUser())
    assert not permissions.may_view_aggregates(a) and not permissions.may_generate_report(a)
    expected = {
        "alice": (True, True, True, True, True, False, False, True),
        "erin": (True, False, False, False, False, False, False, True),
        "bob": (True, False, False, False, False, False, False, True),
        "bea": (True, False, False, False, False, False, False, True),
        "bruno": (True, False, False, False, False, False, False, True),
        "sam": (True, False, True, False, False, True, True, True),
        "charlie": (False, False, False, False, False, False, False, True),
        # a national contributor is no party to the desk review: it does not read the list, nor its needs
        "carl": (False, False, False, False, False, False, False, True),
        "olga": (False, False, False, False, False, False, False, True),
        "ngo": (False, False, False, False, False, False, False, False),
    }
    assert table == expected


def test_every_denied_write_is_a_404_and_changes_nothing(client, final, everyone):
    need = Need.objects.get(observation_list=final, item_index=1)
    posts = [
        (reverse("followup:need_report", args=[need.pk]), {"status": "addressed", "addressed_by": "X"}),
        (reverse("followup:need_request", args=[need.pk]), {"text": "Help."}),
        (
            reverse("followup:progress", args=[final.review_id]),
            {"item": "0", "progress": "x", "stage": "planned", "as_of": "2026-01-01"},
        ),
    ]
    for name in ("charlie", "carl", "olga", "ngo"):  # carl: a national contributor is no party (P 27)
        client.logout()
        verified_client(client, everyone[name])
        for url, data in posts:
            response = client.post(url, data)
            assert response.status_code == 404, (name, url)
            assert TRAINING not in response.content.decode()
    for name in ("erin", "bob"):  # readers, not the focal point of the State under review: refused
        client.logout()
        verified_client(client, everyone[name])
        for url, data in posts:
            assert client.post(url, data).status_code == 400, (name, url)
    request = AssistanceRequest.objects.create(
        need=need, text="t", requested_by=everyone["alice"], requested_at=need.created_at
    )
    for name in ("alice", "bob", "olga", "charlie"):
        client.logout()
        verified_client(client, everyone[name])
        assert client.post(reverse("followup:answer", args=[request.pk]), {"answer": "x"}).status_code == 404
    need.refresh_from_db()
    request.refresh_from_db()
    assert need.status == "open" and not request.is_answered
    assert not final.progress_reports.exists()
    client.logout()
    verified_client(client, everyone["sam"])
    assert client.get(reverse("followup:review", args=[999999])).status_code == 404
    assert client.get(reverse("followup:edition", args=[999999])).status_code == 404
    assert client.get(reverse("followup:general_phase", args=[99])).status_code == 404


def test_p45_hostile_input_through_the_page_answers_400_with_a_message(client, final, people):
    need = Need.objects.get(observation_list=final, item_index=1)
    verified_client(client, people["alice"])
    response = client.post(reverse("followup:need_request", args=[need.pk]), {"text": "a\x00b"})
    assert response.status_code == 400 and "NUL" in response.content.decode()
    response = client.post(
        reverse("followup:need_report", args=[need.pk]), {"status": "addressed", "addressed_by": "x" * 301}
    )
    assert response.status_code == 400
    assert not AssistanceRequest.objects.exists()
    response = client.post(
        reverse("followup:need_report", args=[need.pk]), {"status": "addressed", "addressed_by": "UNODC"}
    )
    assert response.status_code == 302


def test_p46_progress_is_collected_per_working_group_for_whom_the_list_is_visible(client, final, everyone):
    from django.utils import timezone

    from followup import services

    services.report_progress(
        observation_list=final,
        item_index=1,
        progress="Judges were trained in 2026.",
        stage="taken",
        as_of=timezone.localdate(),
        by=everyone["alice"],
    )
    url = reverse("followup:progress_collected")
    for name, user in everyone.items():
        response = _get(client, user, url)
        body = response.content.decode()
        if name in READERS:
            assert response.status_code == 200 and body.count("Judges were trained in 2026.") == 2  # WG.3 and WG.2
        else:
            assert response.status_code == 404 and "Judges were trained" not in body
