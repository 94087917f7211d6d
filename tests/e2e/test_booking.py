"""Booking a discovery call in a real browser, as a visitor on a phone does: the first free day is
chosen, a time and the details are four taps, the confirmation has its own address; a taken slot
keeps what was typed; the private link moves (after a confirmation) and cancels the call; the emails
follow. The calendar and zone picker by keyboard: test_booking_controls.py; Spanish and phone
calls: test_booking_spanish.py."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e import booking_helpers
from tests.e2e.booking_helpers import ZONE, api_path, book_by_api
from tests.e2e.conftest import mail_to

pytestmark = pytest.mark.e2e
phone = booking_helpers.phone  # the fixture: a 390 px touch screen in Sydney


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A visitor in Sydney: the page must detect it and show Sydney times.
    return {**browser_context_args, "timezone_id": ZONE, "locale": "en-GB"}


def test_a_visitor_on_a_phone_books_in_four_taps_and_the_confirmation_survives_a_reload(local_stack, phone):
    email = f"e2e-taps-{uuid.uuid4().hex[:8]}@example.com"
    phone.goto(local_stack.url + "/book/")
    phone.locator(".booking-slot").first.wait_for()
    # The first free day is chosen already, its times shown; the zone is the visitor's.
    assert phone.locator("#booking-app-tz").input_value() == ZONE
    chosen_day = phone.locator('td[aria-selected="true"]')
    assert chosen_day.count() == 1 and chosen_day.get_attribute("aria-disabled") == "false"
    assert phone.locator(".booking-slot").first.get_attribute("data-start").endswith(("+10:00", "+11:00"))

    taps = 0

    def tap(locator):
        nonlocal taps
        locator.tap()
        taps += 1

    slot = phone.locator(".booking-slot").first
    start = slot.get_attribute("data-start")
    tap(slot)
    tap(phone.get_by_label("Your name"))
    phone.keyboard.type("Grace Hopper")
    tap(phone.get_by_label("Your email"))
    phone.keyboard.type(email)
    tap(phone.get_by_role("button", name="Book this time"))
    phone.get_by_role("heading", name="You're booked").wait_for()
    assert taps <= 4, taps

    # The confirmation is an address of its own: the manage page, saying it is booked, reload or not.
    assert re.search(r"/manage-booking/\?id=\w+&token=[^&]+&booked=1$", phone.url), phone.url
    phone.reload()
    phone.get_by_role("heading", name="You're booked").wait_for()
    assert phone.locator(".booking-status").inner_text() == "Booked"
    assert "Join at https://" in phone.locator("#manage-app").inner_text()

    mail = mail_to(local_stack, email, "Your discovery call")
    booking_id = re.search(r"id=(\w+)", phone.url).group(1)
    assert f"/manage-booking/?id={booking_id}&token=" in mail["text"]
    assert "Join at https://" in mail["text"] and "Australia/Sydney" in mail["text"]
    invite = mail["attachments"][0]["content"]
    assert "LOCATION" in invite and "URL:https://" in invite and "follows by email" not in invite
    assert local_stack.get(api_path(phone.url[len(local_stack.url) :])).json()["start"] == start


def test_a_taken_slot_keeps_what_was_typed(local_stack, site):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    site.goto(local_stack.url + "/book/")
    slots = site.locator(".booking-slot")
    slots.first.wait_for()
    first_start = slots.first.get_attribute("data-start")
    slots.first.focus()
    site.keyboard.press("Enter")
    assert slots.first.get_attribute("aria-pressed") == "true"
    site.get_by_label("Your name").fill("Grace Hopper")
    site.get_by_label("Your email").fill(email)
    site.get_by_label("Anything I should know? (optional)").fill("Inbox chaos")
    taken = local_stack.post(
        "/api/bookings", {"name": "Other", "email": f"other-{email}", "start": first_start, "timezone": ZONE}
    )
    assert taken.status == 201
    site.get_by_role("button", name="Book this time").click()
    site.locator(".booking-message").filter(has_text="taken").wait_for()
    assert "[object" not in site.locator(".booking-message").inner_text()
    assert site.get_by_label("Your name").input_value() == "Grace Hopper"
    assert site.get_by_label("Your email").input_value() == email
    site.locator(f'.booking-slot[data-start="{first_start}"]').wait_for(state="detached")
    site.locator(".booking-slot").first.click()
    site.get_by_role("button", name="Book this time").click()
    site.get_by_role("heading", name="You're booked").wait_for()


def test_reschedule_shows_the_new_time_and_asks_before_moving_then_cancel(local_stack, site):
    email = f"e2e-move-{uuid.uuid4().hex[:8]}@example.com"
    manage, booked = book_by_api(local_stack, email)
    site.goto(local_stack.url + manage)
    site.locator(".booking-status").filter(has_text="Booked").wait_for()
    site.get_by_role("button", name="Reschedule").click()
    slot = site.locator(".booking-slot").first
    slot.wait_for()
    new_start = slot.get_attribute("data-start")
    assert new_start != booked["start"]
    slot.click()
    question = site.locator(".booking-confirm-move")
    question.filter(has_text="Move your call to").wait_for()
    assert "It is now" in question.inner_text()
    assert local_stack.get(api_path(manage)).json()["start"] == booked["start"]  # nothing moved yet
    site.get_by_role("button", name="Yes, move it").click()
    site.locator(".booking-message").filter(has_text="moved").wait_for()
    assert local_stack.get(api_path(manage)).json()["start"] == new_start
    moved = mail_to(local_stack, email, "Moved")
    assert manage in moved["text"] and "SEQUENCE:1" in moved["attachments"][0]["content"]

    site.get_by_role("button", name="Cancel booking").click()
    site.get_by_role("button", name="Yes, cancel the call").click()
    site.locator(".booking-status").filter(has_text="Cancelled").wait_for()
    cancelled = mail_to(local_stack, email, "Cancelled")
    assert "METHOD:CANCEL" in cancelled["attachments"][0]["content"]


def test_manage_page_without_a_valid_link_reveals_nothing(local_stack, site):
    site.goto(local_stack.url + "/manage-booking/?id=nope&token=wrong")
    site.locator(".booking-message").filter(has_text="No booking matches").wait_for()
