"""Journeys in a real Chromium: first sign-in with enrolment, and the Arabic layout."""

import base64

import pytest
from django_otp.oath import totp

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_sign_in_enrols_an_authenticator_and_reaches_the_portal(page):
    UserFactory(username="first.timer", first_name="Fatima", last_name="Okafor")
    page.goto(page.base_url + "/en/accounts/sign-in/")
    page.fill("input[name=username]", "first.timer")
    page.fill("input[name=password]", "a long test password")
    page.click("main button[type=submit]")
    assert "/accounts/enrol/" in page.url
    assert page.locator(".qr svg").count() == 1
    secret = page.locator(".secret").inner_text().strip()
    page.fill("input[name=token]", f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8))):06d}")
    page.click("main button[type=submit]")
    assert page.locator(".codes li").count() == 10
    page.click("text=Continue")
    assert page.locator("h1").inner_text() == "Welcome, Fatima Okafor"


def test_arabic_pages_read_right_to_left_and_the_menu_switches_language(page):
    page.goto(page.base_url + "/en/accounts/sign-in/")
    page.focus("#language")
    page.keyboard.press("ArrowDown")  # choosing with the keyboard does not leave the page
    assert "/en/accounts/sign-in/" in page.url
    page.select_option("#language", "ar")
    assert "/en/accounts/sign-in/" in page.url  # nor does choosing: the language changes when confirmed
    page.click(".langswitch button[type=submit]")
    page.wait_for_url("**/ar/accounts/sign-in/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # the brand sits on the right in a right-to-left page
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
