"""Lists of observations (P 37) and the agreement of every party to the same version (P 39), through
the services; the final list completes the review of the phase (P 9)."""

import pytest

from observations import services
from observations.models import ListAgreement, ListVersion, ObservationList
from observations.services import OutcomeRefused
from reviews.enums import ReviewStatus
from reviews.models import CountryReview, Transition
from reviews.selectors import articles_in_scope
from sherloc.registry.models import MechanismSettings
from tests.observations.helpers import item


def test_every_save_is_a_new_immutable_version_with_author_time_and_every_item_P37(listing, people):
    first = services.save_list(review=listing, items=[item(listing)], by=people["bea"])
    second = services.save_list(
        review=listing,
        items=[item(listing), item(listing, "Good coordination of prosecutors.", kind="good_practice", n=2)],
        by=people["sam"],
    )
    assert [(v.number, v.author.username) for v in ListVersion.objects.order_by("number")] == [(1, "bea"), (2, "sam")]
    assert len(second.items) == 2 and first.items == [item(listing)]
    assert second.word_count == 7 + 4
    with pytest.raises(ValueError, match="never changed"):
        first.save()


def test_items_are_of_the_three_kinds_and_tied_to_articles_under_review_in_the_phase_P37(listing, people):
    with pytest.raises(OutcomeRefused, match="choose its kind"):
        services.save_list(review=listing, items=[{**item(listing), "kind": "ranking"}], by=people["bob"])
    with pytest.raises(OutcomeRefused, match="at least one article"):
        services.save_list(review=listing, items=[{**item(listing), "articles": []}], by=people["bob"])
    from sherloc.registry.models import Article

    outside = Article.objects.exclude(pk__in=[a.pk for a in articles_in_scope(listing)]).first()
    with pytest.raises(OutcomeRefused, match="only articles under review in this phase"):
        services.save_list(review=listing, items=[{**item(listing), "articles": [outside.pk]}], by=people["bob"])
    assert not ObservationList.objects.exists()


def test_a_list_over_the_word_limit_is_refused_on_save_and_nothing_is_written_P37(listing, people):
    rules = MechanismSettings.current()
    rules.list_max_words = 10
    rules.save()
    with pytest.raises(OutcomeRefused, match="has 11 words: at most 10 are allowed"):
        services.save_list(
            review=listing,
            items=[item(listing, "one two three four five six seven eight nine ten eleven")],
            by=people["bob"],
        )
    assert not ObservationList.objects.exists() and not ListVersion.objects.exists()
    services.save_list(
        review=listing, items=[item(listing, "one two three four five six seven eight nine ten")], by=people["bob"]
    )


def test_only_the_reviewing_states_and_the_secretariat_draft_at_the_stage_of_the_list_P37(review, people):
    from tests.reviews.conftest import advance

    review = advance(review, people, ReviewStatus.DIALOGUE)
    with pytest.raises(OutcomeRefused, match="draft the list"):
        services.save_list(review=review, items=[item(review)], by=people["bob"])
    review = advance(review, people, ReviewStatus.OBSERVATIONS)
    for name in ("alice", "erin", "charlie", "carl"):
        with pytest.raises(OutcomeRefused, match="draft the list"):
            services.save_list(review=review, items=[item(review)], by=people[name])
    assert not ListVersion.objects.exists()


def test_the_state_under_review_comments_and_every_party_reads_it_P37(listing, people, client):
    from tests.conftest import verified_client

    services.save_list(review=listing, items=[item(listing)], by=people["bea"])
    comment = services.comment_list(review=listing, text="Convictions too, please.", by=people["erin"])
    assert (comment.version.number, comment.on_behalf_of.code) == (1, "AUT")
    with pytest.raises(OutcomeRefused, match="State under review comments"):
        services.comment_list(review=listing, text="We think so too.", by=people["bob"])
    for name in ("bob", "bea", "sam"):
        page = verified_client(client, people[name]).get(f"/en/observations/review/{listing.pk}/")
        assert "Convictions too, please." in page.content.decode()


def test_all_parties_agreeing_to_the_same_version_makes_it_final_and_completes_the_review_P39_P9(listing, people):
    version = services.save_list(review=listing, items=[item(listing)], by=people["bob"])
    services.agree_list(review=listing, version_number=1, by=people["alice"])
    services.agree_list(review=listing, version_number=1, by=people["bob"])
    lst = ObservationList.objects.get()
    assert not lst.is_final and CountryReview.objects.get(pk=listing.pk).status == ReviewStatus.OBSERVATIONS
    services.agree_list(review=listing, version_number=1, by=people["bruno"])
    lst.refresh_from_db()
    review = CountryReview.objects.get(pk=listing.pk)
    assert lst.final_version == version and lst.finalised_at is not None
    assert review.status == ReviewStatus.CLOSED and review.closed_at >= lst.finalised_at
    step = Transition.objects.filter(review=review).last()
    assert (step.to_status, step.by.username) == (ReviewStatus.CLOSED, "bruno")
    assert "version 1" in step.note
    with pytest.raises(OutcomeRefused, match="final"):
        services.save_list(review=listing, items=[item(listing, "Later change.")], by=people["bob"])


def test_an_edit_after_an_agreement_withdraws_it_and_keeps_it_on_record_P39(listing, people):
    services.save_list(review=listing, items=[item(listing)], by=people["bob"])
    services.agree_list(review=listing, version_number=1, by=people["alice"])
    services.agree_list(review=listing, version_number=1, by=people["bob"])
    v2 = services.save_list(review=listing, items=[item(listing, "Changed after two agreements.")], by=people["bea"])
    agreements = list(ListAgreement.objects.order_by("pk"))
    assert [(a.state.code, a.version.number, a.withdrawn_by) for a in agreements] == [("AUT", 1, v2), ("FRA", 1, v2)]
    assert all(a.withdrawn_at for a in agreements)
    # Brazil agreeing to version 2 is not enough: Austria's and France's agreements went with version 1
    services.agree_list(review=listing, version_number=2, by=people["bruno"])
    assert not ObservationList.objects.get().is_final


def test_an_agreement_to_an_old_version_is_refused_with_the_current_one_P39(listing, people):
    for text in ("First.", "Second.", "Third.", "Fourth."):
        services.save_list(review=listing, items=[item(listing, text)], by=people["bob"])
    with pytest.raises(OutcomeRefused, match="Version 3 is no longer current: version 4 is"):
        services.agree_list(review=listing, version_number=3, by=people["alice"])
    assert not ListAgreement.objects.exists()


def test_only_focal_points_agree_and_each_once_P39(listing, people):
    services.save_list(review=listing, items=[item(listing)], by=people["bob"])
    for name in ("sam", "erin", "bea", "charlie"):
        with pytest.raises(OutcomeRefused, match="focal points"):
            services.agree_list(review=listing, version_number=1, by=people[name])
    services.agree_list(review=listing, version_number=1, by=people["alice"])
    with pytest.raises(OutcomeRefused, match="already agreed"):
        services.agree_list(review=listing, version_number=1, by=people["alice"])
    assert ListAgreement.objects.count() == 1


def test_an_unchanged_save_makes_no_version(listing, people):
    services.save_list(review=listing, items=[item(listing)], by=people["bob"])
    with pytest.raises(OutcomeRefused, match="Nothing changed since version 1"):
        services.save_list(review=listing, items=[item(listing)], by=people["bob"])


def test_the_final_list_is_a_document_source_grouped_by_kind_with_articles_and_escaped_P37(listing, people):
    """The documents contract (docs/outcomes.md): title, language, HTML body, State, restricted."""
    articles = articles_in_scope(listing)
    services.save_list(
        review=listing,
        items=[
            {"kind": "assistance", "text": "Training <script>alert(1)</script> & more", "articles": [articles[0].pk]},
            {"kind": "gap", "text": "No data.\n\nNone at all.", "articles": [articles[1].pk, articles[0].pk]},
        ],
        by=people["bob"],
    )
    lst = ObservationList.objects.get()
    assert lst.document_title() == f"List of observations: Austria, phase 1 ({listing.phase.cluster})"
    assert lst.document_language() == "fr"  # the review's working language, agreed in consultations
    assert lst.document_state().code == "AUT"
    assert lst.document_restricted() is True
    html = lst.document_html()
    assert "<script>" not in html and "Training &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert html.index("gaps and challenges") < html.index("technical assistance needs")
    assert "good practices" not in html  # an empty kind is left out
    assert f"{articles[0]}; {articles[1]}" in html  # articles in treaty order
    assert "<p>No data.</p><p>None at all.</p>" in html


def test_the_document_counts_the_same_words_as_the_saved_version_P37(listing, people):
    """One count on screen, on save and in the document: the items' text in document_html() counts, with
    observations.words, to the version's stored word count."""
    from html.parser import HTMLParser

    from observations.words import count_words

    class Body(HTMLParser):
        def __init__(self):
            super().__init__()
            self.texts, self._in = [], False

        def handle_starttag(self, tag, attrs):
            self._in = tag == "p" and not attrs

        def handle_endtag(self, tag):
            self._in = False

        def handle_data(self, data):
            if self._in:
                self.texts.append(data)

    text = "التشريع الوطني يجرّم المشاركة\n\n中华人民共和国刑法 & well-known e.g. 2027"
    version = services.save_list(review=listing, items=[item(listing, text)], by=people["bob"])
    body = Body()
    body.feed(ObservationList.objects.get().document_html())
    assert sum(count_words(t) for t in body.texts) == version.word_count == 4 + 9 + 3
