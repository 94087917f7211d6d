"""The offline Stripe stand-in's flows beside subscriptions, checked against stripe-python's own
generated types: payment-mode Checkout, the billing portal's plan changes, deleted customers,
incomplete subscriptions."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
import stripe

from tests.unit.billing.standin_helpers import form_post, price_of, subscribe


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
