"""The final desk review report (P 38): from the blueprint, at most `report_max_words`, a warning on
paragraphs repeating the lists of observations, the draft to the reviewing States on request, final
on the agreement of every party to the same version (P 39)."""

import pytest

from observations import selectors, services
from observations.blueprint import STARTING_SECTIONS
from observations.models import BlueprintVersion, FinalReport, ReportAgreement
from observations.services import OutcomeRefused
from reviews.enums import ReviewStatus
from sherloc.registry.models import MechanismSettings
from tests.conftest import verified_client

TEXTS = {s["key"]: f"Text of {s['key']}." for s in STARTING_SECTIONS}


@pytest.fixture
def report(closed, people):
    report = services.start_report(state=closed.state, by=people["sam"])
    services.save_report(report=report, texts=TEXTS, by=people["sam"])
    return report


def test_the_report_starts_only_once_every_opened_phase_of_the_state_is_complete_P38_P9(listing, people):
    """The demo has phase 1 only: the report can start once the State's review of phase 1 is closed."""
    with pytest.raises(
        OutcomeRefused, match="complete the review of every phase opened so far first: First review phase"
    ):
        services.start_report(state=listing.state, by=people["sam"])
    with pytest.raises(OutcomeRefused, match="secretariat starts"):
        services.start_report(state=listing.state, by=people["alice"])
    assert not FinalReport.objects.exists()


def test_the_report_follows_the_blueprint_the_secretariat_edits_in_versions_P14_P38(closed, people):
    report = services.start_report(state=closed.state, by=people["sam"])
    assert report.blueprint.number == 1 and report.blueprint.sections == STARTING_SECTIONS
    edited = services.save_blueprint(sections=[*STARTING_SECTIONS, {"title": "Annex: statistics"}], by=people["sam"])
    assert edited.number == 2 and edited.sections[-1]["key"] == "annex-statistics"
    report.refresh_from_db()
    assert report.blueprint.number == 1  # a started report keeps its blueprint
    with pytest.raises(OutcomeRefused, match="secretariat edits the blueprint"):
        services.save_blueprint(sections=STARTING_SECTIONS, by=people["alice"])
    with pytest.raises(OutcomeRefused, match="already has"):
        services.start_report(state=closed.state, by=people["sam"])
    assert BlueprintVersion.objects.count() == 2


def test_before_the_request_only_the_secretariat_and_the_state_under_review_read_the_draft_P38(report, people, client):
    for name in ("alice", "erin", "sam"):
        page = verified_client(client, people[name]).get("/en/observations/report/AUT/")
        assert page.status_code == 200 and "Text of introduction." in page.content.decode()
    for name in ("bob", "bea"):
        page = verified_client(client, people[name]).get("/en/observations/report/AUT/")
        assert page.status_code == 200 and "Text of introduction." not in page.content.decode()
    for name in ("charlie", "carl"):
        page = verified_client(client, people[name]).get("/en/observations/report/AUT/")
        assert page.status_code == 404 and "Text of" not in page.content.decode()


def test_the_draft_goes_to_the_reviewing_states_on_request_then_all_agree_P38_P39(report, people):
    with pytest.raises(OutcomeRefused, match="once a party asked"):
        services.share_draft(report=report, by=people["sam"])
    with pytest.raises(OutcomeRefused, match="once the draft reached"):
        services.agree_report(report=report, version_number=1, by=people["alice"])
    services.request_draft(report=report, by=people["bob"])  # a reviewing State asks for it
    report.refresh_from_db()
    assert report.requested_for.code == "FRA"
    with pytest.raises(OutcomeRefused, match="asks for the draft, once"):
        services.request_draft(report=report, by=people["alice"])
    services.share_draft(report=report, by=people["sam"])
    services.save_report(report=report, texts={**TEXTS, "conclusions": "Brazil's words."}, by=people["bea"])
    for name in ("alice", "bob"):
        services.agree_report(report=report, version_number=2, by=people[name])
    report.refresh_from_db()
    assert not report.is_final
    services.agree_report(report=report, version_number=2, by=people["bruno"])
    report.refresh_from_db()
    assert report.is_final and report.final_version.number == 2
    with pytest.raises(OutcomeRefused, match="final"):
        services.save_report(report=report, texts=TEXTS, by=people["sam"])


def test_a_report_over_the_limit_is_saved_as_a_draft_but_cannot_be_finalised_P38(report, people):
    rules = MechanismSettings.current()
    rules.report_max_words = 20
    rules.save()
    long = services.save_report(report=report, texts={**TEXTS, "process": "word " * 30}, by=people["sam"])
    assert long.word_count == 30 + 5 * 3  # six sections: five of "Text of <key>." (3 words) and the long one
    services.request_draft(report=report, by=people["alice"])
    services.share_draft(report=report, by=people["sam"])
    with pytest.raises(OutcomeRefused, match=r"Version 2 has 45 words: a final report has at most 20 \(P 38\)"):
        services.agree_report(report=report, version_number=2, by=people["alice"])
    assert not ReportAgreement.objects.exists()


def test_an_edit_withdraws_agreements_and_an_old_version_is_refused_P39(report, people):
    services.request_draft(report=report, by=people["alice"])
    services.share_draft(report=report, by=people["sam"])
    services.agree_report(report=report, version_number=1, by=people["alice"])
    services.save_report(report=report, texts={**TEXTS, "introduction": "Changed."}, by=people["bob"])
    assert ReportAgreement.objects.get().withdrawn_by.number == 2
    with pytest.raises(OutcomeRefused, match="Version 1 is no longer current: version 2 is"):
        services.agree_report(report=report, version_number=1, by=people["bruno"])


def test_paragraphs_repeating_the_lists_of_observations_are_marked_P38(report, people, client):
    """The rule (docs/outcomes.md): a paragraph sharing a run of 8 words with an item of the State's
    lists, or holding a whole shorter item, compared without case or punctuation. Austria's list
    holds the 7-word item "Data on cases are not collected nationally." (tests/observations/helpers.py)."""
    repeated = "As noted, data on cases are not collected nationally, which hampers analysis."
    fresh = "The State reported a new statistics project."
    services.save_report(report=report, texts={**TEXTS, "implementation": f"{fresh}\n\n{repeated}"}, by=people["sam"])
    version = report.current_version()
    marked = selectors.repeated_paragraphs(version.sections, selectors.list_texts_of(report.state))
    assert marked == {("implementation", 1)}
    eight = "Statistics of eight words in common with nothing else."
    assert selectors.repeated_paragraphs(
        [{"key": "k", "text": "Here: statistics of eight words in common with nothing else, again."}], [eight]
    ) == {("k", 0)}
    assert selectors.repeated_paragraphs([{"key": "k", "text": "Data on cases."}], [eight, "Data on cases."]) == set()
    page = verified_client(client, people["sam"]).get("/en/observations/report/AUT/").content.decode()
    assert "1 paragraph repeats text of the lists of observations" in page
    assert page.count("repeats the list of observations</span>") == 1


def test_the_final_report_is_a_document_source_P38(report, people):
    services.save_report(report=report, texts={**TEXTS, "introduction": "A <b>bold</b> claim & more"}, by=people["sam"])
    report.refresh_from_db()
    assert report.document_title() == "Final desk review report: Austria"
    assert report.document_language() == "en" and report.document_state().code == "AUT"
    assert report.document_restricted() is True
    html = report.document_html()
    assert "<h2>Introduction</h2><p>A &lt;b&gt;bold&lt;/b&gt; claim &amp; more</p>" in html


def test_the_review_is_closed_before_the_report_starts(closed):
    assert closed.status == ReviewStatus.CLOSED
