"""Booking a discovery call in a real browser: book, get turned away from a taken slot without
losing what was typed, then reschedule and cancel through the private link; the emails follow."""

import uuid

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A visitor in Sydney: the page must detect it and show Sydney times.
    return {**browser_context_args, "timezone_id": "Australia/Sydney", "locale": "en-GB"}


def _mail_to(local_stack, address):
    return [m for m in local_stack.mail() if m["to"] == address]


def test_book_reschedule_and_cancel_through_the_pages(local_stack, site):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    site.goto(local_stack.url + "/book/")
    assert site.locator("#booking-app-tz").input_value() == "Australia/Sydney"
    slots = site.locator(".booking-slot")
    slots.first.wait_for()
    first_start = slots.first.get_attribute("data-start")
    assert first_start.endswith(("+10:00", "+11:00"))

    # The visitor picks a time and types their details; someone else books that time meanwhile.
    slots.first.focus()
    site.keyboard.press("Enter")
    assert slots.first.get_attribute("aria-pressed") == "true"
    site.get_by_label("Your name").fill("Grace Hopper")
    site.get_by_label("Your email").fill(email)
    site.get_by_label("Anything I should know? (optional)").fill("Inbox chaos")
    taken = local_stack.post(
        "/api/bookings",
        {"name": "Other", "email": f"other-{email}", "start": first_start, "timezone": "Australia/Sydney"},
    )
    assert taken.status == 201
    site.get_by_role("button", name="Book this time").click()
    status = site.locator(".booking-message")
    status.filter(has_text="taken").wait_for()
    assert site.get_by_label("Your name").input_value() == "Grace Hopper"
    assert site.get_by_label("Your email").input_value() == email
    site.locator(f'.booking-slot[data-start="{first_start}"]').wait_for(state="detached")

    # Another time, and the booking goes through.
    chosen = site.locator(".booking-slot").nth(1)
    chosen_start = chosen.get_attribute("data-start")
    chosen.click()
    site.get_by_role("button", name="Book this time").click()
    site.get_by_role("heading", name="You're booked").wait_for()
    link = site.locator("a.booking-manage-link")
    manage_url = link.get_attribute("href")
    assert "/manage-booking/?id=" in manage_url and "token=" in manage_url
    confirmation = _mail_to(local_stack, email)
    assert len(confirmation) == 1 and "Australia/Sydney" in confirmation[0]["text"]
    assert "METHOD:REQUEST" in confirmation[0]["attachments"][0]["content"]

    # The private link: see it, move it.
    link.click()
    site.locator(".booking-status").filter(has_text="Booked").wait_for()
    site.get_by_role("button", name="Reschedule").click()
    options = site.locator(".booking-slot")
    options.first.wait_for()
    new_start = next(
        s
        for s in (options.nth(i).get_attribute("data-start") for i in range(options.count()))
        if s != chosen_start
    )
    site.locator(f'.booking-slot[data-start="{new_start}"]').click()
    status.filter(has_text="moved").wait_for()
    api_id = manage_url.split("id=")[1].split("&")[0]
    token = manage_url.split("token=")[1]
    assert local_stack.get(f"/api/bookings/{api_id}?token={token}").json()["start"] == new_start
    update = _mail_to(local_stack, email)[-1]["attachments"][0]["content"]
    assert "SEQUENCE:1" in update and "METHOD:REQUEST" in update

    # And cancel it.
    site.get_by_role("button", name="Cancel booking").click()
    site.get_by_role("button", name="Yes, cancel the call").click()
    site.locator(".booking-status").filter(has_text="Cancelled").wait_for()
    mails = _mail_to(local_stack, email)
    assert len(mails) == 3 and "METHOD:CANCEL" in mails[-1]["attachments"][0]["content"]
    uids = {
        line for m in mails for line in m["attachments"][0]["content"].splitlines() if line.startswith("UID:")
    }
    assert len(uids) == 1
    assistant = [
        m
        for m in local_stack.mail()
        if m["to"] == "hello@northstar-va.example" and "Grace Hopper" in m["text"]
    ]
    assert len(assistant) == 3


def test_manage_page_without_a_valid_link_reveals_nothing(local_stack, site):
    site.goto(local_stack.url + "/manage-booking/?id=nope&token=wrong")
    site.locator(".booking-message").filter(has_text="No booking matches").wait_for()
