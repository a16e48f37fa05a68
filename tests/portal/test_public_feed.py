"""The public feed (P 36, P 42, P 3(b)): stable addresses, no sign-in, only what is public."""

import csv
import io

import pytest

from disclosure import services as disclosure
from disclosure.enums import Audience, Material
from responses.models import Response
from reviews.enums import ReviewStatus
from tests.responses.conftest import questionnaires  # noqa: F401
from tests.reviews.conftest import advance, people, phase1, review  # noqa: F401


@pytest.fixture
def submitted(review, people):  # noqa: F811
    advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    return Response.objects.get(state=review.state, phase=review.phase)


@pytest.mark.django_db
def test_the_feed_lists_states_alphabetically_and_only_what_a_state_made_public_P42_P3b(client, submitted, people):  # noqa: F811
    alice = people["alice"]
    common = {"state": submitted.state, "phase": submitted.phase, "material": Material.RESPONSES, "by": alice}
    disclosure.disclose(audience=Audience.STATES_PARTIES, **common)  # released to States parties: not public
    assert client.get("/public/feed.json").json()["public_material"] == []

    disclosure.disclose(audience=Audience.PUBLIC, parts={"UNTOC": "Organized Crime Convention"}, **common)
    answer = client.get("/public/feed.json")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/json")
    data = answer.json()
    names = [s["name"] for s in data["states"]]
    assert names == sorted(names) and "Austria" in names
    assert [(m["state"], m["material"], m["part"]) for m in data["public_material"]] == [("AUT", "responses", "UNTOC")]
    # the link leads to the public page, which shows it without sign-in
    path = data["public_material"][0]["url"].removeprefix("http://testserver")
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_the_feed_never_publishes_a_count_small_enough_to_point_to_a_state(client, submitted):
    data = client.get("/public/feed.json").json()
    counts = [n for row in data["review_stages"] for n in [*row["counts"].values(), row["total"]]]
    assert counts, "the phase opened for a group: there is a row"
    assert all(n is None or n == 0 or n >= 3 for n in counts)


@pytest.mark.django_db
def test_the_csv_feed_has_the_same_items_one_per_row(client, submitted, people):  # noqa: F811
    disclosure.disclose(
        state=submitted.state,
        phase=submitted.phase,
        material=Material.RESPONSES,
        audience=Audience.PUBLIC,
        by=people["alice"],
    )
    answer = client.get("/public/feed.csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    kinds = {r["kind"] for r in rows}
    assert kinds == {"state", "review_stages", "public_material"}
    assert [r["state"] for r in rows if r["kind"] == "public_material"] == ["AUT"]
    json_states = [s["code"] for s in client.get("/public/feed.json").json()["states"]]
    assert [r["state"] for r in rows if r["kind"] == "state"] == json_states


@pytest.mark.django_db
def test_the_feed_answers_only_reading(client, db):
    assert client.post("/public/feed.json").status_code == 405


@pytest.mark.django_db
def test_the_feed_lists_published_unrestricted_documents_only_P42(client):
    from io import StringIO

    from django.core.management import call_command

    from documents.models import Document

    call_command("seed_demo", force=True, stdout=StringIO())
    listed = {d["symbol"]: d for d in client.get("/public/feed.json").json()["documents"]}
    public = set(
        Document.objects.filter(restricted=False, versions__status="published").values_list("symbol", flat=True)
    )
    assert public and set(listed) == public
    restricted = Document.objects.filter(restricted=True).exclude(symbol="").values_list("symbol", flat=True)
    assert restricted and not set(restricted) & set(listed)  # e.g. Austria's list of observations, never public
    assert all(d["languages"] for d in listed.values())
    rows = client.get("/public/feed.csv").content.decode()
    assert all(symbol in rows for symbol in public)
