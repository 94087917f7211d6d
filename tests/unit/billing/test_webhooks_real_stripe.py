"""Webhooks as real Stripe sends them: events find their client by Stripe customer id, plan changes
from the billing portal survive the renewal (tier from the subscription item's price, period from
its invoice line, not from prorations), deleted customers end the retainer, a second live
subscription is reported and changes nothing, incomplete subscriptions, events of another API
version refused."""

from __future__ import annotations

import pytest

from portal.models.billing import BillingEvent, Invoice
from portal.models.clients import Client

EMAIL = "pat@example.com"
ASSISTANT = "hello@northstar-va.example"


def deliver_all(deliver, events) -> list[str]:
    outcomes = []
    for event in events:
        answer = deliver(event)
        assert answer.status == 200, answer.body
        outcomes.append(answer.json()["outcome"])
    return outcomes


def retainer(billing, deliver, checkout, tier="essentials-10", email=EMAIL) -> dict:
    events = billing.pay(checkout(tier=tier, email=email))
    deliver_all(deliver, events)
    return events[-1]["data"]["object"]  # the subscription


def price(billing, tier: str) -> dict:
    return next(p for p in billing.objects["prices"].values() if p["lookup_key"] == tier)


def test_a_new_email_in_stripe_keeps_one_client_through_renewal_and_cancellation(
    billing, deliver, checkout, sent_mail
):
    subscription = retainer(billing, deliver, checkout)
    billing.api_post_customers(subscription["customer"], {"email": "pat.new@example.com"})
    deliver_all(deliver, billing.renew(subscription["id"]))
    billing.cancel(subscription["id"])
    deliver_all(deliver, billing.events[-1:])
    assert Client.get(EMAIL).retainer_status == "canceled"
    assert [c.email for c in Client.scan()] == [EMAIL]
    assert {i.email for i in Invoice.scan()} == {EMAIL}
    subjects = [m["subject"] for m in sent_mail()]
    assert subjects.count("Welcome to Northstar Executive Support") == 1
    assert f"Retainer cancelled: {EMAIL}" in subjects


@pytest.mark.parametrize(
    "start, change",
    [("essentials-10", "professional-20"), ("executive-40", "essentials-10")],
    ids=["upgrade", "downgrade"],
)
def test_a_plan_change_in_the_portal_survives_the_renewal(billing, deliver, checkout, start, change):
    subscription = retainer(billing, deliver, checkout, tier=start)
    billing.change_plan(subscription["id"], price(billing, change)["id"])  # the portal's "Switch to"
    changed = [e for e in billing.events[-3:]]
    assert deliver_all(deliver, changed) == ["processed", "ignored", "ignored"]  # invoiceitem.created x2
    assert Client.get(EMAIL).tier == change
    renewal = billing.renew(subscription["id"])
    assert [e["type"] for e in renewal] == ["customer.subscription.updated", "invoice.paid"]
    deliver_all(deliver, renewal)
    client = Client.get(EMAIL)
    hours = {"essentials-10": 10, "professional-20": 20, "executive-40": 40}[change]
    assert (client.tier, client.hours_per_month, client.retainer_status) == (change, hours, "active")
    invoice = renewal[1]["data"]["object"]
    line = invoice["lines"]["data"][-1]
    assert [
        line["parent"]["subscription_item_details"]["proration"] for line in invoice["lines"]["data"]
    ] == [
        True,
        True,
        False,
    ]
    assert int(client.current_period_start.timestamp()) == line["period"]["start"]
    assert int(client.current_period_end.timestamp()) == line["period"]["end"]
    stored = Invoice.get(invoice["id"])
    assert (stored.tier, int(stored.period_start.timestamp())) == (change, line["period"]["start"])
    # A downgrade's credit can exceed the renewal: Stripe then takes nothing (and credits the balance).
    assert (
        stored.amount
        == invoice["amount_paid"]
        == max(0, sum(line["amount"] for line in invoice["lines"]["data"]))
    )


def test_the_renewal_invoice_alone_moves_the_tier_and_the_period(billing, deliver, checkout):
    """Even when the subscription's own update is lost, the renewal invoice says what was paid for."""
    subscription = retainer(billing, deliver, checkout)
    billing.change_plan(subscription["id"], price(billing, "professional-20")["id"])
    _, paid = billing.renew(subscription["id"])
    deliver_all(deliver, [paid])
    client = Client.get(EMAIL)
    line = paid["data"]["object"]["lines"]["data"][-1]
    assert (client.tier, client.hours_per_month) == ("professional-20", 20)
    assert int(client.current_period_start.timestamp()) == line["period"]["start"]


def test_an_invoice_with_more_lines_than_its_event_lists_is_read_in_full(billing, deliver, checkout):
    subscription = retainer(billing, deliver, checkout)
    for hour in range(11):  # eleven invoice items (the hours ledger's): the subscription line is 12th
        billing.api_post_invoiceitems(
            None,
            {
                "customer": subscription["customer"],
                "amount": "4200",
                "currency": "usd",
                "description": f"hour {hour}",
            },
        )
    billing.change_plan(subscription["id"], price(billing, "executive-40")["id"])
    _, paid = billing.renew(subscription["id"])
    lines = paid["data"]["object"]["lines"]
    assert lines["has_more"] and all(
        line["parent"]["type"] != "subscription_item_details"
        or line["parent"]["subscription_item_details"]["proration"]
        for line in lines["data"]
    )
    deliver_all(deliver, [paid])
    client = Client.get(EMAIL)
    assert client.tier == "executive-40"
    assert (
        int(client.current_period_end.timestamp())
        == subscription["items"]["data"][0]["current_period_end"] + 30 * 86400
    )


def test_a_deleted_customer_ends_the_retainer(api, billing, deliver, checkout, sent_mail):
    subscription = retainer(billing, deliver, checkout)
    deleted_subscription, deleted_customer = billing.delete_customer(subscription["customer"])
    assert deliver_all(deliver, [deleted_customer]) == ["processed"]  # the customer's event alone is enough
    client = Client.get(EMAIL)
    assert (client.retainer_status, client.stripe_customer_id) == ("canceled", None)
    assert deliver_all(deliver, [deleted_subscription]) == ["processed"]
    assert Client.get(EMAIL).retainer_status == "canceled"
    assert [m["subject"] for m in sent_mail()].count(f"Retainer cancelled: {EMAIL}") == 1
    assert "Stripe customer of" in next(
        m["text"] for m in sent_mail() if m["subject"].startswith("Retainer cancelled")
    )
    again = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL})
    assert (
        again.status == 200
        and billing.objects["checkout_sessions"][again.json()["session_id"]]["customer"] is None
    )


def test_a_second_live_subscription_is_reported_once_and_changes_nothing(
    api, billing, deliver, checkout, sent_mail
):
    first_session, second_session = (
        checkout(),
        checkout(tier="executive-40"),
    )  # two tabs, before either is paid
    first = billing.pay(first_session)
    second = billing.pay(second_session)
    deliver_all(deliver, first + second)
    client = Client.get(EMAIL)
    assert (client.subscription_id, client.tier) == (first[-1]["data"]["object"]["id"], "essentials-10")
    assert client.stripe_customer_id == first[-1]["data"]["object"]["customer"]
    second_id = second[-1]["data"]["object"]["id"]
    assert client.other_subscriptions == {second_id}
    deliver_all(deliver, billing.renew(second_id))  # its renewal is no news either
    reports = [m for m in sent_mail() if m["subject"] == f"Action needed: a second subscription for {EMAIL}"]
    assert len(reports) == 1 and reports[0]["to"] == ASSISTANT
    assert second_id in reports[0]["text"] and client.subscription_id in reports[0]["text"]
    assert [m["subject"] for m in sent_mail()].count("Welcome to Northstar Executive Support") == 1
    assert api.get(f"/api/checkout/sessions/{first_session}").json()["status"] == "active"
    assert api.get(f"/api/checkout/sessions/{second_session}").json() == {
        "status": "duplicate",
        "tier": "executive-40",
        "hours": None,
        "email": EMAIL,
    }
    assert Client.get(EMAIL).subscription_id == client.subscription_id


def test_an_incomplete_subscription_is_no_retainer_until_paid(billing, deliver, sent_mail):
    customer = billing.api_post_customers(None, {"email": "kim@example.com"})
    subscription = billing.create_subscription(
        {
            "customer": customer["id"],
            "payment_behavior": "default_incomplete",
            "items": [{"price": price(billing, "essentials-10")["id"]}],
        }
    )
    deliver_all(deliver, billing.events[-1:])
    assert Client.get("kim@example.com").retainer_status is None
    deliver_all(deliver, billing.renew(subscription["id"]))  # the open first invoice is paid
    assert Client.get("kim@example.com").retainer_status == "active"
    other = billing.create_subscription(
        {
            "customer": customer["id"],
            "payment_behavior": "default_incomplete",
            "items": [{"price": price(billing, "executive-40")["id"]}],
        }
    )
    deliver_all(deliver, billing.events[-1:] + billing.expire(other["id"]))
    assert Client.get("kim@example.com").subscription_id == subscription["id"]
    assert not [
        m for m in sent_mail() if "second subscription" in m["subject"] or "cancelled" in m["subject"]
    ]


def test_an_incomplete_subscription_that_expires_sends_no_cancellation(billing, deliver, sent_mail):
    customer = billing.api_post_customers(None, {"email": "lou@example.com"})
    subscription = billing.create_subscription(
        {
            "customer": customer["id"],
            "payment_behavior": "default_incomplete",
            "items": [{"price": price(billing, "essentials-10")["id"]}],
        }
    )
    deliver_all(deliver, billing.events[-1:] + billing.expire(subscription["id"]))
    assert Client.get("lou@example.com").retainer_status == "canceled"
    assert sent_mail() == []


def test_an_event_of_another_api_version_is_refused_and_writes_nothing(billing, deliver, checkout, sent_mail):
    event = billing.pay(checkout())[0]
    answer = deliver({**event, "api_version": "2024-06-20"})
    assert answer.status == 400 and b"2024-06-20" in answer.body and b"make stripe-sync" in answer.body
    assert list(BillingEvent.scan()) == [] and list(Client.scan()) == [] and sent_mail() == []
    assert deliver(event).status == 200
