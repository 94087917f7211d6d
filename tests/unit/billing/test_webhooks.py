"""POST /api/stripe/webhook through the real SDK: events built by the stand-in, signed as Stripe
signs them, verified by stripe.Webhook.construct_event in the route."""

from __future__ import annotations

import base64
import json
import time

import boto3
import pytest

from portal.models.billing import BillingEvent, Invoice
from portal.models.clients import Client

EMAIL = "pat@example.com"


def paid(billing, checkout, email=EMAIL, tier="essentials-10"):
    return billing.pay(checkout(tier=tier, email=email))


def events_of(events, kind):
    return next(e for e in events if e["type"] == kind)


def count(model) -> int:
    return sum(1 for _ in model.scan())


def test_a_paid_checkout_makes_an_active_retainer_with_its_invoice_and_emails(
    billing, deliver, checkout, sent_mail
):
    events = paid(billing, checkout)
    assert [e["type"] for e in events] == [
        "checkout.session.completed",
        "invoice.paid",
        "customer.subscription.created",
    ]
    for event in events:
        assert deliver(event).status == 200
    client = Client.get(EMAIL)
    assert (client.retainer_status, client.tier, client.hours_per_month) == ("active", "essentials-10", 10)
    assert client.subscription_id.startswith("sub_") and client.stripe_customer_id.startswith("cus_")
    assert client.current_period_end > client.current_period_start
    invoice = Invoice.get(events[1]["data"]["object"]["id"])
    assert (invoice.status, invoice.amount, invoice.currency, invoice.email) == ("paid", 40000, "usd", EMAIL)
    assert invoice.hosted_invoice_url.startswith("http")
    listed = [c.email for c in Client.by_retainer_status.query("active")]
    assert listed == [EMAIL]
    assert [i.invoice_id for i in Invoice.by_status.query("paid")] == [invoice.invoice_id]
    subjects = sorted((m["to"], m["subject"]) for m in sent_mail())
    assert subjects == [
        ("hello@northstar-va.example", f"New retainer: {EMAIL}"),
        (EMAIL, "Welcome to Northstar Executive Support"),
    ]
    welcome = next(m["text"] for m in sent_mail() if m["to"] == EMAIL)
    # The plan, its amount, the address used, the next step (intake, then the account), a sign-off.
    for expected in (
        "Essentials",
        "10 hours a month",
        "$400",
        EMAIL,
        "/intake/",
        "/account/",
        "I look forward to working with you.",
    ):
        assert expected in welcome, expected


@pytest.mark.parametrize("problem", ["missing", "wrong secret", "stale", "tampered body"])
def test_a_bad_signature_is_a_400_and_writes_nothing(billing, deliver, checkout, sent_mail, problem):
    event = paid(billing, checkout)[0]
    payload = json.dumps(event)
    if problem == "missing":
        answer = deliver(event, signature="")
    elif problem == "wrong secret":
        answer = deliver(event, secret="whsec_not_ours")
    elif problem == "stale":
        answer = deliver(event, timestamp=int(time.time()) - 301)
    else:
        header = billing.sign(payload)
        answer = deliver({**event, "type": "invoice.paid"}, signature=header)
    assert answer.status == 400, answer.body
    assert count(BillingEvent) == 0 and count(Client) == 0 and sent_mail() == []


def test_a_base64_body_is_verified_as_received(api, billing, checkout):
    event = paid(billing, checkout)[0]
    payload = json.dumps(event).encode()
    runner = api.runner
    route, params = runner.match("POST", "/api/stripe/webhook")
    lambda_event = runner.build_event(
        route,
        params,
        "POST",
        "/api/stripe/webhook",
        [("content-type", "application/json"), ("stripe-signature", billing.sign(payload.decode()))],
        payload,
    )
    lambda_event.update(body=base64.b64encode(payload).decode(), isBase64Encoded=True)
    from infra.local.runner import LambdaContext, to_response

    result = to_response(
        runner.handler(route.function)(lambda_event, LambdaContext("BillingFunction", 512, 10, "r"))
    )
    assert result.status == 200, result.body
    assert Client.get(EMAIL).retainer_status == "active"


def test_rotated_secrets_and_several_v1_signatures_are_accepted(billing, deliver, checkout):
    from portal.billing import stripe_client

    boto3.client("ssm").put_parameter(
        Name="/va-portal/stripe/webhook-secret",
        Overwrite=True,
        Type="SecureString",
        Value=f"whsec_retired, {billing.webhook_secret}",
    )
    stripe_client.reset()
    first, second, _ = paid(billing, checkout)
    assert deliver(first).status == 200
    payload = json.dumps(second)
    now = int(time.time())
    wrong = billing.sign(payload, timestamp=now, secret="whsec_other").split(",")[1]
    right = billing.sign(payload, timestamp=now).split(",")[1]
    assert deliver(second, signature=f"t={now},{wrong},{right}").status == 200
    assert count(BillingEvent) == 2


def test_the_same_event_five_times_changes_once_and_emails_once(billing, deliver, checkout, sent_mail):
    event = paid(billing, checkout)[0]
    answers = [deliver(event) for _ in range(5)]
    assert all(a.status == 200 for a in answers)
    assert [a.json()["outcome"] for a in answers] == ["processed"] + ["duplicate"] * 4
    assert count(BillingEvent) == 1
    assert len([m for m in sent_mail() if m["to"] == EMAIL]) == 1
    assert len([m for m in sent_mail() if m["to"] != EMAIL]) == 1


def test_a_late_subscription_update_does_not_revive_a_cancelled_retainer(
    billing, deliver, checkout, sent_mail
):
    events = paid(billing, checkout)
    for event in events:
        deliver(event)
    subscription_id = Client.get(EMAIL).subscription_id
    late_update = billing.event(
        "customer.subscription.updated", {**events[2]["data"]["object"], "status": "active"}
    )
    billing.cancel(subscription_id)
    deleted = billing.events[-1]
    assert deleted["type"] == "customer.subscription.deleted"
    late_update["created"] = deleted["created"] - 5  # sent before the deletion, arrives after it
    assert deliver(deleted).status == 200
    assert deliver(late_update).status == 200
    same_second = billing.event(
        "customer.subscription.updated", {**events[2]["data"]["object"], "status": "active"}
    )
    assert deliver(same_second).status == 200
    assert Client.get(EMAIL).retainer_status == "canceled"
    assert [m["subject"] for m in sent_mail()].count(f"Retainer cancelled: {EMAIL}") == 1


def test_invoice_paid_before_checkout_completed_still_ends_active(billing, deliver, checkout, sent_mail):
    completed, invoice_paid, created = paid(billing, checkout)
    completed["created"] -= 2  # the session completed first, its event just arrives last
    for event in (invoice_paid, created, completed):
        assert deliver(event).status == 200
    client = Client.get(EMAIL)
    assert (client.retainer_status, client.tier, client.stripe_customer_id) == (
        "active",
        "essentials-10",
        completed["data"]["object"]["customer"],
    )
    assert len([m for m in sent_mail() if m["to"] == EMAIL]) == 1


def test_a_failed_payment_is_past_due_and_emails_both_then_a_payment_is_active(
    billing, deliver, checkout, sent_mail
):
    for event in paid(billing, checkout):
        deliver(event)
    subscription_id = Client.get(EMAIL).subscription_id
    failed = billing.fail(subscription_id)
    assert [e["type"] for e in failed] == ["invoice.payment_failed", "customer.subscription.updated"]
    for event in failed:
        assert deliver(event).status == 200
    assert Client.get(EMAIL).retainer_status == "past_due"
    failed_invoice = Invoice.get(failed[0]["data"]["object"]["id"])
    assert (failed_invoice.status, failed_invoice.amount) == ("open", 40000)
    recipients = sorted(
        m["to"]
        for m in sent_mail()
        if "did not go through" in m["subject"] or "Payment failed" in m["subject"]
    )
    assert recipients == ["hello@northstar-va.example", EMAIL]
    for event in billing.renew(subscription_id):
        assert deliver(event).status == 200
    assert Client.get(EMAIL).retainer_status == "active"
    assert Invoice.get(failed_invoice.invoice_id).status == "paid"


def test_a_handler_error_writes_nothing_answers_5xx_and_the_retry_succeeds(
    billing, deliver, checkout, sent_mail, monkeypatch
):
    from portal.billing import webhooks

    events = paid(billing, checkout)
    assert deliver(events[0]).status == 200
    mails_before = len(sent_mail())
    real = webhooks._invoice

    def broken(fact, email, now):  # fails inside the transaction, after the marker and client were staged
        invoice = real(fact, email, now)
        invoice.amount = None
        return invoice

    monkeypatch.setattr(webhooks, "_invoice", broken)
    answer = deliver(events[1])
    assert answer.status >= 500
    assert b"amount" not in answer.body  # no exception text to the caller
    assert count(BillingEvent) == 1 and count(Invoice) == 0
    assert Client.get(EMAIL).current_period_end is None and len(sent_mail()) == mails_before
    monkeypatch.setattr(webhooks, "_invoice", real)
    assert deliver(events[1]).json()["outcome"] == "processed"
    assert count(BillingEvent) == 2 and count(Invoice) == 1
    assert Client.get(EMAIL).current_period_end is not None


def test_a_plan_change_moves_tier_and_hours(billing, deliver, checkout):
    events = paid(billing, checkout)
    for event in events:
        deliver(event)
    subscription = events[2]["data"]["object"]
    bigger = next(p for p in billing.objects["prices"].values() if p["lookup_key"] == "professional-20")
    subscription["items"]["data"][0]["price"] = bigger
    assert deliver(billing.event("customer.subscription.updated", subscription)).status == 200
    client = Client.get(EMAIL)
    assert (client.tier, client.hours_per_month, client.retainer_status) == ("professional-20", 20, "active")


def test_events_the_portal_does_not_use_are_acknowledged_and_ignored(billing, deliver):
    answer = deliver(billing.event("customer.created", {"id": "cus_x", "object": "customer"}))
    assert (answer.status, answer.json()["outcome"]) == (200, "ignored")
