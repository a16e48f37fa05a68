"""The home page says, for each role, what is due next and for whom, with dates; every item links to a page the
user may open; nothing of another State's confidential material appears; lists are alphabetical (P 3(b)).

Personas (tests/reviews/conftest.py): Austria under review, reviewed by France and Brazil; alice — Austria's focal
point; bob — France's focal point; bea — Brazil's expert; sam — secretariat; charlie — Kenya's focal point.
"""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from responses.models import Response
from reviews import services
from reviews.enums import DeadlineKind, QuestionKind, ReviewStatus
from reviews.models import CountryReview, Deadline, Feedback
from sherloc.registry.models import State
from tests.conftest import verified_client
from tests.factories import confirmed_drawing
from tests.reviews.conftest import advance, agree

HOME = "/en/"


@pytest.fixture
def kenya_review(people, phase1):
    """An unrelated State's review with a deadline of its own: Kenya, reviewed by Japan."""
    confirmed_drawing(pairs={"KEN": ["JPN"]}, groups={"KEN": 1})
    now = timezone.now()
    review = CountryReview.objects.create(
        state=State.objects.get(code="KEN"),
        phase=phase1,
        year_group=1,
        status=ReviewStatus.FEEDBACK_DUE,
        scheduled_at=now,
        status_changed_at=now,
    )
    Deadline.objects.create(
        review=review,
        kind=DeadlineKind.FEEDBACK,
        due=timezone.localdate() - dt.timedelta(days=3),
        agreed_at=now,
        agreed_by=people["sam"],
    )
    return review


def _ask(feedback, people, text):
    """P 34: the reviewing State that wrote the feedback asks (France's focal point or Brazil's expert)."""
    by = people["bob"] if feedback.reviewer_id == people["fra"].pk else people["bea"]
    return services.ask_question(feedback, by=by, kind=QuestionKind.CLARIFICATION, text=text)


def _home(client, user) -> str:
    page = verified_client(client, user).get(HOME)
    assert page.status_code == 200
    return page.content.decode()


def _todo(html: str) -> str:
    """The part of the page that lists what is due (the role and recipient cards come after)."""
    return "".join(re.findall(r'<section class="card todo-part".*?</section>', html, flags=re.S))


def _links(html: str) -> list[str]:
    return sorted(set(re.findall(r'href="(/[^"#]*)', _todo(html))))


def _all_links_open(client, links):
    for link in links:
        answer = client.get(link)
        assert answer.status_code == 200, (link, answer.status_code)


def test_the_focal_point_of_the_state_under_review_sees_its_review_deadlines_and_questions_to_answer(
    client, review, people, kenya_review
):
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    end = timezone.localdate() + dt.timedelta(days=200)
    review = agree(
        review, people, language="fr", responses_due=timezone.localdate() + dt.timedelta(days=90), dialogue_due=end
    )
    review = advance(review, people, ReviewStatus.DIALOGUE)
    feedback = Feedback.objects.filter(review=review).select_related("article").first()
    _ask(feedback, people, "Which courts apply it?")
    services.post_message(services.general_thread(review), by=people["bob"], body="Hello", idempotency_key=uuid.uuid4())
    html = _home(client, people["alice"])
    todo = _todo(html)
    assert 'id="todo-under-review"' in todo
    assert f'href="{reverse("reviews:detail", args=[review.pk])}"' in todo
    # what is due next and for whom, with its date: the end of the dialogue, owed by every party
    assert "the State under review and its reviewing States" in todo
    assert f'datetime="{end.isoformat()}"' in todo
    assert "1 unread" in todo
    assert 'id="todo-questions"' in todo and str(feedback.article) in todo
    # nothing of Kenya's review: not its name, not its deadline
    assert "Kenya" not in todo
    assert (timezone.localdate() - dt.timedelta(days=3)).isoformat() not in html
    _all_links_open(client, _links(html))


def test_a_reviewing_expert_sees_the_submission_to_read_and_the_articles_allocated_to_it(client, review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    html = _home(client, people["bea"])
    todo = _todo(html)
    assert 'id="todo-submissions"' in todo
    assert f'href="{reverse("reviews:submission", args=[review.pk])}"' in todo
    assert 'id="todo-articles"' in todo
    assert "yours" in todo and "feedback to write" in todo
    # Brazil reviews Austria: the review appears among those it carries out, not as its own
    reviewing = todo.split('id="todo-reviewing"')[1].split("</section>")[0]
    assert "Austria" in reviewing
    under_review = todo.split('id="todo-under-review"')[1].split("</section>")[0]
    assert "Austria" not in under_review
    _all_links_open(client, _links(html))


def test_an_unrelated_focal_point_sees_nothing_of_austrias_review(client, review, people, kenya_review):
    advance(review, people, ReviewStatus.FEEDBACK_DUE)
    html = _home(client, people["charlie"])
    todo = _todo(html)
    assert "Austria" not in todo
    # Kenya's own review is there, with its passed deadline
    assert "Kenya" in todo and "passed" in todo
    _all_links_open(client, _links(html))


def test_the_focal_point_sees_the_sections_nobody_was_given(client, review, people):
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=review.state, phase=review.phase)
    html = _home(client, people["alice"])
    todo = _todo(html)
    assert 'id="todo-unassigned"' in todo
    assert f"{reverse('responses:detail', args=[response.pk])}#section-" in todo
    # a contributor sees no such list: it coordinates nothing
    assert 'id="todo-unassigned"' not in _todo(_home(client, people["carl"]))


def test_the_secretariat_sees_what_is_late_without_a_link_into_the_draft_P20(client, review, people, kenya_review):
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    response = Response.objects.get(state=review.state, phase=review.phase)
    Response.objects.filter(pk=response.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    html = _home(client, people["sam"])
    late = html.split('id="todo-late"')[1].split("</section>")[0]
    # alphabetical (P 3(b)): Austria's late responses, then Kenya's late feedback
    assert late.index("Austria") < late.index("Kenya")
    assert "owed by" in late and "the reviewing States" in late
    assert f'href="{reverse("responses:detail", args=[response.pk])}' not in html
    assert f"{reverse('responses:index')}#late-{response.pk}" in late
    _all_links_open(client, _links(html))


def test_the_secretariat_sees_the_first_of_a_long_list_and_how_many_more(
    client, review, people, kenya_review, monkeypatch
):
    """A cycle's worth of late work does not make the home page a catalogue: the first HOME_ROWS of each list,
    alphabetical (P 3(b)), then how many more, with a link to the page that lists them all."""
    import portal.views

    monkeypatch.setattr(portal.views, "HOME_ROWS", 1)
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    Deadline.objects.filter(review=review, kind=DeadlineKind.FEEDBACK).update(
        due=timezone.localdate() - dt.timedelta(days=2)
    )
    late = _home(client, people["sam"]).split('id="todo-late"')[1].split("</section>")[0]
    assert "Austria" in late and "Kenya" not in late  # the first of the two, by name
    assert f'<a href="{reverse("reviews:overview")}">1 more passed deadline</a>' in late
    monkeypatch.setattr(portal.views, "HOME_ROWS", 2)
    late = _home(client, people["sam"]).split('id="todo-late"')[1].split("</section>")[0]
    assert "Austria" in late and "Kenya" in late and "more passed deadline" not in late
    _all_links_open(client, [reverse("reviews:overview"), f"{reverse('reviews:overview')}?status=observations"])


def test_a_stakeholder_sees_no_country_review_part(client, review, people, stakeholder):
    advance(review, people, ReviewStatus.FEEDBACK_DUE)
    todo = _todo(_home(client, stakeholder))
    assert "Austria" not in todo and 'id="todo-late"' not in todo and 'id="todo-reviewing"' not in todo


def _count(client, user) -> int:
    verified_client(client, user)
    client.get(HOME)  # the signed-in user and device are cached from the first request on
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_home_page_of_a_focal_point_costs_the_same_queries_whatever_the_number_of_reviews(
    client, review, people, phase1
):
    review = advance(review, people, ReviewStatus.DIALOGUE)
    _ask(Feedback.objects.filter(review=review).first(), people, "One question")
    small = _count(client, people["alice"])
    # more of everything: reviews Austria carries out, messages, questions
    codes = ["DEU", "ITA", "ESP", "PRT", "BEL"]
    confirmed_drawing(pairs={code: ["AUT"] for code in codes}, groups=dict.fromkeys(codes, 1))
    now = timezone.now()
    for code in codes:
        CountryReview.objects.create(
            state=State.objects.get(code=code), phase=phase1, year_group=1, scheduled_at=now, status_changed_at=now
        )
    for feedback in Feedback.objects.filter(review=review)[:4]:
        _ask(feedback, people, "Another question")
    thread = services.general_thread(review)
    for i in range(3):
        services.post_message(thread, by=people["bob"], body=f"Message {i}", idempotency_key=uuid.uuid4())
    assert _count(client, people["alice"]) == small


def test_the_home_page_of_the_secretariat_costs_the_same_queries_whatever_is_late(
    client, review, people, kenya_review, phase1
):
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    small = _count(client, people["sam"])
    Response.objects.filter(state=review.state).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    codes = ["DEU", "ITA", "ESP"]
    confirmed_drawing(pairs={code: ["JPN"] for code in codes}, groups=dict.fromkeys(codes, 1))
    now = timezone.now()
    for code in codes:
        late = CountryReview.objects.create(
            state=State.objects.get(code=code), phase=phase1, year_group=1, scheduled_at=now, status_changed_at=now
        )
        Deadline.objects.create(
            review=late,
            kind=DeadlineKind.FEEDBACK,
            due=timezone.localdate() - dt.timedelta(days=2),
            agreed_at=now,
            agreed_by=people["sam"],
        )
    assert _count(client, people["sam"]) == small
