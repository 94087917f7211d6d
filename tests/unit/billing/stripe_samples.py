"""Stripe objects as the retainer's events carry them, at the pinned API version (checked against
stripe-python's generated types in test_lifecycle_events.py): checkout sessions, invoices and
their lines, subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime

PERIOD = (1_764_547_200, 1_767_225_600)  # 2025-12-01 .. 2026-01-01, the subscription item's period
INVOICE_DATES = (1_764_000_000, 1_764_100_000)  # the invoice's own dates: never a retainer period
PRORATION_PERIOD = (1_764_600_000, 1_767_225_600)


def at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def event(kind: str, obj: dict, created: int | None = 1_764_547_300) -> dict:
    data = {"id": "evt_1", "type": kind, "data": {"object": obj}}
    return data if created is None else {**data, "created": created}


BASE = {"event_id": "evt_1", "created": 1_764_547_300}


def line(
    kind: str = "subscription_item_details", proration: bool = False, period=PERIOD, price="price_pro"
) -> dict:
    parent = {"type": kind}
    if kind == "subscription_item_details":
        parent[kind] = {"proration": proration, "subscription": "sub_1"}
    return {
        "object": "line_item",
        "parent": parent,
        "period": {"start": period[0], "end": period[1]},
        "pricing": {"price_details": {"price": price}},
    }


PRORATION = line(proration=True, period=PRORATION_PERIOD, price="price_old")
ONE_OFF_ITEM = line("invoice_item_details", period=INVOICE_DATES, price="price_extra")


def checkout_session(**changes) -> dict:
    obj = {
        "object": "checkout.session",
        "mode": "subscription",
        "payment_status": "paid",
        "customer": "cus_1",
        "subscription": "sub_1",
        "customer_details": {"email": "pat@example.com"},
        "customer_email": "typed@example.com",
        "metadata": {"tier": "professional-20"},
    }
    return {**obj, **changes}


def invoice(**changes) -> dict:
    obj = {
        "object": "invoice",
        "id": "in_1",
        "customer": "cus_1",
        "customer_email": "pat@example.com",
        "status": "paid",
        "amount_paid": 2000,
        "amount_due": 2500,
        "currency": "eur",
        "period_start": INVOICE_DATES[0],
        "period_end": INVOICE_DATES[1],
        "hosted_invoice_url": "https://invoice.example/in_1",
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": "sub_1"}},
        "lines": {"object": "list", "has_more": False, "data": [PRORATION, ONE_OFF_ITEM, line()]},
    }
    return {**obj, **changes}


def subscription(**changes) -> dict:
    obj = {
        "object": "subscription",
        "id": "sub_1",
        "customer": "cus_1",
        "status": "active",
        "metadata": {"tier": "essentials-10"},  # what checkout set: stale after a plan change
        "items": {
            "object": "list",
            "data": [
                {
                    "object": "subscription_item",
                    "price": {
                        "id": "price_pro",
                        "lookup_key": "professional-20",
                        "metadata": {"tier": "executive-40"},
                    },
                    "current_period_start": PERIOD[0],
                    "current_period_end": PERIOD[1],
                }
            ],
        },
    }
    return {**obj, **changes}
