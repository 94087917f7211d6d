"""The intake questionnaire in headless Chromium, against the running local stack."""

import uuid

import boto3
import pytest

pytestmark = pytest.mark.e2e


def _fill(page, email: str) -> None:
    page.get_by_label("Your name").fill("Ada Quintero")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Company (optional)").fill("Quintero Logistics")
    page.get_by_label("Calendar and scheduling").check()
    page.get_by_label("Email and correspondence").check()
    page.get_by_label("Hours a month you expect").fill("20")
    page.get_by_label("Preferred retainer (optional)").select_option("professional-20")
    page.get_by_label("CRM (optional)").fill("HubSpot")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(day).check()
    page.get_by_label("Day starts").fill("09:00")
    page.get_by_label("Day ends").fill("17:30")
    page.get_by_label("Time zone").fill("Europe/Madrid")
    page.get_by_label("Preferred channel").select_option("slack")
    page.get_by_label("How often we check in").select_option("weekly")
    page.get_by_label("Spending limit without asking (USD)").fill("250")
    page.get_by_label("I may book travel on your behalf").check()
    page.get_by_label("VIP contacts (optional)").fill("Board chair\nKey account")
    page.get_by_label("Accounts I'll need (optional)").fill("Gmail delegate access, HubSpot")


def test_fill_fix_a_server_error_and_submit(local_stack, site):
    site.goto(local_stack.url + "/intake/")
    site.evaluate("localStorage.clear()")
    site.reload()
    form = site.locator("#intake-app form")
    form.wait_for()
    assert site.get_by_label("Time zone").input_value(), "the time zone is defaulted from the browser"
    assert site.locator("#intake-progress").get_attribute("value") == "0"

    _fill(site, "someone@localhost")  # valid to the browser, refused by the server
    assert site.locator("#intake-progress-label").inner_text() == "7 of 7 sections complete"
    site.get_by_role("button", name="Send the questionnaire").click()

    error = site.locator('[data-error-for="email"]')
    error.wait_for(state="visible")
    assert "email" in error.inner_text().lower() or "@" in error.inner_text()
    assert site.get_by_label("Email", exact=True).get_attribute("aria-invalid") == "true"
    assert site.get_by_role("alert").is_visible()

    # A refresh after the failed submit loses nothing.
    site.reload()
    form.wait_for()
    assert site.get_by_label("Email", exact=True).input_value() == "someone@localhost"
    assert site.get_by_label("Calendar and scheduling").is_checked()
    assert site.get_by_label("VIP contacts (optional)").input_value() == "Board chair\nKey account"
    assert site.get_by_label("Time zone").input_value() == "Europe/Madrid"

    email = f"ada+{uuid.uuid4().hex[:8]}@example.com"
    site.get_by_label("Email", exact=True).fill(email)
    site.get_by_role("button", name="Send the questionnaire").click()
    done = site.get_by_role("status")
    done.wait_for()
    intake_id = site.locator("[data-intake-id]").get_attribute("data-intake-id")
    assert uuid.UUID(intake_id)
    assert site.evaluate("localStorage.getItem('va-intake-draft-v1')") is None

    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{local_stack.dynamodb_port}",
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    item = dynamodb.get_item(TableName="IntakesTable", Key={"id": {"S": intake_id}}, ConsistentRead=True)[
        "Item"
    ]
    assert item["client_email"]["S"] == email and item["status"]["S"] == "new"
    assert item["delegation"]["M"]["spending_limit"]["N"] == "25000"
    assert [s["S"] for s in item["services"]["L"]] == ["calendar", "email"]
    assert (
        dynamodb.get_item(TableName="ClientsTable", Key={"email": {"S": email}})["Item"]["name"]["S"]
        == "Ada Quintero"
    )

    reference = intake_id.replace("-", "")[:8].upper()  # the client's short reference
    mails = [m for m in local_stack.mail() if reference in m["text"]]
    assert sorted(m["to"] for m in mails) == sorted([email, "hello@northstar-va.example"])
