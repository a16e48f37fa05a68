"""The secretariat changes a late draft's deadline from its list, without opening the draft (P 20, P 33)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from responses.models import Response
from tests.conftest import verified_client


def _late(response, *, opened_days_ago=30):
    today = timezone.localdate()
    Response.objects.filter(pk=response.pk).update(
        deadline=today - dt.timedelta(days=2), opened_at=timezone.now() - dt.timedelta(days=opened_days_ago)
    )
    response.refresh_from_db()
    return response


def test_the_secretariat_lists_a_late_draft_and_changes_its_deadline_without_opening_it_P20_P33(
    client, response, secretariat
):
    response = _late(response)
    client = verified_client(client, secretariat)
    index = reverse("responses:index")
    html = client.get(index).content.decode()
    row = html.split(f'id="late-{response.pk}"')[1].split("</tr>")[0]
    assert "Austria" in row and "passed" in row
    # no way into the draft: the draft page is the State's own
    assert f'href="{reverse("responses:detail", args=[response.pk])}' not in html
    assert client.get(reverse("responses:detail", args=[response.pk])).status_code == 404
    new = timezone.localdate() + dt.timedelta(days=20)
    answer = client.post(
        reverse("responses:deadline", args=[response.pk]),
        {"deadline": new.isoformat(), "next": f"{index}#late-{response.pk}"},
    )
    assert answer.status_code == 302 and answer["Location"] == f"{index}#late-{response.pk}"
    response.refresh_from_db()
    assert response.deadline == new
    assert f'id="late-{response.pk}"' not in client.get(index).content.decode()


def test_a_draft_opened_more_than_six_months_ago_says_no_later_deadline_can_be_agreed_P33(
    client, response, secretariat
):
    response = _late(response, opened_days_ago=200)
    html = verified_client(client, secretariat).get(reverse("responses:index")).content.decode()
    row = html.split(f'id="late-{response.pk}"')[1].split("</tr>")[0]
    assert "no later deadline can be agreed" in row
    assert 'type="date"' not in row


def test_a_focal_point_sees_no_list_of_late_drafts(client, response, focal_point):
    _late(response)
    html = verified_client(client, focal_point).get(reverse("responses:index")).content.decode()
    assert 'id="late-drafts"' not in html
