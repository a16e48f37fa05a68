"""Each role's main journey in a real Chromium, in English and in Arabic, signed in with the real two-factor
step; axe-core runs on every page visited (no serious or critical violation), the English words left on the
Arabic pages are counted, and the last page of each journey is kept as a screenshot (tmp/journeys/).

The world is the demo world (`seed_demo`), built once for this module: the journeys only read it or act on
material of their own (a State, a drawing session, a year group, an invitation per language), so each one
passes alone or in any order."""

import base64
import datetime as dt
import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp

from tests.browser.checks import Journey
from tests.browser.conftest import CHROMIUM, _close_server_thread_connections

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "ar"]
PASSWORD = "a long journey password"

# Pieces of text holding English words on the Arabic pages of each journey (tmp/journeys/untranslated.json lists
# them), as counted once the interface and the reference data were translated: what is left is mostly what users
# typed in English (document titles, session names, people's names), which is theirs to write. The ceiling holds
# the count from growing; lower it as titles are marked as user text (dir="auto").
UNTRANSLATED_CEILING = {
    "drawing": 29,
    "assignment": 25,
    "drafting": 10,
    "reviewing": 56,
    "library": 26,
    "attendance": 27,
}

# Material of each language's journey, so that the English and the Arabic runs never meet.
FOCAL_POINT_STATE = {"en": "BRA", "ar": "IDN"}
CONTRIBUTOR_STATE = {"en": "ZAF", "ar": "KEN"}  # Kenya is no demo State: its people are made here
REVIEW_UNDER = {"en": "POL", "ar": "ROU"}  # POL's review is in "written feedback due" in the demo
YEAR_GROUP = {"en": 1, "ar": 2}
SEED = {"en": "e1", "ar": "a2"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world and a live server on it, for the whole module; emptied at the end as a transactional
    test would leave it."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        from sherloc.registry.models import State

        if not State.objects.exists():
            call_command("load_reference", stdout=io.StringIO())
        call_command("seed_demo", force=True, stdout=io.StringIO())  # tests run with DEBUG off
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _close_server_thread_connections()
            call_command("flush", interactive=False, stdout=io.StringIO())
            # the session's reference data (tests/conftest.py), which the tests that follow expect
            call_command("load_reference", stdout=io.StringIO())


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(world, browser, django_db_blocker):
    with django_db_blocker.unblock():
        # bypass_csp: the portal allows no inline script, and axe-core is injected as one
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.base_url = world.url
        page.set_default_timeout(20_000)
        page.on("dialog", lambda dialog: dialog.accept())
        yield page
        context.close()


def url(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def sign_in(page, journey: Journey, person) -> None:
    """Password, then the authenticator's code: the real two-factor step."""
    from sherloc.accounts.services import set_totp_secret

    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    set_totp_secret(user=person, base32_secret=settings.DEMO_TOTP_SECRET)
    page.goto(page.base_url + url(journey.language, "accounts:login"))
    journey.check()
    page.fill("input[name=username]", person.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    journey.check()
    page.fill("input[name=token]", f"{totp(base64.b32decode(settings.DEMO_TOTP_SECRET)):06d}")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == page.base_url + url(journey.language, "portal:home")
    assert page.locator("html").get_attribute("lang") == journey.language
    journey.check()


def follow(page, journey: Journey, selector: str) -> None:
    """Click a link the user sees and check the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).first.click()
    journey.check()


def submit(page, journey: Journey, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    journey.check()


def finish(journey: Journey) -> None:
    journey.finish()
    assert journey.untranslated_count() <= UNTRANSLATED_CEILING[journey.name] or journey.language == "en", (
        f"{journey.untranslated_count()} pieces of English text on the {journey.language} pages of {journey.name}"
        f" (ceiling {UNTRANSLATED_CEILING[journey.name]}): see tmp/journeys/untranslated.json"
    )


def nav(language: str, name: str) -> str:
    return f"header a[href='{url(language, name)}']"


@pytest.mark.parametrize("language", LANGUAGES)
def test_secretariat_draws_reviewers_on_the_projector_screen_and_opens_a_phase(page, language, django_db_blocker):
    from lots import services as lots
    from lots.models import DrawingSession
    from reviews.models import PhaseAdvancement
    from sherloc.registry.models import WorkplanPhase

    journey = Journey("drawing", language, page)
    with django_db_blocker.unblock():
        sign_in(page, journey, user("secretariat-1"))
        follow(page, journey, nav(language, "lots:index"))

        # a session for the meeting, under its announced seed
        form = page.locator("main form").filter(has=page.locator("input[name=seed]"))
        form.locator("input[name=meeting]").fill(f"Intersessional meeting ({language})")
        form.locator("input[name=meeting_date]").fill("2027-06-01")
        form.locator("input[name=seed]").fill(SEED[language])
        submit(page, journey, form)
        session = DrawingSession.objects.get(meeting=f"Intersessional meeting ({language})")
        assert page.url == page.base_url + url(language, "lots:session", session.pk)

        # on the projector: the three year groups, then reviewers drawn one at a time
        submit(page, journey, page.locator(f"form[action='{url(language, 'lots:action', session.pk, 'select')}']"))
        assert page.locator("main").get_by_text(re.compile("AUT|Austria|النمسا")).count() >= 1
        pick = f"form[action='{url(language, 'lots:action', session.pk, 'pick')}']"
        for drawn in (1, 2):
            submit(page, journey, page.locator(pick))
            assert len([e for e in lots.live_draw(session).log if e.get("action") == "pick"]) == drawn
            assert page.locator(".stage-label").count() >= 1  # the pick just drawn, shown large

        # then the next phase for a year group, on a decision of the Conference (P 9)
        follow(page, journey, nav(language, "reviews:dashboard"))
        follow(page, journey, f"main a[href='{url(language, 'reviews:phases')}']")
        second = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number")[1]
        group = YEAR_GROUP[language]
        form = (
            page.locator("main form")
            .filter(has=page.locator(f"input[name=year_group][value='{group}']"))
            .filter(has=page.locator(f"input[name=phase][value='{second.number}']"))
        )
        form.locator("input[name=decision_reference]").fill("Decision 12/1 (journey)")
        submit(page, journey, form)
        assert PhaseAdvancement.objects.filter(phase=second, year_group=group).exists()
        assert page.locator(".message.success").count() == 1
    finish(journey)


def _open_response(code: str, *, contributor_section: bool = False, answered: bool = False):
    """The State's questionnaire opened by its focal point through the services, as the page does."""
    from questionnaires.enums import QuestionKind
    from responses import selectors, services
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import State, WorkplanPhase

    focal = _person(code, "fp", Role.FOCAL_POINT)
    phase = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number").first()
    response = services.open_response(
        state=State.objects.get(code=code),
        phase=phase,
        language="en",
        deadline=dt.date.today() + dt.timedelta(days=90),
        by=focal,
    )
    sections = selectors.draft(response).sections
    if contributor_section:
        contributor = _person(code, "contrib", Role.NATIONAL_CONTRIBUTOR)
        services.assign_section(section=sections[0].section, users=[contributor], by=focal)
    if answered:
        for view in sections:
            for q in view.questions:
                if q.kind == QuestionKind.YES_NO_PARTLY:
                    data = _Form(value="yes")
                elif q.kind == QuestionKind.LEGISLATION:
                    data = _Form(title=["Penal Code"], article=[f"art. {q.article.number}"], link=[""], text=["…"])
                else:
                    continue
                services.save_answer(response=response, question=q, data=data, expected_version=0, by=focal)
    return response


def _person(code: str, prefix: str, role: str):
    """The demo's fp-<iso3> or contrib-<iso3>, made as the demo makes them for a State outside it."""
    from django.contrib.auth import get_user_model

    from sherloc.accounts import services as accounts
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import State
    from tests.factories import UserFactory

    existing = get_user_model().objects.filter(username=f"{prefix}-{code.lower()}").first()
    if existing is not None:
        return existing
    state = State.objects.get(code=code)
    person = UserFactory(username=f"{prefix}-{code.lower()}", first_name=prefix.capitalize(), last_name=state.name)
    if role == Role.FOCAL_POINT:
        accounts.appoint_focal_point(state=state, user=person)
    else:
        accounts.grant_membership(user=person, role=role, state=state)
    return person


class _Form(dict):
    """What the answering page posts, as the service reads it (a QueryDict's getlist)."""

    def getlist(self, key):
        value = self.get(key)
        return value if isinstance(value, list) else [] if value is None else [value]


@pytest.mark.parametrize("language", LANGUAGES)
def test_focal_point_assigns_a_section_sees_it_saved_and_submits(page, language, django_db_blocker):
    from responses.enums import ResponseStatus

    code = FOCAL_POINT_STATE[language]
    journey = Journey("assignment", language, page)
    with django_db_blocker.unblock():
        response = _open_response(code, answered=True)
        contributor = user(f"contrib-{code.lower()}")
        sign_in(page, journey, user(f"fp-{code.lower()}"))
        follow(page, journey, nav(language, "responses:index"))
        follow(page, journey, f"main a[href='{url(language, 'responses:detail', response.pk)}']")

        first = response.sections.order_by("pk").first()
        form = page.locator(f"form[action='{url(language, 'responses:assign', response.pk, first.pk)}']")
        form.locator(f"input[name=assignees][value='{contributor.pk}']").check()
        submit(page, journey, form)
        assert page.locator(".message.success").count() == 1
        assert list(first.assignees.all()) == [contributor]
        assert page.locator(f"input[name=assignees][value='{contributor.pk}']").first.is_checked()

        submit(page, journey, page.locator(f"form[action='{url(language, 'responses:submit', response.pk)}']"))
        response.refresh_from_db()
        assert response.status == ResponseStatus.SUBMITTED
    finish(journey)


@pytest.mark.parametrize("language", LANGUAGES)
def test_contributor_drafts_its_section_and_cannot_edit_the_others(page, language, django_db_blocker):
    from responses.models import Answer

    code = CONTRIBUTOR_STATE[language]
    journey = Journey("drafting", language, page)
    with django_db_blocker.unblock():
        response = _open_response(code, contributor_section=True)
        contributor = user(f"contrib-{code.lower()}")
        own, other = response.sections.order_by("pk")[:2]
        sign_in(page, journey, contributor)
        follow(page, journey, nav(language, "responses:index"))
        follow(page, journey, f"main a[href='{url(language, 'responses:detail', response.pk)}']")
        follow(page, journey, f"main a[href='{url(language, 'responses:section', response.pk, own.pk)}']")

        # its own section: a closed answer saves on click (P 22)
        radio = page.locator("form[data-autosave]:not([inert]) input[type=radio][value=yes]").first
        question_id = int(radio.locator("xpath=ancestor::*[starts-with(@id, 'q')][1]").get_attribute("id")[1:])
        radio.check()
        page.wait_for_function(
            "id => document.querySelector(`#q${id} [data-status]`)?.textContent.includes('✓')", arg=question_id
        )
        journey.check()
        saved = Answer.objects.get(response=response, question_id=question_id)
        assert (saved.value, saved.updated_by) == ("yes", contributor)

        # another section: read only
        page.goto(page.base_url + url(language, "responses:section", response.pk, other.pk))
        journey.check()
        assert page.locator("form[data-autosave]").count() > 0
        assert page.locator("form[data-autosave]:not([inert])").count() == 0
        assert page.locator("form[data-autosave] fieldset:not([disabled])").count() == 0
    finish(journey)


def _reviewing_expert(review):
    """A governmental expert of the first reviewing State (alphabetical) for every instrument it reviews."""
    from reviews import permissions
    from sherloc.accounts import services as accounts
    from sherloc.accounts.enums import Role
    from sherloc.registry.models import Instrument, State
    from tests.factories import UserFactory

    reviewer = State.objects.filter(pk__in=permissions.reviewer_ids(review)).order_by("name").first()
    expert = UserFactory(username=f"expert-{reviewer.code.lower()}", first_name="Expert", last_name=reviewer.name)
    for instrument in Instrument.objects.filter(code__in=permissions.covers(review)[reviewer.pk]):
        accounts.grant_membership(user=expert, role=Role.GOVERNMENTAL_EXPERT, state=reviewer, instrument=instrument)
    return expert, reviewer


@pytest.mark.parametrize("language", LANGUAGES)
def test_reviewing_expert_reads_the_submission_writes_feedback_and_posts_in_the_dialogue(
    page, language, django_db_blocker
):
    from portal.demo.reviews import _feedback_due
    from reviews.enums import ReviewStatus
    from reviews.models import CountryReview, Feedback, Message
    from sherloc.registry.models import WorkplanPhase

    journey = Journey("reviewing", language, page)
    with django_db_blocker.unblock():
        phase = WorkplanPhase.objects.filter(cluster__isnull=False).order_by("number").first()
        review = CountryReview.objects.get(state__code=REVIEW_UNDER[language], phase=phase)
        if review.status != ReviewStatus.FEEDBACK_DUE:
            _feedback_due(review, user("fp-aut").password)  # the demo's way to a submission and its feedback due
            review.refresh_from_db()
        expert, reviewer = _reviewing_expert(review)
        sign_in(page, journey, expert)
        follow(page, journey, nav(language, "reviews:dashboard"))
        follow(page, journey, f"main a[href='{url(language, 'reviews:detail', review.pk)}']")

        # the reviewer's path: from the review page straight to the State's submission
        follow(page, journey, f"main a[href='{url(language, 'reviews:submission', review.pk)}']")
        assert "Criminal Code (Strafgesetzbuch)" in page.locator("main").inner_text()  # what the State answered

        page.goto(page.base_url + url(language, "reviews:detail", review.pk))
        journey.check()
        follow(page, journey, f"main a[href='{url(language, 'reviews:feedback', review.pk)}']")
        form = page.locator("main form").filter(has=page.locator("input[name=action][value=write]")).first
        article = int(form.locator("input[name=article]").get_attribute("value"))
        form.locator("[name=measures]").fill(f"Measures in force ({language}).")
        form.locator("[name=successes]").fill("Convictions under the new law.")
        form.locator("[name=challenges]").fill("No national statistics.")
        submit(page, journey, form)
        written = Feedback.objects.get(review=review, article_id=article, reviewer=reviewer)
        assert written.measures == f"Measures in force ({language})."

        page.goto(page.base_url + url(language, "reviews:detail", review.pk))
        journey.check()
        follow(page, journey, f"main a[href='{url(language, 'reviews:dialogue', review.pk)}']")
        page.fill("textarea[name=body]", f"Our feedback is written ({language}).")
        submit(page, journey, page.locator("form[data-once]"))
        assert page.locator(".message-item").last.inner_text().count(f"Our feedback is written ({language}).") == 1
        assert Message.objects.filter(thread__review=review, body=f"Our feedback is written ({language}).").exists()
    finish(journey)


@pytest.mark.parametrize("language", LANGUAGES)
def test_conference_officer_finds_a_crp_in_the_library_and_downloads_it(page, language, django_db_blocker):
    from documents.enums import DocumentKind
    from documents.models import Document

    journey = Journey("library", language, page)
    with django_db_blocker.unblock():
        crp = Document.objects.filter(kind=DocumentKind.CRP).exclude(symbol="").order_by("symbol").first()
        sign_in(page, journey, user("officer-1"))
        follow(page, journey, nav(language, "documents:library"))
        page.fill("input[name=symbol]", crp.symbol)
        with page.expect_navigation():
            page.locator("main form").filter(has=page.locator("input[name=symbol]")).locator(
                "button[type=submit]"
            ).first.click()
        journey.check()
        follow(page, journey, f"main a[href='{url(language, 'documents:detail', crp.pk)}']")
        link = page.locator("main a[href$='/download/']").first
        with page.expect_download() as info:
            link.click()
        assert Path(info.value.path()).read_bytes()[:4] == b"%PDF"
    finish(journey)


@pytest.mark.parametrize("language", LANGUAGES)
def test_stakeholder_confirms_attendance_at_a_meeting(page, language, django_db_blocker):
    from sherloc.accounts import services as accounts
    from sherloc.accounts.enums import Role
    from stakeholders.enums import InvitationStatus
    from stakeholders.models import Invitation
    from tests.factories import UserFactory

    journey = Journey("attendance", language, page)
    with django_db_blocker.unblock():
        # ngo-1's invitation to the meeting in seven weeks is still to confirm; in Arabic, another organisation's
        invitation = (
            Invitation.objects.filter(meeting__title__startswith="Smuggling of migrants")
            .exclude(status=InvitationStatus.CONFIRMED)
            .select_related("profile__organisation", "meeting")
            .order_by("profile__organisation__name")
        )
        if language == "en":
            person = user("ngo-1")
            invitation = invitation.get(profile__organisation__name="Global Alliance against Trafficking (demo)")
        else:
            invitation = invitation.get(profile__organisation__name="Coalition for Victims' Rights (demo)")
            person = UserFactory(username="ngo-ar", first_name="Nour", last_name="Stakeholder")
            accounts.grant_membership(user=person, role=Role.STAKEHOLDER, organisation=invitation.profile.organisation)
        sign_in(page, journey, person)
        follow(page, journey, nav(language, "stakeholders:index"))
        follow(page, journey, f"main a[href='{url(language, 'stakeholders:meeting', invitation.meeting.pk)}']")
        submit(page, journey, page.locator(f"form[action='{url(language, 'stakeholders:confirm', invitation.pk)}']"))
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.CONFIRMED
    finish(journey)


# the vertical centre of every item of the top bar: one line when they all sit on the same row
_ROWS_JS = """
() => {
  const items = document.querySelectorAll('.topbar .brand, .mainnav > a, .mainnav > details > summary, .tools > *');
  return [...items].filter(e => e.checkVisibility()).map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim().slice(0, 40), middle: Math.round(r.top + r.height / 2)};
  });
}
"""


def test_header_is_one_line_at_1280_px_in_every_language_and_never_scrolls_sideways(page, django_db_blocker):
    """The secretariat's bar is the longest: the rest is under "More"."""
    from sherloc.accounts import services as accounts
    from sherloc.accounts.enums import Role
    from tests.factories import UserFactory

    journey = Journey("header", "en", page)
    with django_db_blocker.unblock():
        person = UserFactory(username="secretariat-header", first_name="Hana", last_name="Header")
        accounts.grant_membership(user=person, role=Role.SECRETARIAT)
        sign_in(page, journey, person)
    for language in ("ar", "en", "es", "fr", "ru", "zh-hans"):
        page.goto(page.base_url + url(language, "portal:home"))
        page.set_viewport_size({"width": 1280, "height": 900})
        items = page.evaluate(_ROWS_JS)
        assert len(items) >= 8
        middles = {item["middle"] for item in items}
        assert max(middles) - min(middles) <= 6, f"{language}: the header wraps at 1280 px: {items}"
        # the links under "More" open on a click
        page.click("details.more summary")
        assert page.locator(f".more-menu a[href='{url(language, 'registry:states')}']").is_visible()
        page.set_viewport_size({"width": 390, "height": 800})
        width, visible = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width <= visible, f"{language}: the home page scrolls sideways at 390 px ({width} > {visible})"
