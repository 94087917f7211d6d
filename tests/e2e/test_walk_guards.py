"""What a double click or a failed tap does, walked on a phone: a button that sends something sends
it once, and a failure is said next to the button that was pressed, in words a person understands."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta

import pytest

from portal import ratelimit

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def posts_to(page, pattern: str) -> list[str]:
    sent = []
    page.on(
        "request", lambda r: sent.append(r.url) if r.method == "POST" and re.search(pattern, r.url) else None
    )
    return sent


def test_a_double_click_on_email_me_a_link_sends_one_request(local_stack, shopper):
    shopper.set_viewport_size(PHONE)
    shopper.goto(local_stack.url + "/billing/")
    sent = posts_to(shopper, r"/api/billing-portal$")
    shopper.get_by_label("Email", exact=True).fill(f"e2e-dbl-{uuid.uuid4().hex[:8]}@example.com")
    shopper.get_by_role("button", name="Email me a link").dblclick()
    shopper.locator("[data-billing-portal-status]").filter(has_text="If this email has a retainer").wait_for()
    shopper.wait_for_timeout(300)
    assert len(sent) == 1, sent


def book(local_stack, email: str) -> str:
    zone = "Europe/London"
    today = date.today()
    slots = local_stack.get(
        f"/api/availability?from={today}&to={today + timedelta(days=14)}&tz={zone}"
    ).json()["slots"]
    answer = local_stack.post(
        "/api/bookings",
        {"name": "Grace Hopper", "email": email, "start": slots[-1]["start"], "timezone": zone},
    )
    assert answer.status == 201, answer.json()
    return answer.json()["manage_url"]


def test_a_double_tap_on_yes_cancel_cancels_once_and_says_so(local_stack, site):
    site.set_viewport_size(PHONE)
    manage_url = book(local_stack, f"e2e-dbl-{uuid.uuid4().hex[:8]}@example.com")
    site.goto(manage_url if manage_url.startswith("http") else local_stack.url + manage_url)
    sent = posts_to(site, r"/cancel$")
    site.get_by_role("button", name="Cancel booking").click()
    site.get_by_role("button", name="Yes, cancel the call").dblclick()
    message = site.locator(".booking-message")
    message.filter(has_text="Your call is cancelled").wait_for()
    site.wait_for_timeout(500)
    assert len(sent) == 1, sent
    assert "already" not in message.inner_text().lower()
    assert "booking-message--error" not in (message.get_attribute("class") or "")


@pytest.mark.parametrize("failure", ["rate limit", "outage"])
def test_a_failed_subscribe_is_said_next_to_the_button_pressed(local_stack, shopper, failure):
    shopper.set_viewport_size(PHONE)
    if failure == "rate limit":
        shopper.route(
            "**/api/checkout",
            lambda route: route.fulfill(
                status=429,
                content_type="application/json",
                body=json.dumps({"message": ratelimit.MESSAGE["en"]}),
            ),
        )
    else:
        shopper.route("**/api/checkout", lambda route: route.abort())
    shopper.goto(local_stack.url + "/pricing/")
    tiers = shopper.locator("[data-subscribe]")
    tiers.last.scroll_into_view_if_needed()
    tiers.last.click()
    dialog = shopper.get_by_role("dialog")
    dialog.get_by_label("Email").fill(f"e2e-fail-{uuid.uuid4().hex[:8]}@example.com")
    button = dialog.get_by_role("button", name="Continue to secure checkout")
    button.click()
    status = dialog.locator("[data-subscribe-status]")
    status.filter(has_text=re.compile(r"\w")).wait_for()
    said, pressed = status.bounding_box(), button.bounding_box()
    assert 0 <= said["y"] and said["y"] + said["height"] <= PHONE["height"], "the message is off screen"
    assert abs(said["y"] - pressed["y"]) < 150, (said, pressed)
    text = status.inner_text()
    assert "your address" not in text and "requests" not in text, text
    if failure == "rate limit":
        assert "Too many attempts from this network" in text and "few minutes" in text
    else:
        assert "connection" in text
    assert button.is_enabled(), "the button stays usable for a retry"
