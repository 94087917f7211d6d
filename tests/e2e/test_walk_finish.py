"""The small things that make the site feel finished, measured: the home page's heading in full
colour, its two hero buttons apart on a phone, every button and time slot at least 44 px tall on a
touch screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

LUMINANCE = """e => { const v = (getComputedStyle(e).color.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  return { rgb: v.slice(0, 3), alpha: v.length > 3 ? v[3] : 1 }; }"""


def test_the_home_heading_is_not_faded(local_stack, site):
    site.goto(local_stack.url + "/")
    color = site.locator("article h1").first.evaluate(LUMINANCE)
    assert color["alpha"] >= 0.85 and max(color["rgb"]) <= 60, color


def test_the_hero_buttons_do_not_touch_on_a_phone(local_stack, site):
    site.set_viewport_size({"width": 390, "height": 844})
    site.goto(local_stack.url + "/")
    first, second = [b.bounding_box() for b in site.locator(".hero .md-button").all()[:2]]
    apart_sideways = second["x"] - (first["x"] + first["width"])
    apart_below = second["y"] - (first["y"] + first["height"])
    assert max(apart_sideways, apart_below) >= 8, (first, second)


@pytest.fixture
def touch_page(browser, local_stack):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize(
    "path, ready",
    [
        ("/book/", ".booking-slot"),
        ("/", ".hero .md-button"),
        ("/pricing/", "[data-subscribe]"),
        ("/billing/", "button"),
    ],
)
def test_buttons_and_slots_are_44px_tall_on_a_touch_screen(local_stack, touch_page, path, ready):
    assert touch_page.evaluate("matchMedia('(pointer: coarse)').matches"), "not a touch screen"
    touch_page.goto(local_stack.url + path)
    touch_page.locator(ready).first.wait_for()
    small = touch_page.evaluate("""() =>
        [...document.querySelectorAll('.md-content .md-button, .md-content button')]
        .filter(b => b.offsetParent !== null)
        .map(b => [b.textContent.trim().slice(0, 30), b.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == [], small
