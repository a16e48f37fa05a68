"""A drawing whose stored inputs cannot be replayed (recorded without them, as an import or a factory does):
its page and its log download say so, instead of a server error."""

from django.urls import reverse

from tests.conftest import verified_client as sign_in
from tests.factories import DrawingSessionFactory


def test_a_drawing_without_replayable_inputs_shows_a_message_not_a_server_error(client, secretariat):
    drawing = DrawingSessionFactory(opened_by=secretariat, seed="5eed")
    client = sign_in(client, secretariat)
    page = client.get(reverse("lots:session", args=[drawing.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "cannot be replayed from its stored inputs" in body
    assert "5eed" in body and reverse("lots:log", args=[drawing.pk]) in body
    log = client.get(reverse("lots:log", args=[drawing.pk]))
    assert log.status_code == 200
    data = log.json()
    assert data["seed"] == "5eed" and data["states"] == [] and data["log"] == []
    assert "cannot be replayed" in data["replay_error"] and "year_groups" not in data


def test_a_drawing_without_replayable_inputs_is_still_refused_to_others(client, focal_point):
    drawing = DrawingSessionFactory()
    client = sign_in(client, focal_point)
    assert client.get(reverse("lots:session", args=[drawing.pk])).status_code == 404
    assert client.get(reverse("lots:log", args=[drawing.pk])).status_code == 404
