"""Prepaid blocks: an hourly client buys hours online (Checkout in payment mode, the stand-in), the
paid webhook turns them into hours with an expiry, once, and the ledger draws them month to month."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.models.clients import Client
from tests.unit.signin.helpers import ASSISTANT, sign_in

EMAIL = "sam@example.com"


def _buy(api, billing, deliver, hours: int = 5, email: str = EMAIL, times: int = 1) -> str:
    answer = api.post("/api/checkout/prepaid", {"hours": hours, "email": email})
    assert answer.status == 200, answer.body
    session_id = answer.json()["session_id"]
    events = billing.pay(session_id)
    for _ in range(times):  # Stripe may deliver an event more than once
        for event in events:
            assert deliver(event).status == 200
    return session_id


def _log(assistant, minutes: int, email: str = EMAIL, on: datetime | None = None):
    day = (on or datetime.now(UTC)).date().isoformat()
    return assistant.post(
        "/api/practice/time-entries",
        {"client_email": email, "date": day, "minutes": minutes, "service": "email", "description": "Inbox"},
    )


def test_checkout_sells_the_catalogs_blocks_at_the_hourly_price(api, billing):
    answer = api.post("/api/checkout/prepaid", {"hours": 10, "email": EMAIL})
    assert answer.status == 200, answer.body
    session = billing.objects["checkout_sessions"][answer.json()["session_id"]]
    assert session["mode"] == "payment" and session["metadata"] == {
        "kind": "prepaid",
        "hours": "10",
        "language": "en",
    }
    assert session["amount_total"] == 10 * 4500 and session["customer_email"] == EMAIL
    refused = api.post("/api/checkout/prepaid", {"hours": 7, "email": EMAIL})
    assert refused.status == 422 and "Blocks on offer: 5, 10, 15" in refused.json()["detail"][0]["msg"]
    assert api.post("/api/checkout/prepaid", {"hours": 5}).status == 422


def test_a_retainer_client_is_sent_to_extra_hours_instead(api, billing, checkout, deliver):
    for event in billing.pay(checkout(email=EMAIL)):
        assert deliver(event).status == 200
    refused = api.post("/api/checkout/prepaid", {"hours": 5, "email": EMAIL})
    assert refused.status == 409 and "account page" in refused.json()["message"]


def test_a_paid_block_becomes_hours_with_an_expiry_once(api, billing, deliver, sent_mail):
    session_id = _buy(api, billing, deliver, hours=5, times=3)
    assert api.get(f"/api/checkout/sessions/{session_id}").json() == {
        "status": "paid",
        "tier": None,
        "hours": 5,
        "email": EMAIL,
    }
    assert Client.get(EMAIL).prepaid_since is not None and Client.get(EMAIL).stripe_customer_id
    sam = sign_in(api, sent_mail, EMAIL)
    hours = sam.get("/api/me/hours").json()
    assert (
        hours["hourly"],
        hours["included_minutes"],
        hours["prepaid_minutes"],
        hours["remaining_minutes"],
    ) == (True, 0, 300, 300)
    (block,) = hours["prepaid"]
    expires = datetime.fromisoformat(block["expires_at"].replace("Z", "+00:00"))
    assert timedelta(days=89) < expires - datetime.now(UTC) <= timedelta(days=90)
    assert hours["can_approve_extra"] is False
    receipts = [m for m in sent_mail() if "5 prepaid hours" in m["subject"]]
    assert sorted(m["to"] for m in receipts) == sorted([EMAIL, ASSISTANT])  # once each, whatever the retries
    assert "$225 for 5 prepaid hours" in next(m["text"] for m in receipts if m["to"] == EMAIL)
    from portal.ledger import prepaid
    from portal.models.ledger import Purchase, client_pk, purchase_sk

    prepaid.credit({"email": EMAIL, "session_id": session_id})  # a double run of the outbox action
    assert sam.get("/api/me/hours").json()["prepaid_minutes"] == 300
    assert Purchase.get(client_pk(EMAIL), purchase_sk(session_id)).credited_to == hours["period"]["start"]


def test_time_draws_on_blocks_soonest_expiry_first_and_the_alerts_speak_of_prepaid_hours(
    api, billing, deliver, sent_mail
):
    _buy(api, billing, deliver, hours=5)
    _buy(api, billing, deliver, hours=10)
    assistant, sam = sign_in(api, sent_mail, ASSISTANT), sign_in(api, sent_mail, EMAIL)
    assert _log(assistant, 780).status == 201  # 13 of 15 hours: past 80%
    hours = sam.get("/api/me/hours").json()
    assert (hours["prepaid_minutes"], hours["used_minutes"], hours["remaining_minutes"]) == (900, 780, 120)
    alerts = [m for m in sent_mail() if m["to"] == EMAIL and "80%" in m["subject"]]
    assert len(alerts) == 1 and "prepaid hours" in alerts[0]["subject"]
    assert _log(assistant, 180).status == 201  # beyond the blocks: flagged, never billed
    practice = assistant.get(f"/api/practice/clients/{EMAIL}").json()["hours"]
    assert (practice["unfunded_minutes"], practice["hourly"]) == (60, True)


def test_hours_left_move_to_the_next_month_and_the_old_one_closes(
    api, billing, deliver, sent_mail, monkeypatch
):
    from portal.ledger import service

    _buy(api, billing, deliver, hours=5)
    assistant, sam = sign_in(api, sent_mail, ASSISTANT), sign_in(api, sent_mail, EMAIL)
    assert _log(assistant, 120).status == 201
    this_month = sam.get("/api/me/hours").json()["period"]
    later = datetime.fromisoformat(this_month["end"].replace("Z", "+00:00")) + timedelta(days=3)
    monkeypatch.setattr(service, "now", lambda: later)
    read = sam.get("/api/me/hours").json()  # a read shows what the month hands on, writing nothing
    assert (read["period"]["start"], read["prepaid_minutes"], read["used_minutes"]) == (
        this_month["end"],
        180,
        0,
    )
    assert _log(assistant, 60, on=later).status == 201  # the first write closes last month
    hours = sam.get("/api/me/hours").json()
    assert (hours["prepaid_minutes"], hours["used_minutes"], hours["remaining_minutes"]) == (180, 60, 120)
    assert [s["period_start"] for s in hours["statements"]] == [this_month["start"]]
    statements = [m for m in sent_mail() if m["to"] == EMAIL and "statement" in m["subject"]]
    assert len(statements) == 1


@pytest.mark.parametrize("days_after", [91, 120])
def test_expired_hours_are_gone(api, billing, deliver, sent_mail, monkeypatch, days_after):
    from portal.ledger import service

    _buy(api, billing, deliver, hours=5)
    sam = sign_in(api, sent_mail, EMAIL)
    later = datetime.now(UTC) + timedelta(days=days_after)
    monkeypatch.setattr(service, "now", lambda: later)
    hours = sam.get("/api/me/hours").json()
    assert (hours["prepaid_minutes"], hours["remaining_minutes"], hours["prepaid"]) == (0, 0, [])


def test_an_unpaid_session_credits_nothing_until_its_payment_succeeds(api, billing, deliver):
    from portal.billing import webhooks

    answer = api.post("/api/checkout/prepaid", {"hours": 5, "email": EMAIL})
    (completed,) = billing.pay(answer.json()["session_id"])
    unpaid = {**completed, "id": "evt_unpaid"}
    unpaid["data"] = {"object": {**completed["data"]["object"], "payment_status": "unpaid"}}
    assert deliver(unpaid).json()["outcome"] == "ignored"
    succeeded = {**completed, "id": "evt_succeeded", "type": "checkout.session.async_payment_succeeded"}
    assert deliver(succeeded).json()["outcome"] == "processed"
    assert deliver(completed).json()["outcome"] == "duplicate"  # the same session, paid once
    assert "checkout.session.async_payment_succeeded" in webhooks.lifecycle.HANDLED
