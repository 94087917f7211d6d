"""Every built page, at 390 px and at 1280 px, as a visitor meets it and in the states a visitor
brings out (the intake loaded, a time picked, the subscribe dialog open, an emailed link refused):
no console error, nothing refused by the Content-Security-Policy, and axe-core finds no WCAG 2.2 A
or AA violation. The portal's signed-in states are in test_portal_accessibility.py."""

from __future__ import annotations

import pytest

from portal import catalog
from tests.e2e.test_portal_accessibility import Visitor, refuse_the_billing_link, refuse_the_link
from tests.e2e.test_security_headers import every_page

pytestmark = pytest.mark.e2e


def pick_a_time(page):
    page.locator(".booking-slot").first.click()
    page.locator(".booking-form").wait_for()


def open_the_subscribe_dialog(page):
    page.locator("[data-subscribe]").first.click()
    page.locator("dialog[open]").wait_for()


def submit_the_empty_intake(page):
    page.get_by_role("button", name="Send the questionnaire").click()
    page.locator("#intake-alert:not([hidden])").wait_for()


READY = {
    "/intake/": "#intake-app form",
    "/book/": ".booking-slot",
    "/account/": "[data-portal-state]",
    "/practice/": "[data-portal-state]",
    "/account/sign-in/": "#sign-in-email-form:not([hidden])",
    "/billing/open/": "[data-billing-open-status] a",
}

STATES = [
    ("/book/", ".booking-slot", pick_a_time, "book, a time picked"),
    ("/pricing/", "[data-subscribe]", open_the_subscribe_dialog, "pricing, subscribe dialog"),
    ("/intake/", "#intake-app form", submit_the_empty_intake, "intake, every missing answer"),
    (
        "/account/sign-in/?token=not-a-real-token",
        "#sign-in-token-form:not([hidden])",
        refuse_the_link,
        "sign-in, link refused",
    ),
    (
        "/billing/open/?token=not-a-real-token",
        "[data-billing-open-button]:not([disabled])",
        refuse_the_billing_link,
        "billing/open, link refused",
    ),
]


#: The translations are walked once, at the phone's width (their layout is the original's).
TRANSLATED_AT = 390


def original(path: str) -> str:
    """/es/intake/ -> /intake/: the page a translation is of (itself for the default language)."""
    for code in catalog.brand().languages:
        if code != catalog.brand().default_language and path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def pages_at(built_site, width: int) -> list[str]:
    return [path for path in every_page(built_site) if original(path) == path or width == TRANSLATED_AT]


@pytest.mark.parametrize("width", (390, 1280))
def test_every_page_passes_axe_with_no_console_error(browser, local_stack, built_site, axe_source, width):
    visitor = Visitor(browser, local_stack, axe_source, viewport={"width": width, "height": 844})
    try:
        for path in pages_at(built_site, width):
            visitor.check(path, READY.get(original(path), "article h1"), name=f"{path} at {width}px")
        for path, ready, then, name in STATES:
            visitor.check(path, ready, then, name=f"{name} at {width}px")
    finally:
        visitor.close()


# Every layout shift not caused by the visitor, as the browser reports it (what Lighthouse adds up).
SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  window.__shifts.push({value: e.value, sources: (e.sources || []).map(s => s.node
    ? (s.node.id || s.node.className || s.node.nodeName) : '?')}); })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("width", (390, 1280))
def test_no_page_moves_under_the_reader_as_it_loads(local_stack, built_site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.add_init_script(SHIFTS)
    page = context.new_page()
    moved = {}
    try:
        for path in pages_at(built_site, width):
            page.goto(local_stack.url + path, wait_until="networkidle")
            page.wait_for_timeout(300)
            shifts = page.evaluate("window.__shifts")
            total = sum(s["value"] for s in shifts)
            if total >= 0.1:  # Lighthouse's and Core Web Vitals' "good" is under 0.1
                moved[path] = (round(total, 3), [s["sources"] for s in shifts])
    finally:
        context.close()
    assert moved == {}, moved
