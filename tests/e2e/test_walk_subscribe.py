"""Subscribing, walked on a phone: the success page and the welcome email name the plan, its amount
and the email used, and point to the next step (the intake, then the account); nothing promises an
email that will not come."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.conftest import mail_to
from tests.e2e.test_subscribe import start_checkout

pytestmark = pytest.mark.e2e


def test_the_success_page_and_welcome_email_say_what_was_bought_and_what_comes_next(local_stack, shopper):
    shopper.set_viewport_size({"width": 390, "height": 844})
    tier = next(t for t in local_stack.get("/api/catalog").json()["tiers"] if t["id"] == "essentials-10")
    amount = f"${tier['price']['amount'] // 100}"
    email = f"e2e-walk-{uuid.uuid4().hex[:8]}@example.com"
    start_checkout(local_stack, shopper, email)
    shopper.get_by_role("button", name="Pay and subscribe").click()
    shopper.wait_for_url(re.compile(r"/subscribe/success/\?session_id=cs_test_"))
    status = shopper.locator("[data-checkout-status]")
    status.filter(has_text=email).wait_for()
    said = status.inner_text()
    for expected in (tier["name"], f"{tier['hours_per_month']} hours a month", amount, email):
        assert expected in said, (expected, said)
    next_steps = shopper.locator("[data-checkout-next]")
    assert next_steps.is_visible()
    assert (
        next_steps.get_by_role("link", name="intake questionnaire").get_attribute("href").endswith("/intake/")
    )
    assert next_steps.get_by_role("link", name="your account").get_attribute("href").endswith("/account/")

    welcome = mail_to(local_stack, email, "Welcome")["text"]
    for expected in (tier["name"], amount, email, "/intake/", "/account/"):
        assert expected in welcome, expected
    assert welcome.rstrip().splitlines()[-3] == "Maya Lindqvist", "signed by the assistant"


def test_the_success_page_promises_no_email_before_stripe_confirms(local_stack, shopper):
    shopper.goto(local_stack.url + "/subscribe/success/")
    status = shopper.locator("[data-checkout-status]")
    status.filter(has_text="no checkout").wait_for()
    assert "email" not in shopper.locator("article").inner_text().lower()
    assert not shopper.locator("[data-checkout-next]").is_visible()
