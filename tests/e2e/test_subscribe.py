"""Subscribing in a real browser: pricing page (email first) -> the stand-in's hosted checkout ->
success page; and the billing-portal page an emailed link opens."""

import re
import uuid

import pytest

from tests.e2e.conftest import mail_to

pytestmark = pytest.mark.e2e


def start_checkout(local_stack, page, email, tier="essentials-10"):
    page.goto(local_stack.url + "/pricing/")
    page.locator(f'[data-subscribe="{tier}"]').click()
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_role("heading").inner_text().startswith("Subscribe to")
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Continue to secure checkout").click()
    page.wait_for_url(re.compile(r"/pay/cs_test_"))
    assert "Local test stand-in" in page.locator(".banner").inner_text()
    assert page.get_by_label("Email").input_value() == email  # Checkout has it, as Stripe prefills it


def test_subscribing_through_checkout_ends_active(local_stack, shopper):
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    start_checkout(local_stack, shopper, email)
    shopper.get_by_role("button", name="Pay and subscribe").click()
    shopper.wait_for_url(re.compile(r"/subscribe/success/\?session_id=cs_test_"))
    status = shopper.locator("[data-checkout-status]")
    status.filter(has_text="active").wait_for()
    text = status.inner_text()  # with the plan, amount and email once the page has them
    assert "retainer" in text and "is active" in text
    assert mail_to(local_stack, email, "Welcome")["subject"].startswith("Welcome")  # through the outbox


def test_a_declined_card_says_so_and_activates_nothing(local_stack, shopper):
    start_checkout(
        local_stack, shopper, f"e2e-declined-{uuid.uuid4().hex[:8]}@example.com", "professional-20"
    )
    session_id = shopper.url.rsplit("/", 1)[-1]
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


def test_subscribe_asks_for_the_email_and_refuses_a_second_retainer(local_stack, shopper):
    email = f"e2e-twice-{uuid.uuid4().hex[:8]}@example.com"
    start_checkout(local_stack, shopper, email)
    shopper.get_by_role("button", name="Pay and subscribe").click()
    shopper.locator("[data-checkout-status]").filter(has_text="active").wait_for()
    shopper.goto(local_stack.url + "/pricing/")
    shopper.locator('[data-subscribe="executive-40"]').click()
    dialog = shopper.get_by_role("dialog")
    dialog.get_by_role("button", name="Continue to secure checkout").click()
    assert "Please enter your email" in dialog.locator("[data-subscribe-status]").inner_text()
    dialog.get_by_label("Email").fill(email.upper())
    dialog.get_by_role("button", name="Continue to secure checkout").click()
    status = dialog.locator("[data-subscribe-status]")
    status.filter(has_text="second subscription is not possible").wait_for()
    assert dialog.get_by_role("link", name="Go to the billing page").get_attribute("href") == "/billing/"
    assert "/pricing/" in shopper.url


def test_the_emailed_billing_link_opens_a_page_whose_button_opens_the_portal_once(local_stack, shopper):
    email = f"e2e-portal-{uuid.uuid4().hex[:8]}@example.com"
    start_checkout(local_stack, shopper, email)
    shopper.get_by_role("button", name="Pay and subscribe").click()
    shopper.locator("[data-checkout-status]").filter(has_text="active").wait_for()
    assert local_stack.post("/api/billing-portal", {"email": email}).status == 202
    text = mail_to(local_stack, email, "manage your billing")["text"]
    link = re.search(r"http://\S+/billing/open/\?token=\S+", text).group(0)
    shopper.goto(link)
    shopper.goto(link)  # opening the page twice (a mail scanner, a preview) uses nothing
    shopper.get_by_role("button", name="Open the billing portal").click()
    shopper.wait_for_url(re.compile(r"/portal/bps_"))
    assert "Billing portal" in shopper.get_by_role("heading", level=1).inner_text()
    shopper.goto(link)
    shopper.get_by_role("button", name="Open the billing portal").click()
    status = shopper.locator("[data-billing-open-status]")
    status.filter(has_text="already used").wait_for()
    assert status.get_by_role("link", name="Ask for a new link").get_attribute("href") == "/billing/"
