"""The pages of lists of observations and final reports: who sees what (404 for everyone else, with
nothing of the content), bad input refused with a message and nothing stored (400), the live counter."""

import pytest
from django.urls import reverse

from observations import services
from observations.models import ListAgreement, ListComment, ListVersion
from reviews.selectors import articles_in_scope
from sherloc.registry.models import MechanismSettings
from tests.conftest import verified_client as sign_in
from tests.observations.helpers import item
from tests.portal.test_refs import marker

SECRET = "Data on cases are not collected nationally."


def _row(review, text=SECRET, n=0, kind="gap"):
    return {f"kind-{n}": kind, f"text-{n}": text, f"articles-{n}": [str(articles_in_scope(review)[0].pk)]}


@pytest.fixture
def drafted(listing, people):
    services.save_list(review=listing, items=[item(listing)], by=people["bob"])
    return listing


@pytest.mark.parametrize("name", ["alice", "erin", "bob", "bea", "bruno", "sam"])
def test_the_parties_and_the_secretariat_read_the_list_P37(client, drafted, people, name):
    page = sign_in(client, people[name]).get(reverse("observations:list", args=[drafted.pk]))
    assert page.status_code == 200 and SECRET in page.content.decode()


@pytest.mark.parametrize("name", ["charlie", "carl"])
@pytest.mark.parametrize("view", ["list", "list_edit"])
def test_outsiders_and_national_contributors_are_told_nothing_exists(client, drafted, people, name, view):
    page = sign_in(client, people[name]).get(reverse(f"observations:{view}", args=[drafted.pk]))
    assert page.status_code == 404 and SECRET not in page.content.decode()
    for action in ("list_agree", "list_comment"):
        reply = sign_in(client, people[name]).post(
            reverse(f"observations:{action}", args=[drafted.pk]), {"version": "1", "text": "x"}
        )
        assert reply.status_code == 404
    assert not ListAgreement.objects.exists() and not ListComment.objects.exists()


def test_the_state_under_review_cannot_open_the_editor_P37(client, drafted, people):
    assert sign_in(client, people["alice"]).get(reverse("observations:list_edit", args=[drafted.pk])).status_code == 404


def test_a_reviewing_expert_saves_a_version_from_the_form_and_the_page_shows_it_P37(client, listing, people):
    c = sign_in(client, people["bea"])
    form = c.get(reverse("observations:list_edit", args=[listing.pk])).content.decode()
    assert "js/wordcount.js" in form and 'data-word-limit="1500"' in form and "data-count-words" in form
    reply = c.post(reverse("observations:list_edit", args=[listing.pk]), {**_row(listing), "note": "first"})
    assert reply.status_code == 302
    version = ListVersion.objects.get()
    assert (version.number, version.author, version.word_count) == (1, people["bea"], 7)
    page = c.get(reverse("observations:list", args=[listing.pk])).content.decode()
    assert SECRET in page and "Version 1" in page


def test_a_list_over_the_word_limit_is_refused_with_the_count_and_nothing_is_saved_P37(client, listing, people):
    rules = MechanismSettings.current()
    rules.list_max_words = 5
    rules.save()
    reply = sign_in(client, people["bob"]).post(reverse("observations:list_edit", args=[listing.pk]), _row(listing))
    assert reply.status_code == 400
    body = reply.content.decode()
    assert "The list has 7 words: at most 5 are allowed" in body and SECRET in body  # the text is kept for editing
    assert "short, precise and concise" + marker("P 37") in body  # the paragraph in the tooltip (issue 14, item 7)
    assert not ListVersion.objects.exists()


def test_agreement_to_an_old_version_is_refused_on_the_page_with_the_current_one_P39(client, drafted, people):
    services.save_list(review=drafted, items=[item(drafted, "Second.")], by=people["bob"])
    services.save_list(review=drafted, items=[item(drafted, "Third.")], by=people["bob"])
    services.save_list(review=drafted, items=[item(drafted, "Fourth.")], by=people["bob"])
    c = sign_in(client, people["alice"])
    reply = c.post(reverse("observations:list_agree", args=[drafted.pk]), {"version": "3"}, follow=True)
    assert "Version 3 is no longer current: version 4 is" in reply.content.decode()
    assert not ListAgreement.objects.exists()


def test_the_page_shows_who_agreed_to_which_version_and_withdrawn_agreements_P39(client, drafted, people):
    services.agree_list(review=drafted, version_number=1, by=people["alice"])
    services.save_list(review=drafted, items=[item(drafted, "Revised.")], by=people["bob"])
    services.agree_list(review=drafted, version_number=2, by=people["bob"])
    page = sign_in(client, people["bruno"]).get(reverse("observations:list", args=[drafted.pk])).content.decode()
    assert f"version 1, by {people['alice']}" in page and "withdrawn by the edit that made version 2" in page
    assert f"version 2, by {people['bob']}" in page
    assert page.index("Austria") < page.index("Brazil") < page.index("France")  # alphabetical (P 3(b))
    assert "Agree to version 2" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text-0": "x" * 20_001, "kind-0": "gap"}, "is longer than 20,000 characters: nothing was saved"),
        ({"text-200": "x"}, "A list holds at most 200 items: nothing was saved"),
        ({"text-0": "x", "kind-0": "gap", "articles-0": ["9" * 30]}, "“article” must be the number of an item"),
        ({"text-0": "x", "kind-0": "gap", "articles-0": ["abc"]}, "“article” must be the number of an item"),
        ({"text-0": "bad\x00byte", "kind-0": "gap"}, "NUL character (U+0000)"),
    ],
    ids=["huge item", "too many items", "huge id", "not an id", "NUL"],
)
def test_hostile_input_to_the_editor_is_a_400_and_nothing_is_stored(client, listing, people, data, message):
    reply = sign_in(client, people["bob"]).post(reverse("observations:list_edit", args=[listing.pk]), data)
    assert reply.status_code == 400 and message in reply.content.decode()
    assert not ListVersion.objects.exists()


@pytest.mark.parametrize("version", ["abc", "9" * 30, "", "-1"])
def test_an_agreement_to_a_version_that_is_not_a_number_is_a_400(client, drafted, people, version):
    reply = sign_in(client, people["alice"]).post(
        reverse("observations:list_agree", args=[drafted.pk]), {"version": version}
    )
    assert reply.status_code == 400 and not ListAgreement.objects.exists()


def test_a_huge_comment_is_a_400(client, drafted, people):
    reply = sign_in(client, people["alice"]).post(
        reverse("observations:list_comment", args=[drafted.pk]), {"text": "x" * 10_001}
    )
    assert reply.status_code == 400 and not ListComment.objects.exists()


def test_the_review_page_has_no_button_to_complete_it_and_links_to_the_list_P9_P39(client, drafted, people):
    page = sign_in(client, people["sam"]).get(reverse("reviews:detail", args=[drafted.pk])).content.decode()
    assert "/move/closed/" not in page
    assert reverse("observations:list", args=[drafted.pk]) in page


def test_the_report_pages_refuse_outsiders_and_bad_states(client, closed, people):
    c = sign_in(client, people["charlie"])
    assert c.get(reverse("observations:report", args=["AUT"])).status_code == 404
    assert c.get(reverse("observations:report", args=["ZZZ"])).status_code == 404
    assert c.post(reverse("observations:report_start", args=["AUT"])).status_code == 404
    c = sign_in(client, people["sam"])
    assert c.post(reverse("observations:report_action", args=["AUT", "delete"])).status_code == 404


def test_the_secretariat_starts_and_writes_the_report_from_the_pages_with_the_live_counter_P38(client, closed, people):
    c = sign_in(client, people["sam"])
    assert c.post(reverse("observations:report_start", args=["AUT"])).status_code == 302
    form = c.get(reverse("observations:report_edit", args=["AUT"])).content.decode()
    assert 'data-word-limit="4000"' in form and "Introduction" in form and "js/wordcount.js" in form
    reply = c.post(
        reverse("observations:report_edit", args=["AUT"]), {"section-introduction": "Austria <i>was</i> reviewed."}
    )
    assert reply.status_code == 302
    page = c.get(reverse("observations:report", args=["AUT"])).content.decode()
    assert "Austria &lt;i&gt;was&lt;/i&gt; reviewed." in page
    huge = c.post(reverse("observations:report_edit", args=["AUT"]), {"section-introduction": "x" * 60_001})
    assert huge.status_code == 400


def test_the_blueprint_is_the_secretariats_P14(client, closed, people):
    assert sign_in(client, people["alice"]).get(reverse("observations:blueprint")).status_code == 404
    c = sign_in(client, people["sam"])
    reply = c.post(reverse("observations:blueprint"), {"title-0": "Introduction", "guidance-0": "Who and when."})
    assert reply.status_code == 302
    assert "Version 1" in c.get(reverse("observations:blueprint")).content.decode()


def test_an_id_beyond_the_database_range_is_not_found(client, drafted, people):
    c = sign_in(client, people["sam"])
    assert c.get("/en/observations/review/99999999999999999999999/").status_code == 404
    assert c.get("/en/observations/report/" + "A" * 500 + "/").status_code == 404


def test_a_party_that_agreed_is_not_offered_the_button_again_P39(client, drafted, people):
    services.agree_list(review=drafted, version_number=1, by=people["alice"])
    page = sign_in(client, people["alice"]).get(reverse("observations:list", args=[drafted.pk])).content.decode()
    assert "Agree to version 1" not in page
    page = sign_in(client, people["bob"]).get(reverse("observations:list", args=[drafted.pk])).content.decode()
    assert "Agree to version 1" in page
