"""The retainer hours ledger in real browsers: the assistant logs time in the practice view, the
client's meter moves and the 80% email arrives, the client approves extra hours on the account page,
a renewal in the Stripe stand-in closes the period, and Stripe holds ONE invoice item for the extra."""

import json
import re
import urllib.request
import uuid
from datetime import UTC, datetime

import pytest

from infra.local import template as tpl
from tests.e2e.conftest import mail_to
from tests.e2e.test_account import ask_for_link, open_link
from tests.e2e.test_practice import sign_in
from tests.integration.test_billing_stack import form_post

pytestmark = pytest.mark.e2e


def _stripe(base: str, path: str) -> dict:
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer sk_test_standin"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _log(page, email: str, duration: str) -> None:
    page.locator(f'#practice-log-client option[value="{email}"]').wait_for(state="attached")
    page.select_option("#practice-log-client", email)
    page.fill("#practice-log-date", datetime.now(UTC).date().isoformat())
    page.fill("#practice-log-minutes", duration)
    page.select_option("#practice-log-service", index=1)
    page.fill("#practice-log-description", "Inbox and calendar")
    page.locator("#practice-log-form").get_by_role("button", name="Log time").click()
    page.locator("#practice-log-status").filter(has_text="Logged").wait_for()


def test_logged_hours_alert_approve_and_bill_once_at_renewal(local_stack, browser):
    email = f"e2e-hours-{uuid.uuid4().hex[:8]}@example.com"
    client = browser.new_context().new_page()
    client.set_default_timeout(15_000)
    client.goto(local_stack.url + "/pricing/")
    client.locator('[data-subscribe="essentials-10"]').click()
    dialog = client.get_by_role("dialog")
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Continue to secure checkout").click()
    client.wait_for_url(re.compile(r"/pay/cs_test_"))
    base, session_id = client.url.split("/pay/")[0], client.url.rsplit("/", 1)[-1]
    client.get_by_role("button", name="Pay and subscribe").click()
    client.locator("[data-checkout-status]").filter(has_text="active").wait_for()
    session = _stripe(base, f"/v1/checkout/sessions/{session_id}")

    practice = browser.new_context().new_page()
    practice.set_default_timeout(15_000)
    sign_in(local_stack, practice, tpl.parameter_defaults()["AssistantEmail"])
    practice.wait_for_url(re.compile(r"/practice/$"))
    _log(practice, email, "8h")  # 80% of Essentials' 10 hours
    assert "80%" in mail_to(local_stack, email, "80%")["subject"]

    open_link(local_stack, client, ask_for_link(local_stack, client, email))
    client.wait_for_url(re.compile(r"/account/$"))
    client.locator("#account-hours-meter").wait_for()
    assert client.locator("#account-hours-meter").get_attribute("value") == "480"

    _log(practice, email, "2h")  # the plan's hours are used up
    mail_to(local_stack, email, "100%")
    client.reload()
    client.get_by_label("Extra hours to approve").fill("1")
    client.get_by_role("button", name="Approve extra hours").click()
    client.get_by_text("Approved").first.wait_for()
    _log(practice, email, "30")  # half an hour of the approved extra

    assert form_post(f"{base}/admin/subscriptions/{session['subscription']}/renew", {}) == 303
    mail_to(local_stack, email, "statement")
    items = _stripe(base, f"/v1/invoiceitems?customer={session['customer']}")["data"]
    assert [(i["amount"], i["currency"]) for i in items] == [(2100, "usd")]  # 0.5 h at $42, once
