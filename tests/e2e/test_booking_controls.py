"""The booking page's controls in a real browser: the month calendar as a WAI-ARIA date grid by
keyboard, the time-zone picker by search (city, accent, offset), and axe-core on every state of the
booking pages at phone and desktop widths."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from tests.e2e.booking_helpers import book_by_api

pytestmark = pytest.mark.e2e


def test_the_calendar_is_a_grid_the_arrow_keys_move_through(local_stack, site):
    site.goto(local_stack.url + "/book/")
    site.locator(".booking-slot").first.wait_for()
    grid = site.get_by_role("grid")
    stops = grid.locator('td[tabindex="0"]')
    assert stops.count() == 1  # one tab stop: the chosen day
    chosen = stops.get_attribute("data-date")
    site.locator("#booking-app-tz").focus()
    for _ in range(6):
        site.keyboard.press("Tab")
        if site.evaluate("document.activeElement.dataset.date") == chosen:
            break
    assert site.evaluate("document.activeElement.dataset.date") == chosen

    def focused():
        return site.evaluate("document.activeElement.dataset.date")

    def shifted(day, days):
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()

    site.keyboard.press("ArrowRight")
    assert focused() == shifted(chosen, 1)
    site.keyboard.press("ArrowDown")
    assert focused() == shifted(chosen, 8)
    site.keyboard.press("ArrowUp")
    site.keyboard.press("ArrowLeft")
    assert focused() == chosen
    site.keyboard.press("Home")
    assert date.fromisoformat(focused()).weekday() == 0
    site.keyboard.press("End")
    assert date.fromisoformat(focused()).weekday() == 6
    for _ in range(6 - date.fromisoformat(chosen).weekday()):  # back to the chosen day, by arrows
        site.keyboard.press("ArrowLeft")
    assert focused() == chosen
    # A month on and back (the window may end this month: then a month back and on).
    title = site.locator(".booking-cal-title")
    month = title.inner_text()
    later = site.get_by_role("button", name="Next month").is_enabled()
    away, back = ("PageDown", "PageUp") if later else ("PageUp", "PageDown")
    before = focused()
    site.keyboard.press(away)
    site.wait_for_function("m => document.querySelector('.booking-cal-title').textContent !== m", arg=month)
    assert focused()[:7] != before[:7] and grid.locator('td[tabindex="0"]').count() == 1
    assert grid.get_attribute("aria-busy") in ("true", "false")
    site.keyboard.press(back)
    assert title.inner_text() == month
    site.locator(f'td[data-date="{chosen}"]').focus()

    # Another free day, chosen with Enter: it is selected and its times are shown.
    def free_days():
        site.locator('.booking-cal-grid[aria-busy="false"]').wait_for()
        return grid.locator('td[aria-disabled="false"]').evaluate_all("c => c.map(x => x.dataset.date)")

    other = next((d for d in free_days() if d != chosen), None)
    if other is None:  # the chosen day is this month's last free one: the next month has the others
        site.get_by_role("button", name="Next month").click()
        other = free_days()[0]
    grid.locator(f'td[data-date="{other}"]').focus()
    site.keyboard.press("Enter")
    assert grid.locator(f'td[data-date="{other}"]').get_attribute("aria-selected") == "true"
    assert grid.locator('td[aria-selected="true"]').count() == 1
    assert site.locator(".booking-slot").first.get_attribute("data-start").startswith(other)
    # A day without free times cannot be chosen.
    busy = grid.locator('td[aria-disabled="true"]').first
    busy.focus()
    site.keyboard.press("Enter")
    assert busy.get_attribute("aria-selected") == "false"


def test_the_time_zone_picker_finds_a_zone_and_shows_its_offset_and_time(local_stack, site):
    site.goto(local_stack.url + "/book/")
    site.locator(".booking-slot").first.wait_for()
    zone = site.get_by_role("combobox", name="Time zone")
    zone.click()
    zone.fill("tokyo")
    option = site.get_by_role("option").filter(has_text="Asia/Tokyo")
    assert "UTC+09:00" in option.inner_text() and re.search(r"\d\d:\d\d", option.inner_text())
    assert zone.get_attribute("aria-expanded") == "true"
    zone.press("ArrowDown")
    zone.press("ArrowUp")
    zone.press("Enter")
    assert zone.input_value() == "Asia/Tokyo" and zone.get_attribute("aria-expanded") == "false"
    site.wait_for_function(
        "() => (document.querySelector('.booking-slot') || {dataset: {}}).dataset.start?.endsWith('+09:00')"
    )
    assert "UTC+09:00" in site.locator(".booking-tz-now").inner_text()
    # An accented city and an offset find their zones too.
    zone.fill("bogotá")
    assert site.get_by_role("option").filter(has_text="America/Bogota").count() == 1
    zone.fill("+5:30")
    assert site.get_by_role("option").filter(has_text="Kolkata").count() == 1
    zone.press("Escape")
    assert zone.input_value() == "Asia/Tokyo"


def open_the_zone_picker(page):
    page.get_by_role("combobox").fill("new")
    page.get_by_role("option").first.wait_for()


def move_the_calendar_by_keyboard(page):
    page.locator('td[tabindex="0"]').focus()
    page.keyboard.press("ArrowRight")


def pick_a_time_to_move_to(page):
    page.get_by_role("button", name="Reschedule").click()
    page.locator(".booking-slot").first.click()
    page.locator(".booking-confirm-move button").wait_for()


@pytest.mark.parametrize("width", (390, 1280))
def test_axe_finds_no_violation_on_the_booking_pages(browser, local_stack, axe_source, width):
    from tests.e2e.test_portal_accessibility import Visitor

    manage, _ = book_by_api(local_stack, f"e2e-axe-{uuid.uuid4().hex[:8]}@example.com")
    visitor = Visitor(browser, local_stack, axe_source, viewport={"width": width, "height": 844})
    try:
        visitor.check("/book/", ".booking-slot", name=f"/book/ at {width}px")
        visitor.check("/book/", ".booking-slot", open_the_zone_picker, name=f"zone picker at {width}px")
        visitor.check("/book/", ".booking-slot", move_the_calendar_by_keyboard, name=f"calendar at {width}px")
        visitor.check(manage + "&booked=1", ".booking-status", name=f"confirmation at {width}px")
        visitor.check(manage, ".booking-status", pick_a_time_to_move_to, name=f"reschedule at {width}px")
    finally:
        visitor.close()
