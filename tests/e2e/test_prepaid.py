"""An hourly client buys a prepaid block in a real browser: the pricing page asks for the email,
the stand-in's checkout takes the payment, the success page says the hours are ready, the receipt
arrives, and the account page shows the block with its expiry; the assistant's time draws on it."""

import re
import uuid

import pytest

from infra.local import template as tpl
from tests.e2e.conftest import mail_to
from tests.e2e.test_account import ask_for_link, open_link
from tests.e2e.test_ledger import _log
from tests.e2e.test_practice import sign_in

pytestmark = pytest.mark.e2e


def test_an_hourly_client_buys_five_hours_and_sees_them_drawn(local_stack, browser):
    email = f"e2e-prepaid-{uuid.uuid4().hex[:8]}@example.com"
    client = browser.new_context().new_page()
    client.set_default_timeout(15_000)
    client.goto(local_stack.url + "/pricing/")
    client.get_by_role("button", name="Buy 5 hours").click()
    dialog = client.get_by_role("dialog", name="Buy 5 hours")
    assert "prepaid hours" in dialog.inner_text()
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Continue to secure checkout").click()
    client.wait_for_url(re.compile(r"/pay/cs_test_"))
    assert "Total: 225.00 USD" in client.locator("body").inner_text()
    client.get_by_role("button", name="Pay", exact=True).click()
    client.wait_for_url(re.compile(r"/prepaid/success/\?session_id=cs_test_"))
    client.locator("[data-checkout-status]").filter(has_text="ready").wait_for()
    assert "Your 5 prepaid hours are ready" in client.locator("[data-checkout-status]").inner_text()
    assert "5 prepaid hours" in mail_to(local_stack, email, "prepaid hours")["subject"]

    practice = browser.new_context().new_page()
    practice.set_default_timeout(15_000)
    sign_in(local_stack, practice, tpl.parameter_defaults()["AssistantEmail"])
    practice.wait_for_url(re.compile(r"/practice/$"))
    _log(practice, email, "1h30")

    open_link(local_stack, client, ask_for_link(local_stack, client, email))
    client.wait_for_url(re.compile(r"/account/$"))
    meter = client.locator("#account-hours-meter")
    meter.wait_for()
    assert (meter.get_attribute("value"), meter.get_attribute("max")) == ("90", "300")
    blocks = client.locator("[data-prepaid-blocks] li")
    assert (
        blocks.count() == 1 and "5 h" in blocks.first.inner_text() and "expires" in blocks.first.inner_text()
    )
    assert client.get_by_role("link", name="Buy more hours").get_attribute("href") == "/pricing/#by-the-hour"
