"""Subscribing in a real browser: pricing page -> the stand-in's hosted checkout -> success page."""
import re
import uuid

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def shopper(local_stack, page):
    """A page that may visit the stack and the local Stripe stand-in (loopback), nothing else."""
    outside = []
    page.on("request", lambda request: None if re.match(r"^(http://127\.0\.0\.1:\d+/|data:|blob:)", request.url)
            else outside.append(request.url))
    page.set_default_timeout(15_000)
    yield page
    assert not outside, f"requests left the machine: {outside}"


def start_checkout(local_stack, page, tier="essentials-10"):
    page.goto(local_stack.url + "/pricing/")
    page.locator(f'[data-subscribe="{tier}"]').click()
    page.wait_for_url(re.compile(r"/pay/cs_test_"))
    assert "Local test stand-in" in page.locator(".banner").inner_text()


def test_subscribing_through_checkout_ends_active(local_stack, shopper):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    start_checkout(local_stack, shopper)
    shopper.get_by_label("Email").fill(email)
    shopper.get_by_role("button", name="Pay and subscribe").click()
    shopper.wait_for_url(re.compile(r"/subscribe/success/\?session_id=cs_test_"))
    status = shopper.locator("[data-checkout-status]")
    status.filter(has_text="active").wait_for()
    assert "Your retainer is active" in status.inner_text()
    assert any(m["to"] == email and m["subject"].startswith("Welcome") for m in local_stack.mail())


def test_a_declined_card_says_so_and_activates_nothing(local_stack, shopper):
    start_checkout(local_stack, shopper, "professional-20")
    session_id = shopper.url.rsplit("/", 1)[-1]
    shopper.get_by_label("Email").fill(f"e2e-declined-{uuid.uuid4().hex[:8]}@example.com")
    shopper.get_by_role("button", name="Decline the card").click()
    assert "Your card was declined" in shopper.get_by_role("alert").inner_text()
    assert "No payment was taken" in shopper.get_by_role("alert").inner_text()
    shopper.get_by_role("link", name="Return to the site").click()
    shopper.wait_for_url(re.compile(r"/subscribe/cancelled/"))
    assert "No payment was taken" in shopper.locator("article").inner_text()
    assert local_stack.get(f"/api/checkout/sessions/{session_id}").json()["status"] == "pending"


def test_the_billing_page_answers_without_telling_who_is_a_client(local_stack, shopper):
    shopper.goto(local_stack.url + "/billing/")
    shopper.get_by_label("Email", exact=True).fill("nobody-here@example.com")
    shopper.get_by_role("button", name="Email me a link").click()
    status = shopper.locator("[data-billing-portal-status]")
    status.filter(has_text="If this email has a retainer").wait_for()
