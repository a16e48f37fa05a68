"""The header fits one line at 1280 px in each of the six languages, for the secretariat (the longest menu:
the rest is under "More"), and the home page does not scroll sideways on a 390 px telephone."""

import pytest

from tests.browser.checks import Journey
from tests.browser.test_journeys import browser, page, sign_in, url, user, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

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


def test_header_is_one_line_at_1280_px_in_every_language_and_never_scrolls_sideways(page, django_db_blocker):  # noqa: F811
    journey = Journey("header", "en", page)
    with django_db_blocker.unblock():
        sign_in(page, journey, user("secretariat-1"))
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
