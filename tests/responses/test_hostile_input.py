"""Issue 10, hole 5: NUL bytes in answers are a 400 with a message, and nothing is stored (PostgreSQL refuses them)."""

import pytest
from django.urls import reverse

from responses.models import Answer
from tests.conftest import verified_client
from tests.responses.conftest import question

JSON = {"HTTP_ACCEPT": "application/json"}
NUL_REFUSED = "The request contained a NUL character (U+0000), which the portal cannot store. Nothing was saved."


@pytest.mark.parametrize("field", ["title", "article", "link", "text"])
def test_a_legislation_answer_with_a_nul_byte_is_a_400_and_nothing_is_stored(client, response, focal_point, field):
    """Hole 5: NUL in a legislation reference reached PostgreSQL, which refuses it (500)."""
    q = question(response, "untoc-5-legislation")
    data = {"title": ["Criminal Code"], "article": ["278"], "link": ["https://www.ris.bka.gv.at/"], "text": [""]}
    data[field] = [data[field][0] + "\x00"]
    url = reverse("responses:save_answer", args=[response.pk, q.pk])
    reply = verified_client(client, focal_point).post(url, {**data, "version": 0}, **JSON)
    assert reply.status_code == 400
    assert reply.json() == {"ok": False, "problems": [NUL_REFUSED]}
    # without the page's script: the same refusal as a page
    page = client.post(url, {**data, "version": 0})
    assert page.status_code == 400 and NUL_REFUSED in page.content.decode()
    assert not Answer.objects.filter(question=q).exists()
