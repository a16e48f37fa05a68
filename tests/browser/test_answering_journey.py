"""Answering in a real Chromium: answers save themselves, dependent questions appear, and two
people editing the same answer meet a conflict instead of overwriting each other (P 22)."""

import base64

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp

from responses import services
from responses.models import Answer
from tests.responses.conftest import contributor, phase, question, questionnaires, response, section_of  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    from sherloc.accounts.services import set_totp_secret

    set_totp_secret(user=user, base32_secret=settings.DEMO_TOTP_SECRET)
    page.goto(page.base_url + "/en/accounts/sign-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "a long test password")
    page.click("main button[type=submit]")
    page.fill("input[name=token]", f"{totp(base64.b32decode(settings.DEMO_TOTP_SECRET)):06d}")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_autosave_progress_and_conflict_between_two_drafters(page, response, focal_point, contributor):  # noqa: F811
    services.assign_section(section=section_of(response, "UNTOC"), users=[contributor], by=focal_point)
    url = (
        page.base_url
        + reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])
        + "?article=5"
    )
    measures, legislation = question(response, "untoc-5-measures"), question(response, "untoc-5-legislation")
    examples = question(response, "t-5-examples")

    other = page.context.browser.new_context().new_page()
    other.base_url = page.base_url
    sign_in(page, focal_point)
    sign_in(other, contributor)
    page.goto(url)
    other.goto(url)  # the contributor's page holds version 0 of every answer

    # a closed answer saves on click; the legislation question it opens appears, and progress moves
    assert page.locator(f"#q{legislation.pk}").is_hidden()
    page.check(f"#q{measures.pk} input[value=yes]")
    page.wait_for_selector(f"#q{legislation.pk}", state="visible")
    assert page.locator('[data-progress="section"]').inner_text().startswith("1/")
    assert Answer.objects.get(question=measures).value == "yes"

    # the focal point writes an example: it saves itself after a pause in typing
    page.fill(f"#q{examples.pk} textarea", "Case A")
    page.wait_for_selector(f"#q{examples.pk} [data-status]:has-text('✓')")
    assert Answer.objects.get(question=examples).value == "Case A"

    # the contributor, on an older page, writes the same answer: a conflict, nothing overwritten
    other.fill(f"#q{examples.pk} textarea", "Case B")
    other.wait_for_selector(f"#q{examples.pk} [data-conflict]", state="visible")
    assert "Case A" in other.locator(f"#q{examples.pk} [data-theirs]").inner_text()
    assert other.locator(f"#q{examples.pk} textarea").input_value() == "Case B"
    assert Answer.objects.get(question=examples).value == "Case A"

    # keeping theirs-or-mine is the contributor's explicit choice
    other.click(f"#q{examples.pk} [data-keep-mine]")
    other.wait_for_selector(f"#q{examples.pk} [data-status]:has-text('✓')")
    assert Answer.objects.get(question=examples).value == "Case B"
    other.context.close()


def test_arrow_keys_on_a_closed_answer_save_only_when_the_user_moves_on(page, response, focal_point):  # noqa: F811
    url = (
        page.base_url
        + reverse("responses:section", args=[response.pk, section_of(response, "UNTOC").pk])
        + "?article=5"
    )
    measures = question(response, "untoc-5-measures")
    sign_in(page, focal_point)
    page.goto(url)
    page.check(f"#q{measures.pk} input[value=yes]")  # a click saves at once
    page.wait_for_selector(f"#q{measures.pk} [data-status]:has-text('✓')")
    assert Answer.objects.get(question=measures).value == "yes"

    # stepping through the choices with the keyboard saves none of them on the way
    page.focus(f"#q{measures.pk} input[value=yes]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator(f"#q{measures.pk} input[type=radio]:checked").get_attribute("value")
    assert chosen != "yes"
    page.wait_for_timeout(1500)
    assert Answer.objects.get(question=measures).value == "yes"

    # leaving the choices saves the one the user stopped on
    page.keyboard.press("Tab")
    for _ in range(50):
        if Answer.objects.get(question=measures).value == chosen:
            break
        page.wait_for_timeout(100)
    assert Answer.objects.get(question=measures).value == chosen
