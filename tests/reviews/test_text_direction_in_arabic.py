"""On Arabic pages, what a user wrote in English keeps its own direction (dir="auto").

The dialogue, the feedback and a submission's answers rendered in Arabic: the element holding
the user's text (or its nearest ancestor with a direction) says dir="auto", so "See #1." is not
laid out as ".1# See" right to left.
"""

import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from responses.models import Response
from reviews import services
from reviews.enums import ReviewStatus
from tests.conftest import verified_client as sign_in
from tests.reviews.conftest import advance

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Direction(HTMLParser):
    """The direction in force where ``needle`` appears: the nearest enclosing dir attribute."""

    def __init__(self, needle: str):
        super().__init__()
        self.needle, self.stack, self.found = needle, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            direction = dict(attrs).get("dir") or ("auto" if tag == "bdi" else None)
            self.stack.append((tag, direction))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.needle in data:
            self.found.append(next((d for _t, d in reversed(self.stack) if d), None))


def direction_of(html: str, needle: str) -> list:
    parser = _Direction(needle)
    parser.feed(html)
    return parser.found


def arabic(name, *args):
    with translation.override("ar"):
        return reverse(name, args=args)


@pytest.fixture
def in_dialogue(review, people):
    return advance(review, people, ReviewStatus.DIALOGUE)


def test_a_dialogue_message_in_english_keeps_its_direction_on_an_arabic_page(client, in_dialogue, people):
    thread = services.general_thread(in_dialogue)
    services.post_message(thread, by=people["bob"], body="Thanks. See #1.", idempotency_key=uuid.uuid4())
    html = sign_in(client, people["bob"]).get(arabic("reviews:thread", thread.pk)).content.decode()
    assert 'dir="rtl"' in html
    assert direction_of(html, "Thanks. See #1.") == ["auto"]


def test_feedback_in_english_keeps_its_direction_on_an_arabic_page(client, in_dialogue, people):
    html = sign_in(client, people["alice"]).get(arabic("reviews:feedback", in_dialogue.pk)).content.decode()
    found = direction_of(html, "Measures on ")
    assert found and set(found) == {"auto"}


def test_answers_keep_their_direction_in_the_submission_read_in_arabic(client, in_dialogue, people):
    response = Response.objects.get(state=in_dialogue.state, phase=in_dialogue.phase)
    html = sign_in(client, people["bob"]).get(arabic("responses:snapshot", response.pk, 1)).content.decode()
    found = direction_of(html, "Criminal Code")  # the title of the law the drafters typed
    assert found and set(found) == {"auto"}
