"""The emailed billing link, walked to its end: once used, its page is the site's own (styled, no
console error, nothing refused by the Content-Security-Policy) and sends a new link to the same
address in one click, once however many times it is clicked."""

from __future__ import annotations

import re
import time
import uuid

import pytest

from tests.e2e.conftest import mail_to
from tests.e2e.test_subscribe import start_checkout

pytestmark = pytest.mark.e2e

LINK = re.compile(r"http://\S+/billing/open/\?token=\S+")


def billing_emails(local_stack, email: str) -> list[dict]:
    return [
        m
        for m in local_stack.get("/_dev/mail.json").json()
        if m["to"] == email and "manage your billing" in m["subject"]
    ]


def test_a_used_link_offers_a_new_one_in_one_click(local_stack, shopper):
    email = f"e2e-renew-{uuid.uuid4().hex[:8]}@example.com"
    start_checkout(local_stack, shopper, email)
    shopper.get_by_role("button", name="Pay and subscribe").click()
    shopper.locator("[data-checkout-status]").filter(has_text="active").wait_for()
    assert local_stack.post("/api/billing-portal", {"email": email}).status == 202
    link = LINK.search(mail_to(local_stack, email, "manage your billing")["text"]).group(0)
    shopper.goto(link)
    shopper.get_by_role("button", name="Open the billing portal").click()
    shopper.wait_for_url(re.compile(r"/portal/bps_"))

    shopper.set_viewport_size({"width": 390, "height": 844})
    shopper.add_init_script("""window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective));""")
    errors = []
    shopper.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "status of 4" not in m.text else None,
    )
    shopper.goto(link)
    shopper.get_by_role("button", name="Open the billing portal").click()
    shopper.locator("[data-billing-open-status]").filter(has_text="already used").wait_for()
    renew = shopper.get_by_role("button", name="Send me a new link")
    assert renew.is_visible()
    # The site's own look: Material's stylesheet and ours applied (a primary button is navy, not grey).
    assert shopper.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    renew.dblclick()
    shopper.locator("[data-billing-renew-status]").filter(has_text="new link is on its way").wait_for()
    assert shopper.evaluate("window.__violations") == [] and errors == []

    deadline = time.monotonic() + 20
    while len(billing_emails(local_stack, email)) < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(1.5)  # a second click's email would have had time to arrive too
    sent = billing_emails(local_stack, email)
    assert len(sent) == 2, [m["subject"] for m in sent]
    fresh = LINK.search(sent[-1]["text"]).group(0)
    assert fresh != link
    shopper.goto(fresh)
    shopper.get_by_role("button", name="Open the billing portal").click()
    shopper.wait_for_url(re.compile(r"/portal/bps_"))
