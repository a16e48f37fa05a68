"""Issue 10, item 14 (found by tests/access/test_fuzzing.py): changing the agreed deadline with a "next" that
is not a path of the portal answered 500; it goes back to the response."""

import pytest
from django.urls import reverse

from tests.conftest import verified_client as sign_in


@pytest.mark.parametrize("value", ["9" * 23, "responses:index", "https://evil.example/"])
def test_a_next_that_is_no_path_goes_back_to_the_response(client, response, secretariat, value):
    reply = sign_in(client, secretariat).post(
        reverse("responses:deadline", args=[response.pk]), {"deadline": "2027-01-31", "next": value}
    )
    assert reply.status_code == 302 and reply["Location"] == reverse("responses:detail", args=[response.pk])


@pytest.mark.parametrize("value", ["", "abc", "9" * 23])
def test_assigning_a_section_to_an_id_that_is_no_number_is_refused_with_a_message(client, response, focal_point, value):
    """Found by the fuzzing: an empty or non-numeric assignee answered 500; it is a 400, nothing saved."""
    section = response.sections.first()
    reply = sign_in(client, focal_point).post(
        reverse("responses:assign", args=[response.pk, section.pk]), {"assignees": value}
    )
    assert reply.status_code == 400 and "assignees" in reply.content.decode()
