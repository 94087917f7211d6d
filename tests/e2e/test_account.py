"""The client's account in a real browser: subscribe through the Stripe stand-in, sign in from the
emailed link (a button, never automatic; the token leaves the address bar), see the plan and the
invoice, find a used link refused with a way to ask for a new one, and sign out."""

import re
import time
import uuid

import pytest

pytestmark = pytest.mark.e2e

LINK = re.compile(r"/account/sign-in/\?token=([A-Za-z0-9_.~%-]+)")


def sign_in_link(local_stack, address, after):
    """The path of the newest sign-in link emailed to `address` among the emails after the first `after`."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for mail in reversed(local_stack.mail()[after:]):
            found = LINK.search(mail["text"]) if address in mail["to"] else None
            if found:
                return "/account/sign-in/?token=" + found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no sign-in link reached {address}")


def ask_for_link(local_stack, page, address) -> str:
    already = len(local_stack.mail())
    page.goto(local_stack.url + "/account/sign-in/")
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_role("button", name="Email me a sign-in link").click()
    page.locator("#sign-in-status").filter(has_text="Check your email").wait_for()
    return sign_in_link(local_stack, address, already)


def open_link(local_stack, page, link):
    page.goto(local_stack.url + link)
    assert "token=" not in page.url, "the token stays in the address bar"
    page.get_by_role("button", name="Sign in", exact=True).click()


def subscribe(local_stack, page, email, tier):
    page.goto(local_stack.url + "/pricing/")
    page.locator(f'[data-subscribe="{tier}"]').click()
    dialog = page.get_by_role("dialog")  # the pricing page asks for the email before Stripe
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Continue to secure checkout").click()
    page.wait_for_url(re.compile(r"/pay/cs_test_"))
    page.get_by_role("button", name="Pay and subscribe").click()
    page.wait_for_url(re.compile(r"/subscribe/success/\?session_id=cs_test_"))
    page.locator("[data-checkout-status]").filter(has_text="active").wait_for()


def test_a_client_signs_in_from_the_email_and_sees_plan_and_invoice(local_stack, shopper):
    catalog = local_stack.get("/api/catalog").json()
    tier = catalog["tiers"][0]
    email = f"e2e-account-{uuid.uuid4().hex[:8]}@example.com"
    subscribe(local_stack, shopper, email, tier["id"])

    # Signed out, the account page says so and points to the sign-in page.
    shopper.goto(local_stack.url + "/account/")
    signed_out = shopper.locator('[data-portal-state="signed-out"]')
    signed_out.get_by_role("link", name="Sign in", exact=True).click()
    shopper.wait_for_url("**/account/sign-in/")

    link = ask_for_link(local_stack, shopper, email)
    open_link(local_stack, shopper, link)
    shopper.wait_for_url(re.compile(r"/account/$"))
    assert shopper.locator("[data-signed-in-as]").get_attribute("data-signed-in-as") == email

    plan = shopper.locator("#account-plan")
    plan.locator('[data-retainer-status="active"]').wait_for()
    assert tier["name"] in plan.inner_text()
    assert "Active" in plan.inner_text()

    # The invoice of the first month, recorded from Stripe's webhook: it may land a moment later.
    rows = shopper.locator("#account-invoices tbody tr")
    deadline = time.monotonic() + 20
    while rows.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        shopper.reload()
        shopper.locator("#account-plan").wait_for()
    assert rows.count() == 1
    invoice = rows.first.inner_text()
    assert "$" + format(tier["price"]["amount"] // 100, ",") in invoice
    assert "Paid" in invoice
    assert rows.first.get_by_role("link", name=re.compile("View invoice")).get_attribute("href")
    assert shopper.get_by_role("button", name="Manage billing").is_visible()

    # The link worked once: opened again, it is refused and the email form is back.
    open_link(local_stack, shopper, link)
    shopper.locator("#sign-in-status").filter(has_text="expired or was already used").wait_for()
    assert shopper.get_by_label("Email", exact=True).is_visible()

    # Signing out ends the session: the account page is signed out again.
    shopper.goto(local_stack.url + "/account/")
    shopper.get_by_role("button", name="Sign out", exact=True).click()
    shopper.locator('[data-portal-state="signed-out"]').wait_for()
    shopper.reload()
    shopper.locator('[data-portal-state="signed-out"]').wait_for()


def test_the_account_page_reads_on_a_phone(local_stack, shopper):
    shopper.set_viewport_size({"width": 390, "height": 844})
    email = f"e2e-phone-{uuid.uuid4().hex[:8]}@example.com"
    subscribe(local_stack, shopper, email, local_stack.get("/api/catalog").json()["tiers"][0]["id"])
    open_link(local_stack, shopper, ask_for_link(local_stack, shopper, email))
    shopper.locator("#account-plan").wait_for()
    overflow = shopper.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the account page scrolls sideways on a phone"
    for button in shopper.locator("#account-app button:visible").all():
        box = button.bounding_box()
        assert box and box["height"] >= 44, (button.inner_text(), box)
