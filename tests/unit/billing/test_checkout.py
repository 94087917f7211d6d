"""POST /api/checkout and GET /api/checkout/sessions/{id} against the stand-in."""
from __future__ import annotations

import pytest

from portal.models.clients import Client

EMAIL = "sam@example.com"


def test_checkout_returns_the_hosted_page_of_a_subscription_session_for_the_tier(api, billing):
    answer = api.post("/api/checkout", {"tier": "professional-20", "email": "Sam@Example.com"})
    assert answer.status == 200, answer.body
    body = answer.json()
    session = billing.objects["checkout_sessions"][body["session_id"]]
    assert body["url"] == session["url"] and body["session_id"].startswith("cs_test_")
    price = billing.objects["prices"][session["_price"]]
    assert (price["lookup_key"], price["unit_amount"], session["mode"]) == ("professional-20", 76000, "subscription")
    assert session["customer_email"] == EMAIL
    assert session["success_url"] == "http://127.0.0.1:8000/subscribe/success/?session_id={CHECKOUT_SESSION_ID}"
    assert session["cancel_url"] == "http://127.0.0.1:8000/subscribe/cancelled/"
    assert session["metadata"] == {"tier": "professional-20"}
    assert (session["allow_promotion_codes"], session["automatic_tax"]["enabled"]) == (False, False)


def test_promotion_codes_and_automatic_tax_are_settings(api, billing, monkeypatch):
    from portal import settings as settings_module

    monkeypatch.setenv("CHECKOUT_PROMOTION_CODES", "true")
    monkeypatch.setenv("CHECKOUT_AUTOMATIC_TAX", "true")
    settings_module.settings.cache_clear()
    session_id = api.post("/api/checkout", {"tier": "essentials-10"}).json()["session_id"]
    session = billing.objects["checkout_sessions"][session_id]
    assert (session["allow_promotion_codes"], session["automatic_tax"]["enabled"]) == (True, True)


@pytest.mark.parametrize("body", [{"tier": "platinum-99"}, {"tier": ""}, {}, {"tier": "essentials-10", "email": "nope"},
                                  {"tier": "essentials-10", "extra": 1}])
def test_an_unknown_tier_or_bad_body_is_a_422(api, billing, body):
    answer = api.post("/api/checkout", body)
    assert answer.status == 422, answer.body
    assert answer.json()["message"].startswith("Please correct")


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_an_email_with_a_retainer_gets_no_second_subscription(api, billing, status):
    Client(EMAIL, retainer_status=status, **_dates()).save()
    before = len(billing.objects["checkout_sessions"])
    answer = api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL.upper()})
    assert answer.status == 409
    assert "billing portal" in answer.json()["message"] and answer.json()["billing_portal"] == "/billing/"
    assert len(billing.objects["checkout_sessions"]) == before


def test_a_cancelled_client_may_subscribe_again(api, billing):
    Client(EMAIL, retainer_status="canceled", **_dates()).save()
    assert api.post("/api/checkout", {"tier": "essentials-10", "email": EMAIL}).status == 200


def test_the_session_is_pending_until_the_webhook_even_after_payment(api, billing, deliver):
    session_id = api.post("/api/checkout", {"tier": "executive-40", "email": EMAIL}).json()["session_id"]
    assert api.get(f"/api/checkout/sessions/{session_id}").json() == {"status": "pending", "tier": "executive-40"}
    events = billing.pay(session_id)  # paid at Stripe, the success page loads, no webhook yet
    assert api.get(f"/api/checkout/sessions/{session_id}").json()["status"] == "pending"
    for event in events:
        deliver(event)
    assert api.get(f"/api/checkout/sessions/{session_id}").json() == {"status": "active", "tier": "executive-40"}


@pytest.mark.parametrize("session_id", ["cs_test_doesnotexist", "not-a-session", "cs_" + "a" * 260])
def test_an_unknown_session_is_a_404(api, billing, session_id):
    assert api.get(f"/api/checkout/sessions/{session_id}").status in (404, 422)


def test_a_tier_missing_in_stripe_is_a_503_that_says_so(api, billing):
    for price in billing.objects["prices"].values():
        if price["lookup_key"] == "essentials-10":
            price["lookup_key"] = None
    try:
        answer = api.post("/api/checkout", {"tier": "essentials-10"})
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
    answer = api.post("/api/checkout", {"tier": "essentials-10"})
    assert answer.status == 503 and "127.0.0.1" not in answer.body.decode()


def _dates():
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    return {"created_at": now, "updated_at": now}
