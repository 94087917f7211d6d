"""POST /api/checkout and GET /api/checkout/sessions/{id} against the stand-in."""

from __future__ import annotations

from datetime import UTC

import pytest

from portal.models.clients import Client

EMAIL = "sam@example.com"


def test_checkout_returns_the_hosted_page_of_a_subscription_session_for_the_tier(api, billing):
    answer = api.post("/api/checkout", {"tier": "professional-20", "email": "Sam@Example.com"})
    assert answer.status == 200, answer.body
    body = answer.json()
    session = billing.objects["checkout_sessions"][body["session_id"]]
    assert body["url"] == session["url"] and body["session_id"].startswith("cs_test_")
    price = billing.objects["prices"][billing.hidden[session["id"]]["lines"][0]["price"]]
    assert (price["lookup_key"], price["unit_amount"], session["mode"]) == (
        "professional-20",
        76000,
        "subscription",
    )
    assert session["customer_email"] == EMAIL
    assert (
        session["success_url"] == "http://127.0.0.1:8000/subscribe/success/?session_id={CHECKOUT_SESSION_ID}"
    )
    assert session["cancel_url"] == "http://127.0.0.1:8000/subscribe/cancelled/"
    assert session["metadata"] == {"tier": "professional-20", "language": "en"}
    assert (session["allow_promotion_codes"], session["automatic_tax"]["enabled"]) == (False, False)


def test_promotion_codes_and_automatic_tax_are_settings(api, billing, monkeypatch):
    from portal import settings as settings_module
    from portal.billing import stripe_client, sync

    monkeypatch.setenv("CHECKOUT_PROMOTION_CODES", "true")
    monkeypatch.setenv("CHECKOUT_AUTOMATIC_TAX", "true")
    settings_module.settings.cache_clear()
    untaxed = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL})
    assert untaxed.status == 503  # as at Stripe: automatic tax needs prices with a tax_behavior
    assert sync.sync(stripe_client.client(), automatic_tax=True)[:1] == [
        f"essentials-10: price {_price(billing, 'essentials-10')['id']} is now tax-exclusive"
    ]
    session_id = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL}).json()["session_id"]
    session = billing.objects["checkout_sessions"][session_id]
    assert (session["allow_promotion_codes"], session["automatic_tax"]["enabled"]) == (True, True)
    assert {p["tax_behavior"] for p in billing.objects["prices"].values() if p["lookup_key"]} == {"exclusive"}
    Client(
        EMAIL, stripe_customer_id=billing.api_post_customers(None, {"email": EMAIL})["id"], **_dates()
    ).save()
    returning = api.post(
        "/api/checkout", {"tier": "essentials-10", "email": EMAIL}
    )  # Stripe Tax needs an address
    assert returning.status == 200, returning.body


@pytest.mark.parametrize(
    "body",
    [
        {"tier": "platinum-99", "email": EMAIL},
        {"tier": "", "email": EMAIL},
        {},
        {"tier": "essentials-10"},
        {"tier": "essentials-10", "email": "nope"},
        {"tier": "essentials-10", "email": EMAIL, "extra": 1},
    ],
)
def test_an_unknown_tier_a_missing_email_or_bad_body_is_a_422(api, billing, body):
    answer = api.post("/api/checkout", body)
    assert answer.status == 422, answer.body
    assert answer.json()["message"].startswith("Please correct")


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_an_email_with_a_retainer_gets_no_second_subscription(api, billing, status):
    Client(EMAIL, retainer_status=status, **_dates()).save()
    before = len(billing.objects["checkout_sessions"])
    answer = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL.upper()})
    assert answer.status == 409
    assert "second subscription is not possible" in answer.json()["message"]
    assert "billing portal" in answer.json()["message"] and answer.json()["billing_portal"] == "/billing/"
    assert len(billing.objects["checkout_sessions"]) == before


def test_a_cancelled_client_may_subscribe_again(api, billing):
    Client(EMAIL, retainer_status="canceled", **_dates()).save()
    assert api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL}).status == 200


def test_the_session_is_pending_until_the_webhook_even_after_payment(api, billing, deliver):
    session_id = api.post("/api/checkout", {"tier": "executive-40", "email": EMAIL}).json()["session_id"]
    assert api.get(f"/api/checkout/sessions/{session_id}").json() == {
        "status": "pending",
        "tier": "executive-40",
        "hours": None,
        "email": EMAIL,
    }
    events = billing.pay(session_id)  # paid at Stripe, the success page loads, no webhook yet
    assert api.get(f"/api/checkout/sessions/{session_id}").json()["status"] == "pending"
    for event in events:
        deliver(event)
    assert api.get(f"/api/checkout/sessions/{session_id}").json() == {
        "status": "active",
        "tier": "executive-40",
        "hours": None,
        "email": EMAIL,
    }


@pytest.mark.parametrize("session_id", ["cs_test_doesnotexist", "not-a-session", "cs_" + "a" * 260])
def test_an_unknown_session_is_a_404(api, billing, session_id):
    assert api.get(f"/api/checkout/sessions/{session_id}").status in (404, 422)


def test_a_tier_missing_in_stripe_is_a_503_that_says_so(api, billing):
    for price in billing.objects["prices"].values():
        if price["lookup_key"] == "essentials-10":
            price["lookup_key"] = None
    try:
        answer = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL})
    finally:
        from portal.billing import stripe_client, sync

        sync.sync(stripe_client.client())
    assert answer.status == 503 and "not available" in answer.json()["message"]


def test_stripe_unreachable_is_a_503_without_its_details(api, billing, monkeypatch):
    from portal.billing import stripe_client

    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")
    from portal import settings as settings_module

    settings_module.settings.cache_clear()
    stripe_client.reset()
    answer = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL})
    assert answer.status == 503 and "127.0.0.1" not in answer.body.decode()


def _dates():
    from datetime import datetime

    now = datetime.now(UTC)
    return {"created_at": now, "updated_at": now}


def _price(billing, tier: str) -> dict:
    return next(p for p in billing.objects["prices"].values() if p["lookup_key"] == tier)


def _retainer(billing, deliver, checkout, email=EMAIL) -> Client:
    for event in billing.pay(checkout(email=email)):
        assert deliver(event).status == 200
    return Client.get(email)


def test_a_returning_client_checks_out_as_the_same_stripe_customer(api, billing, deliver, checkout):
    email = "returning@example.com"
    first = _retainer(billing, deliver, checkout, email)
    billing.cancel(first.subscription_id)
    assert deliver(billing.events[-1]).status == 200
    answer = api.post("/api/checkout", {"tier": "professional-20", "email": email.upper()})
    assert answer.status == 200, answer.body
    session = billing.objects["checkout_sessions"][answer.json()["session_id"]]
    assert (session["customer"], session["customer_email"]) == (first.stripe_customer_id, None)
    for event in billing.pay(session["id"]):
        assert deliver(event).status == 200
    again = Client.get(email)
    assert (again.retainer_status, again.tier, again.stripe_customer_id) == (
        "active",
        "professional-20",
        first.stripe_customer_id,
    )
    assert [c["id"] for c in billing.objects["customers"].values() if c.get("email") == email] == [
        first.stripe_customer_id
    ]


def test_a_live_subscription_stripe_knows_of_is_refused_before_its_webhook_arrives(
    api, billing, deliver, checkout
):
    client = _retainer(billing, deliver, checkout)
    billing.cancel(client.subscription_id)
    assert deliver(billing.events[-1]).status == 200
    session_id = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL}).json()["session_id"]
    billing.pay(session_id)  # paid at Stripe; its webhooks are still on their way
    before = len(billing.objects["checkout_sessions"])
    answer = api.post("/api/checkout", {"tier": "executive-40", "email": EMAIL})
    assert answer.status == 409 and "second subscription" in answer.json()["message"]
    assert len(billing.objects["checkout_sessions"]) == before


def test_a_stripe_customer_deleted_behind_our_back_gets_a_new_one_at_checkout(
    api, billing, deliver, checkout
):
    client = _retainer(billing, deliver, checkout)
    billing.delete_customer(client.stripe_customer_id)  # its events are lost
    Client(EMAIL).update(actions=[Client.retainer_status.set("canceled")])
    answer = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL})
    assert answer.status == 200, answer.body
    session = billing.objects["checkout_sessions"][answer.json()["session_id"]]
    assert (session["customer"], session["customer_email"]) == (None, EMAIL)
