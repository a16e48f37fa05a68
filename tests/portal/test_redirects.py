"""Going back after a form: a "next" that is not a path of the portal is ignored, never a server error
(issue 10, item 14: found by the fuzzing in tests/access/test_fuzzing.py)."""

import pytest
from django.urls import reverse

from sherloc.web.redirects import safe_next
from tests.conftest import verified_client as sign_in


@pytest.mark.parametrize(
    "value", ["", "9" * 23, "notifications:list", "https://evil.example/", "//evil.example/x", "/\\evil.example", None]
)
def test_only_a_path_of_the_portal_is_taken(rf, value):
    assert safe_next(rf.get("/"), value, "/fallback/") == "/fallback/"


def test_a_path_of_the_portal_is_taken(rf):
    assert safe_next(rf.get("/"), "/en/reviews/", "/fallback/") == "/en/reviews/"


@pytest.mark.parametrize("value", ["9" * 23, "foo", "https://evil.example/"])
def test_following_a_review_with_a_next_that_is_no_path_goes_to_the_notices(client, secretariat, value):
    from sherloc.registry.models import State, WorkplanPhase

    data = {
        "state": State.objects.get(code="AUT").pk,
        "phase": WorkplanPhase.objects.get(number=1).pk,
        "action": "follow",
        "next": value,
    }
    reply = sign_in(client, secretariat).post(reverse("notifications:follow"), data)
    assert reply.status_code in (302, 404)
    if reply.status_code == 302:
        assert reply["Location"] == reverse("notifications:list")
