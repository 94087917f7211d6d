"""The offline Stripe stand-in makes what real Stripe makes, checked against stripe-python's own
generated types (not against our code): every object and event of a whole story, prorations,
deleted customers, incomplete subscriptions, invoice items with Idempotency-Key, payment-mode
Checkout, the billing portal's plan changes."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
import stripe

from infra.stripe_standin import StandIn
from portal.billing import stripe_client, sync
from tests.unit.billing.stripe_types import check


@pytest.fixture
def stand():
    standin = StandIn(deliver_async=False).start()
    client = stripe_client.build(standin.api_key, standin.url)
    sync.sync(client, return_url="http://127.0.0.1:8000/billing/")
    yield standin, client
    standin.stop()


def price_of(standin, tier: str) -> dict:
    return next(p for p in standin.objects["prices"].values() if p["lookup_key"] == tier)


def subscribe(standin, client, tier="essentials-10", email="pat@example.com", **extra):
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "line_items": [{"price": price_of(standin, tier)["id"], "quantity": 1}],
            "success_url": "http://x/ok",
            "metadata": {"tier": tier},
            "subscription_data": {"metadata": {"tier": tier}},
            **({"customer_email": email} if "customer" not in extra else {}),
            **extra,
        }
    )
    events = standin.pay(session.id)
    return events[-1]["data"]["object"]


def form_post(url: str, fields: dict | None = None) -> int:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields or {}).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


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


def test_checkout_in_payment_mode_sends_a_paid_completed_session_with_its_metadata(stand):
    standin, client = stand
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "customer_email": "lee@example.com",
            "success_url": "http://x/ok",
            "metadata": {"kind": "prepaid-block", "hours": "10"},
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
    assert session.amount_total == 90000 and session.mode == "payment"
    with urllib.request.urlopen(session.url, timeout=10) as response:
        assert b"10 prepaid hours" in response.read()
    (completed,) = standin.pay(session.id)
    obj = completed["data"]["object"]
    assert completed["type"] == "checkout.session.completed"
    assert (obj["mode"], obj["payment_status"], obj["status"]) == ("payment", "paid", "complete")
    assert obj["metadata"] == {"kind": "prepaid-block", "hours": "10"} and obj["subscription"] is None
    assert obj["payment_intent"].startswith("pi_") and obj["customer_details"]["email"] == "lee@example.com"
    assert standin.objects["subscriptions"] == {}


def test_the_portal_changes_plans_only_as_its_configuration_allows(stand):
    standin, client = stand
    subscription = subscribe(standin, client)
    ours = client.v1.billing_portal.configurations.list(params={"active": True, "is_default": False}).data[0]
    default = client.v1.billing_portal.sessions.create(params={"customer": subscription["customer"]})
    with urllib.request.urlopen(default.url, timeout=10) as response:
        assert b"Switch to" not in response.read()  # the account default allows no plan change
    session = client.v1.billing_portal.sessions.create(
        params={"customer": subscription["customer"], "configuration": ours.id}
    )
    with urllib.request.urlopen(session.url, timeout=10) as response:
        assert b"Switch to Professional" in response.read()
    bigger = price_of(standin, "professional-20")["id"]
    assert form_post(f"{session.url}/plan/{subscription['id']}/{bigger}") == 200
    assert standin.objects["subscriptions"][subscription["id"]]["items"]["data"][0]["price"]["id"] == bigger
    assert len(standin.objects["invoiceitems"]) == 2  # create_prorations: both wait for the renewal
    form_post(f"{session.url}/cancel/{subscription['id']}")
    assert standin.objects["subscriptions"][subscription["id"]]["cancel_at_period_end"] is True
    (deleted,) = standin.renew(subscription["id"])
    assert deleted["type"] == "customer.subscription.deleted"


def test_a_deleted_customer_ends_its_subscriptions_and_is_gone(stand):
    standin, client = stand
    subscription = subscribe(standin, client)
    customer = subscription["customer"]
    events = standin.delete_customer(customer)
    assert [e["type"] for e in events] == ["customer.subscription.deleted", "customer.deleted"]
    assert events[-1]["data"]["object"]["email"] == "pat@example.com"
    assert client.v1.customers.retrieve(customer).to_dict() == {
        "id": customer,
        "object": "customer",
        "deleted": True,
    }
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.billing_portal.sessions.create(params={"customer": customer})


def test_an_incomplete_subscription_is_paid_or_expires(stand):
    standin, client = stand
    customer = client.v1.customers.create(params={"email": "kim@example.com"}).id
    price = price_of(standin, "essentials-10")["id"]
    first = client.v1.subscriptions.create(
        params={"customer": customer, "items": [{"price": price}], "payment_behavior": "default_incomplete"}
    )
    assert first.status == "incomplete" and standin.events[-1]["type"] == "customer.subscription.created"
    assert standin.objects["invoices"][first.latest_invoice]["status"] == "open"
    paid, updated = standin.renew(first.id)
    assert (paid["type"], updated["data"]["object"]["status"]) == ("invoice.paid", "active")
    second = client.v1.subscriptions.create(
        params={"customer": customer, "items": [{"price": price}], "payment_behavior": "default_incomplete"}
    )
    (expired,) = standin.expire(second.id)
    assert expired["data"]["object"]["status"] == "incomplete_expired"
    assert standin.objects["invoices"][second.latest_invoice]["status"] == "void"
