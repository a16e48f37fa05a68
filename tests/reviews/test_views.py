"""Pages of the country reviews: what each persona sees, the denials, and constant query counts."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews import selectors, services
from reviews.enums import ReviewStatus
from reviews.models import CountryReview, Message
from sherloc.registry.models import State
from tests.conftest import verified_client as sign_in
from tests.factories import confirmed_drawing
from tests.reviews.conftest import advance


@pytest.fixture
def in_dialogue(review, people):
    return advance(review, people, ReviewStatus.DIALOGUE)


PAGES = ["reviews:detail", "reviews:allocation", "reviews:feedback", "reviews:consultations"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", ["charlie", "carl", "stakeholder"])
def test_other_states_contributors_and_stakeholders_get_404(client, review, people, stakeholder, page, name):
    user = stakeholder if name == "stakeholder" else people[name]
    response = sign_in(client, user).get(reverse(page, args=[review.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES + ["reviews:dashboard", "reviews:overview", "reviews:phases"])
def test_anonymous_is_sent_to_sign_in(client, review, page):
    args = [] if page in ("reviews:dashboard", "reviews:overview", "reviews:phases") else [review.pk]
    response = client.get(reverse(page, args=args))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_thread_is_hidden_from_outsiders_and_open_to_the_secretariat_P32(client, in_dialogue, people):
    thread = services.general_thread(in_dialogue)
    services.post_message(
        thread, by=people["bob"], body="Feedback sent; questions inside.", idempotency_key=uuid.uuid4()
    )
    url = reverse("reviews:thread", args=[thread.pk])
    assert sign_in(client, people["charlie"]).get(url).status_code == 404
    response = sign_in(client, people["sam"]).get(url)
    assert response.status_code == 200
    assert "Feedback sent; questions inside." in response.content.decode()
    # the posts are not mistaken for the page's notices
    assert "Message object" not in response.content.decode()
    assert sign_in(client, people["charlie"]).post(url, {"body": "x"}).status_code == 404


def test_an_attachment_is_hidden_from_outsiders(client, in_dialogue, people):
    thread = services.general_thread(in_dialogue)
    f = SimpleUploadedFile("law.txt", b"Penal Code", content_type="text/plain")
    message, _ = services.post_message(thread, by=people["alice"], body="Law", idempotency_key=uuid.uuid4(), files=[f])
    url = reverse("reviews:attachment", args=[message.attachments.get().pk])
    assert sign_in(client, people["charlie"]).get(url).status_code == 404
    response = sign_in(client, people["bea"]).get(url)
    assert response.content == b"Penal Code"


def test_posting_twice_with_the_same_form_stores_one_message(client, in_dialogue, people):
    thread = services.general_thread(in_dialogue)
    url = reverse("reviews:thread", args=[thread.pk])
    sign_in(client, people["bob"])
    data = {"kind": "message", "body": "Double click", "idempotency_key": str(uuid.uuid4())}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Message.objects.filter(thread=thread, body="Double click").count() == 1


def test_the_thread_form_carries_the_size_limit_for_the_browser(client, in_dialogue, people, settings):
    thread = services.general_thread(in_dialogue)
    html = sign_in(client, people["bob"]).get(reverse("reviews:thread", args=[thread.pk])).content.decode()
    assert f'data-max-bytes="{settings.UPLOAD_MAX_BYTES}"' in html
    assert 'name="idempotency_key"' in html


def test_an_oversized_upload_is_refused_by_the_server(client, in_dialogue, people, settings):
    settings.UPLOAD_MAX_BYTES = 5
    thread = services.general_thread(in_dialogue)
    sign_in(client, people["bob"])
    response = client.post(
        reverse("reviews:thread", args=[thread.pk]),
        {
            "kind": "message",
            "body": "Big",
            "idempotency_key": str(uuid.uuid4()),
            "attachments": SimpleUploadedFile("a.pdf", b"123456"),
        },
    )
    assert response.status_code == 400 and "larger than the limit" in response.content.decode()
    assert not Message.objects.exists()


def test_unread_markers_on_the_review_page(client, in_dialogue, people):
    thread = services.general_thread(in_dialogue)
    services.post_message(thread, by=people["bob"], body="One", idempotency_key=uuid.uuid4())
    sign_in(client, people["alice"])
    assert "1 unread" in client.get(reverse("reviews:detail", args=[in_dialogue.pk])).content.decode()
    client.get(reverse("reviews:thread", args=[thread.pk]))
    assert "unread" not in client.get(reverse("reviews:detail", args=[in_dialogue.pk])).content.decode()


def test_the_review_page_offers_the_allowed_move_only(client, review, people):
    url = reverse("reviews:detail", args=[review.pk])
    move = reverse("reviews:transition", args=[review.pk, "consultations"])
    assert move in sign_in(client, people["alice"]).get(url).content.decode()
    assert move not in sign_in(client, people["bob"]).get(url).content.decode()


def test_a_refused_move_shows_the_reason(client, review, people):
    sign_in(client, people["bob"])
    response = client.post(reverse("reviews:transition", args=[review.pk, "consultations"]), follow=True)
    assert "You may not move this review" in response.content.decode()
    assert CountryReview.objects.get(pk=review.pk).status == ReviewStatus.SCHEDULED


def test_time_frames_hold_only_when_every_party_confirmed_the_same_proposal_P30_P33(client, review, people):
    """Defect 5: the State under review alone no longer fixes the time frames; each reviewing State
    confirms through its focal point, and the page shows who agreed to what."""
    review = advance(review, people, ReviewStatus.CONSULTATIONS)
    url = reverse("reviews:consultations", args=[review.pk])
    due = timezone.localdate() + dt.timedelta(days=60)
    sign_in(client, people["alice"])
    response = client.post(
        url, {"action": "propose", "language": "ru", "responses_due": due.isoformat(), "feedback_months": 6}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONSULTATIONS  # Austria alone agreed
    proposal = review.proposals.get()
    # France proposes other dates: a new proposal, which France confirms and Austria has not
    later = due + dt.timedelta(days=20)
    sign_in(client, people["bob"]).post(
        url, {"action": "propose", "language": "ru", "responses_due": later.isoformat(), "feedback_months": 5}
    )
    counter = review.proposals.latest("proposed_at")
    assert counter != proposal and list(counter.confirmations.values_list("state__code", flat=True)) == ["FRA"]
    # the earlier proposal can no longer be confirmed
    sign_in(client, people["bruno"]).post(url, {"action": "confirm", "proposal": proposal.pk})
    assert not proposal.confirmations.filter(state__code="BRA").exists()
    client.post(url, {"action": "confirm", "proposal": counter.pk})
    sign_in(client, people["alice"]).post(url, {"action": "confirm", "proposal": counter.pk})
    review.refresh_from_db()
    assert (review.status, review.language) == (ReviewStatus.RESPONSES_DUE, "ru")
    html = client.get(url).content.decode()
    for name in ("Austria", "France", "Brazil", str(people["bruno"]), str(people["bob"])):
        assert name in html
    assert "agreed" in html and "superseded" in html
    # an expert reads the history but cannot confirm, an unrelated State gets nothing
    assert "Confirm these time frames" not in sign_in(client, people["bea"]).get(url).content.decode()
    assert sign_in(client, people["charlie"]).get(url).status_code == 404


def test_an_expert_sees_the_articles_that_are_theirs_P31(client, review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    html = sign_in(client, people["bea"]).get(reverse("reviews:feedback", args=[review.pk])).content.decode()
    mine = [
        a
        for a in selectors.articles_in_scope(review)
        if a.pk in {x.article_id for x in review.allocations.filter(expert=people["bea"])}
    ]
    assert html.count(">yours<") == len(mine) > 0


def test_the_state_under_review_does_not_see_feedback_before_it_is_sent_P34(client, review, people):
    review = advance(review, people, ReviewStatus.FEEDBACK_DUE)
    article = selectors.articles_in_scope(review)[0]
    services.write_feedback(review, article=article, by=people["bob"], measures="Draft, not sent")
    assert (
        "Draft, not sent"
        not in sign_in(client, people["alice"]).get(reverse("reviews:feedback", args=[review.pk])).content.decode()
    )


def test_the_overview_is_the_secretariats_only(client, review, people):
    assert sign_in(client, people["alice"]).get(reverse("reviews:overview")).status_code == 404
    html = sign_in(client, people["sam"]).get(reverse("reviews:overview")).content.decode()
    assert "Austria" in html


def test_the_overview_filters_by_region_and_instrument(client, review, people):
    sign_in(client, people["sam"])
    assert (
        "Austria" in client.get(reverse("reviews:overview"), {"region": "WEOG", "instrument": "TIP"}).content.decode()
    )
    assert "Austria" not in client.get(reverse("reviews:overview"), {"region": "AFRICAN"}).content.decode()


def test_the_focal_point_dashboard_shows_both_sides(client, review, people):
    html = sign_in(client, people["bob"]).get(reverse("reviews:dashboard")).content.decode()
    assert 'id="reviewing"' in html and "Austria" in html.split('id="reviewing"')[1]


def test_the_public_page_counts_without_naming_states(client, review, people):
    advance(review, people, ReviewStatus.CONSULTATIONS)
    response = client.get(reverse("reviews:public"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Austria" not in html and "France" not in html
    assert ">x</abbr></td>" in html  # its count of 1 is withheld (issue 10, hole 9)


def test_only_the_secretariat_opens_phases_in_the_browser(client, review, people):
    assert sign_in(client, people["alice"]).get(reverse("reviews:phases")).status_code == 404
    sign_in(client, people["sam"])
    response = client.post(reverse("reviews:phases"), {"phase": 2, "year_group": 1}, follow=True)
    assert "70%" in response.content.decode()
    response = client.post(
        reverse("reviews:phases"), {"phase": 2, "year_group": 1, "decision_reference": "Decision 13/1"}, follow=True
    )
    assert "The phase is open" in response.content.decode()


# Query counts at two data sizes ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_thread_page_query_count_does_not_grow_with_messages(client, in_dialogue, people):
    thread = services.general_thread(in_dialogue)
    sign_in(client, people["alice"])
    url = reverse("reviews:thread", args=[thread.pk])

    def post(n):
        for i in range(n):
            f = [SimpleUploadedFile(f"f{i}.txt", b"x")] if i % 3 == 0 else []
            services.post_message(
                thread, by=people["bob" if i % 2 else "sam"], body=f"m{i}", idempotency_key=uuid.uuid4(), files=f
            )

    post(3)
    client.get(url)  # the first visit creates the read marker; later visits move it
    post(3)
    small = _queries(client, url)
    post(30)
    assert _queries(client, url) == small


def test_overview_and_dashboard_query_counts_do_not_grow_with_reviews(client, review, people, phase1):
    sign_in(client, people["sam"])
    small_overview = _queries(client, reverse("reviews:overview"))
    codes = ["DEU", "ITA", "ESP", "NLD", "BEL", "PRT"]
    confirmed_drawing(pairs={c: ["FRA"] for c in codes}, groups=dict.fromkeys(codes, 2), opened_by=people["sam"])
    services.open_phase(phase=phase1, year_group=2, by=people["sam"])
    for r in CountryReview.objects.filter(year_group=2)[:3]:
        advance(r, people | {"alice": people["sam"]}, ReviewStatus.CONSULTATIONS)
    assert CountryReview.objects.count() == 7
    assert _queries(client, reverse("reviews:overview")) == small_overview
    sign_in(client, people["bob"])
    dashboard = _queries(client, reverse("reviews:dashboard"))
    assert dashboard == _queries(client, reverse("reviews:dashboard"))
    assert State.objects.filter(code__in=codes).count() == 6


def test_the_overview_lists_every_review_alphabetically_a_page_at_a_time_P3b(client, review, people, phase1, settings):
    settings.REVIEWS_PAGE_SIZE = 3
    codes = ["DEU", "ITA", "ESP", "NLD", "BEL", "PRT"]
    confirmed_drawing(pairs={c: ["FRA"] for c in codes}, groups=dict.fromkeys(codes, 2), opened_by=people["sam"])
    services.open_phase(phase=phase1, year_group=2, by=people["sam"])
    sign_in(client, people["sam"])
    seen = []
    for number in (1, 2, 3):
        response = client.get(reverse("reviews:overview"), {"region": "WEOG", "page": number})
        seen += [r.state.name for r in response.context["reviews"]]
    assert len(seen) == CountryReview.objects.count() == 7
    assert seen == sorted(seen)  # alphabetical, never ranked, across pages
    html = client.get(reverse("reviews:overview"), {"region": "WEOG", "page": 2}).content.decode()
    assert "region=WEOG&amp;page=3" in html and "region=WEOG&amp;page=1" in html  # the filter is kept


def test_a_long_thread_is_read_by_pages_from_the_latest(client, in_dialogue, people):
    from reviews.selectors import THREAD_PAGE_SIZE

    thread = services.general_thread(in_dialogue)
    for i in range(THREAD_PAGE_SIZE + 2):
        services.post_message(thread, by=people["bob"], body=f"Message number {i}.", idempotency_key=uuid.uuid4())
    url = reverse("reviews:thread", args=[thread.pk])
    html = sign_in(client, people["alice"]).get(url).content.decode()
    assert f"Message number {THREAD_PAGE_SIZE + 1}." in html and "Message number 1." not in html
    first_shown = Message.objects.filter(thread=thread).order_by("pk")[2].pk
    assert f"?before={first_shown}" in html
    earlier = client.get(url, {"before": first_shown}).content.decode()
    assert "Message number 0." in earlier and "Message number 1." in earlier


def _began_cells(html, review):
    """(phase opened, review began) as the row of `review` shows them."""
    import re

    row = re.search(rf'<tr><td><a href="{reverse("reviews:detail", args=[review.pk])}">.*?</tr>', html, re.S).group()
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    return re.sub(r"<[^>]+>", "", cells[3]).strip(), re.sub(r"<[^>]+>", "", cells[4]).strip()


def test_dashboards_show_when_the_phase_opened_and_when_the_review_began_P25(client, review, people):
    """Defect 9: the phase opens for the group; the State's review begins on submission of its responses."""
    scheduled = timezone.now() - dt.timedelta(days=40)
    opened = timezone.localdate(scheduled)  # the same instant, in the portal's time zone (summer time differs)
    CountryReview.objects.filter(pk=review.pk).update(scheduled_at=scheduled)
    review = advance(review, people, ReviewStatus.RESPONSES_DUE)
    pages = [
        (people["alice"], "reviews:dashboard"),
        (people["bob"], "reviews:dashboard"),
        (people["sam"], "reviews:overview"),
    ]
    for user, page in pages:
        html = sign_in(client, user).get(reverse(page)).content.decode()
        assert _began_cells(html, review) == (opened.isoformat(), "not yet"), (user, page)
    review = advance(review, people, ReviewStatus.RESPONSES_RECEIVED)
    began = timezone.localdate(review.began_at)
    assert began != opened
    for user, page in pages:
        html = sign_in(client, user).get(reverse(page)).content.decode()
        assert _began_cells(html, review) == (opened.isoformat(), began.isoformat()), (user, page)
    detail = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "on submission of the responses" in detail
