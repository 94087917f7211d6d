"""The offline Stripe stand-in makes what real Stripe makes, checked against stripe-python's own
generated types (not against our code): every object and event of a whole story, prorations,
invoice items with Idempotency-Key (the other flows: test_standin_flows.py)."""

from __future__ import annotations

import pytest
import stripe

from portal.billing import stripe_client
from tests.unit.billing.standin_helpers import price_of, subscribe
from tests.unit.billing.stripe_types import check


def story(standin, client) -> None:
    """Everything the stand-in can make, once."""
    subscription = subscribe(standin, client)
    customer = subscription["customer"]
    client.v1.invoice_items.create(
        params={
            "customer": customer,
            "amount": 4500,
            "currency": "usd",
            "description": "Extra hours",
            "metadata": {"ledger": "l1"},
        }
    )
    item = subscription["items"]["data"][0]["id"]
    client.v1.subscriptions.update(
        subscription["id"],
        params={"items": [{"id": item, "price": price_of(standin, "professional-20")["id"]}]},
    )
    standin.renew(subscription["id"])
    standin.fail(subscription["id"])
    standin.renew(subscription["id"])
    client.v1.subscriptions.update(
        subscription["id"],
        params={
            "items": [{"id": item, "price": price_of(standin, "essentials-10")["id"]}],
            "proration_behavior": "always_invoice",
        },
    )
    portal = client.v1.billing_portal.sessions.create(
        params={"customer": customer, "return_url": "http://x/"}
    )
    assert portal.url.startswith(standin.url)
    client.v1.webhook_endpoints.create(
        params={
            "url": "http://127.0.0.1:9/hook",
            "enabled_events": ["invoice.paid"],
            "api_version": stripe_client.API_VERSION,
        }
    )
    payment = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "customer": customer,
            "success_url": "http://x/ok",
            "metadata": {"block": "10h"},
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": 90000,
                        "product_data": {"name": "10 prepaid hours"},
                    },
                }
            ],
        }
    )
    standin.pay(payment.id)
    price = price_of(standin, "essentials-10")["id"]
    for behavior, then in (
        ("default_incomplete", standin.expire),
        ("default_incomplete", standin.renew),
        (None, None),
    ):
        other = client.v1.subscriptions.create(
            params={
                "customer": customer,
                "items": [{"price": price}],
                **({"payment_behavior": behavior} if behavior else {}),
            }
        )
        if then:
            then(other.id)
    standin.cancel(subscription["id"])
    standin.delete_customer(customer)


def test_every_object_and_event_of_a_whole_story_matches_the_sdks_types(stand):
    standin, client = stand
    story(standin, client)
    kinds = {kind: len(objects) for kind, objects in standin.objects.items()}
    assert all(kinds.values()), kinds  # the story made something of every kind
    problems = [p for objects in standin.objects.values() for obj in objects.values() for p in check(obj)]
    for event in standin.events:
        problems += check(event, path=event["type"])
        problems += check(event["data"]["object"], path=f"{event['type']}.data.object")
    assert problems == []
    assert {e["type"] for e in standin.events} >= {
        "checkout.session.completed",
        "invoice.paid",
        "invoice.payment_failed",
        "invoiceitem.created",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "customer.deleted",
    }


def test_the_check_catches_what_stripe_no_longer_sends():
    invoice = {
        "id": "in_1",
        "object": "invoice",
        "paid": True,
        "amount_due": "40000",
        "amount_paid": None,
        "lines": {
            "object": "list",
            "has_more": False,
            "url": "/v1/invoices/in_1/lines",
            "data": [{"object": "line_item", "id": "il_1", "price": "price_1", "pricing": {"type": "price"}}],
        },
    }
    problems = check(invoice)
    assert any(".paid: not an attribute" in p for p in problems)
    assert any(".amount_paid: null" in p for p in problems)
    assert any(".pricing.type: 'price' is not one of" in p for p in problems)
    assert any(".amount_due: '40000'" in p for p in problems)
    assert any(".lines.data[0].price: not an attribute" in p for p in problems)


def test_a_plan_change_makes_prorations_that_the_renewal_invoices_before_the_new_period(stand):
    standin, client = stand
    subscription = subscribe(standin, client)
    item = subscription["items"]["data"][0]
    bigger = price_of(standin, "professional-20")
    client.v1.subscriptions.update(
        subscription["id"], params={"items": [{"id": item["id"], "price": bigger["id"]}]}
    )
    pending = client.v1.invoice_items.list(
        params={"customer": subscription["customer"], "pending": True}
    ).data
    assert sorted(i.amount < 0 for i in pending) == [False, True] and all(i.proration for i in pending)
    assert standin.events[-3]["type"] == "customer.subscription.updated"
    assert standin.events[-3]["data"]["object"]["metadata"] == {
        "tier": "essentials-10"
    }  # checkout's, unchanged
    updated, paid = standin.renew(subscription["id"])
    invoice = paid["data"]["object"]
    kinds = [
        (line["parent"]["type"], line["parent"]["subscription_item_details"]["proration"])
        for line in invoice["lines"]["data"]
    ]
    assert kinds == [("subscription_item_details", True)] * 2 + [("subscription_item_details", False)]
    last = invoice["lines"]["data"][-1]
    assert last["pricing"]["price_details"]["price"] == bigger["id"]
    assert last["period"]["start"] == item["current_period_end"]  # the new period...
    assert (
        invoice["period_end"] == item["current_period_end"]
    )  # ...while the invoice's own is the one that ended
    assert invoice["amount_due"] == sum(line["amount"] for line in invoice["lines"]["data"])
    assert invoice["parent"]["subscription_details"]["metadata"] == {"tier": "essentials-10"}


def test_invoice_items_honour_the_idempotency_key_and_list_as_stripe_does(stand):
    standin, client = stand
    customer = client.v1.customers.create(params={"email": "lee@example.com"}).id
    params = {
        "customer": customer,
        "amount": 2250,
        "currency": "usd",
        "description": "1.5 extra hours",
        "metadata": {"entry": "e1"},
    }
    first = client.v1.invoice_items.create(params=params, options={"idempotency_key": "ledger-e1"})
    again = client.v1.invoice_items.create(params=params, options={"idempotency_key": "ledger-e1"})
    assert again.id == first.id and len(standin.objects["invoiceitems"]) == 1
    with pytest.raises(stripe.IdempotencyError):
        client.v1.invoice_items.create(
            params={**params, "amount": 9999}, options={"idempotency_key": "ledger-e1"}
        )
    second = client.v1.invoice_items.create(
        params={**params, "description": "more"}, options={"idempotency_key": "e2"}
    )
    listed = client.v1.invoice_items.list(params={"customer": customer, "limit": 1})
    assert (listed.object, [i.id for i in listed.data], listed.has_more) == ("list", [second.id], True)
    assert [i.id for i in client.v1.invoice_items.list(params={"customer": customer}).auto_paging_iter()] == [
        second.id,
        first.id,
    ]
    assert client.v1.invoice_items.list(params={"customer": "cus_other"}).data == []
    assert first.to_dict()["metadata"] == {"entry": "e1"} and first.invoice is None


def test_pending_invoice_items_go_on_the_next_renewal_invoice(stand):
    standin, client = stand
    subscription = subscribe(standin, client)
    extra = client.v1.invoice_items.create(
        params={
            "customer": subscription["customer"],
            "amount": 4500,
            "currency": "usd",
            "description": "3 extra hours",
        }
    )
    _, paid = standin.renew(subscription["id"])
    invoice = paid["data"]["object"]
    assert invoice["amount_due"] == 40000 + 4500 == invoice["amount_paid"]
    lines = invoice["lines"]["data"]
    assert lines[0]["parent"] == {
        "type": "invoice_item_details",
        "subscription_item_details": None,
        "invoice_item_details": {
            "invoice_item": extra.id,
            "proration": False,
            "proration_details": {"credited_items": None},
            "subscription": None,
        },
    }
    assert client.v1.invoice_items.retrieve(extra.id).invoice == invoice["id"]
    assert (
        client.v1.invoice_items.list(params={"customer": subscription["customer"], "pending": True}).data
        == []
    )
