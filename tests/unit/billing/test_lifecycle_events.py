"""Each Stripe event the retainer handles, parsed on its own into the whole fact it states (every
field compared), with the fallbacks for older or thinner API shapes; the invoice-line helpers.

The webhook tests check the final client record after several events that repeat the same facts,
so a mistake in one event's parsing can hide there; here it cannot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.billing import lifecycle
from portal.billing.lifecycle import ACTIVE, CANCELED, PAST_DUE, Fact, InvoiceFact

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


@pytest.mark.parametrize("payment_status", ["paid", "no_payment_required"])
def test_a_completed_checkout(payment_status):
    fact = lifecycle.fact_from_event(
        event("checkout.session.completed", checkout_session(payment_status=payment_status))
    )
    assert fact == Fact(
        **BASE,
        event_type="checkout.session.completed",
        email="pat@example.com",
        customer_id="cus_1",
        subscription_id="sub_1",
        tier="professional-20",
        status=ACTIVE,
    )


def test_a_checkout_without_customer_details_falls_back_to_the_typed_email():
    fact = lifecycle.fact_from_event(
        event("checkout.session.completed", checkout_session(customer_details=None))
    )
    assert fact.email == "typed@example.com"
    fact = lifecycle.fact_from_event(
        event("checkout.session.completed", checkout_session(customer_details={}))
    )
    assert fact.email == "typed@example.com"


@pytest.mark.parametrize(
    "changes",
    [
        {"payment_status": "unpaid"},
        {"payment_status": None},
        {"mode": "payment"},
        {"mode": "setup", "payment_status": "no_payment_required"},
    ],
)
def test_a_checkout_that_starts_no_retainer(changes):
    assert lifecycle.fact_from_event(event("checkout.session.completed", checkout_session(**changes))) is None


def test_an_event_without_created_counts_as_the_oldest():
    fact = lifecycle.fact_from_event(event("checkout.session.completed", checkout_session(), created=None))
    assert fact.created == 0
    assert lifecycle.fact_from_event(event("customer.deleted", {"id": "cus_1"}, created="42")).created == 42


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


def test_a_paid_invoice():
    fact = lifecycle.fact_from_event(event("invoice.paid", invoice()))
    assert fact == Fact(
        **BASE,
        event_type="invoice.paid",
        email="pat@example.com",
        customer_id="cus_1",
        subscription_id="sub_1",
        price_id="price_pro",
        status=ACTIVE,
        period_start=at(PERIOD[0]),
        period_end=at(PERIOD[1]),
        invoice=InvoiceFact(
            invoice_id="in_1",
            status="paid",
            amount=2000,
            currency="eur",
            period_start=at(PERIOD[0]),
            period_end=at(PERIOD[1]),
            hosted_invoice_url="https://invoice.example/in_1",
        ),
    )


def test_a_failed_payment():
    fact = lifecycle.fact_from_event(event("invoice.payment_failed", invoice(status="open")))
    assert fact == Fact(
        **BASE,
        event_type="invoice.payment_failed",
        email="pat@example.com",
        customer_id="cus_1",
        subscription_id="sub_1",
        price_id="price_pro",
        status=PAST_DUE,
        invoice=InvoiceFact(
            invoice_id="in_1",
            status="open",
            amount=2500,
            currency="eur",
            period_start=at(PERIOD[0]),
            period_end=at(PERIOD[1]),
            hosted_invoice_url="https://invoice.example/in_1",
        ),
    )


def test_an_invoice_keeps_its_own_status():
    """A last failed retry may find the invoice already marked uncollectible: that, not "open"."""
    fact = lifecycle.fact_from_event(event("invoice.payment_failed", invoice(status="uncollectible")))
    assert (fact.invoice.status, fact.status) == ("uncollectible", PAST_DUE)


@pytest.mark.parametrize(
    ("kind", "status", "amount"), [("invoice.paid", "paid", 0), ("invoice.payment_failed", "open", 0)]
)
def test_an_invoice_of_a_thinner_shape(kind, status, amount):
    """No status, amounts, currency or link: the event's kind and the practice's currency fill in."""
    thin = invoice(status=None, amount_paid=None, amount_due=None, currency=None, hosted_invoice_url=None)
    fact = lifecycle.fact_from_event(event(kind, thin))
    assert (
        fact.invoice.status,
        fact.invoice.amount,
        fact.invoice.currency,
        fact.invoice.hosted_invoice_url,
    ) == (status, amount, "usd", None)


def test_a_proration_only_invoice_keeps_its_own_dates_and_no_retainer_period():
    fact = lifecycle.fact_from_event(
        event("invoice.paid", invoice(lines={"has_more": False, "data": [PRORATION]}))
    )
    assert (fact.invoice.period_start, fact.invoice.period_end) == (
        at(INVOICE_DATES[0]),
        at(INVOICE_DATES[1]),
    )
    assert (fact.period_start, fact.period_end, fact.price_id) == (None, None, None)
    assert fact.status == ACTIVE and fact.subscription_id == "sub_1"
    no_lines = lifecycle.fact_from_event(event("invoice.paid", invoice(lines=None)))
    assert (no_lines.invoice.period_start, no_lines.period_start) == (at(INVOICE_DATES[0]), None)


def test_an_invoice_whose_event_lists_only_some_lines_is_read_with_all_of_them():
    partial = invoice(lines={"has_more": True, "data": [PRORATION]})
    assert lifecycle.lines_incomplete(partial) is True
    fact = lifecycle.fact_from_event(
        event("invoice.paid", partial), lines=[PRORATION, line(price="price_exec")]
    )
    assert (fact.period_start, fact.period_end, fact.price_id) == (at(PERIOD[0]), at(PERIOD[1]), "price_exec")
    # An empty list given is the invoice's whole list: nothing from the event's own partial list.
    assert lifecycle.fact_from_event(event("invoice.paid", invoice()), lines=[]).price_id is None


@pytest.mark.parametrize(
    "parent",
    [
        None,
        {"type": "quote_details", "quote_details": {"quote": "qt_1"}},
        {"type": "subscription_details", "subscription_details": {"subscription": None}},
    ],
)
@pytest.mark.parametrize("kind", ["invoice.paid", "invoice.payment_failed"])
def test_a_one_off_invoice_is_not_the_retainers(kind, parent):
    assert lifecycle.fact_from_event(event(kind, invoice(parent=parent))) is None


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


@pytest.mark.parametrize(
    ("stripe_status", "status"),
    [
        ("active", ACTIVE),
        ("trialing", ACTIVE),
        ("past_due", PAST_DUE),
        ("unpaid", PAST_DUE),
        ("canceled", CANCELED),
        ("incomplete_expired", CANCELED),
        ("incomplete", None),
        ("paused", None),
        ("something_new", None),
    ],
)
@pytest.mark.parametrize("kind", ["customer.subscription.created", "customer.subscription.updated"])
def test_a_subscription_event(kind, stripe_status, status):
    fact = lifecycle.fact_from_event(event(kind, subscription(status=stripe_status)))
    assert fact == Fact(
        **BASE,
        event_type=kind,
        customer_id="cus_1",
        subscription_id="sub_1",
        tier="professional-20",
        status=status,
        period_start=at(PERIOD[0]),
        period_end=at(PERIOD[1]),
    )


@pytest.mark.parametrize("stripe_status", ["active", "canceled", "past_due"])
def test_a_deleted_subscription_is_cancelled_whatever_its_status(stripe_status):
    fact = lifecycle.fact_from_event(
        event("customer.subscription.deleted", subscription(status=stripe_status))
    )
    assert (fact.status, fact.subscription_id, fact.tier) == (CANCELED, "sub_1", "professional-20")


def test_a_subscription_without_items_states_no_tier_or_period():
    for items in (None, {"data": []}, {"data": [None]}):
        fact = lifecycle.fact_from_event(event("customer.subscription.updated", subscription(items=items)))
        assert (fact.tier, fact.period_start, fact.period_end, fact.status) == (None, None, None, ACTIVE)


def test_a_deleted_customer():
    fact = lifecycle.fact_from_event(
        event("customer.deleted", {"object": "customer", "id": "cus_1", "email": "pat@example.com"})
    )
    assert fact == Fact(
        **BASE, event_type="customer.deleted", email="pat@example.com", customer_id="cus_1", status=CANCELED
    )


@pytest.mark.parametrize("kind", ["invoice.created", "customer.updated", "payment_intent.succeeded", None])
def test_other_events_are_ignored(kind):
    assert lifecycle.fact_from_event(event(kind, invoice())) is None
    assert lifecycle.fact_from_event({"id": "evt_2", "type": kind}) is None


@pytest.mark.parametrize(
    ("price", "tier"),
    [
        ({"lookup_key": "professional-20", "metadata": {"tier": "executive-40"}}, "professional-20"),
        ({"lookup_key": None, "metadata": {"tier": "executive-40"}}, "executive-40"),
        ({"metadata": {"tier": "executive-40"}}, "executive-40"),
        ({"lookup_key": None, "metadata": {}}, None),
        ({"metadata": None}, None),
        (None, None),
        ("price_1", None),
    ],
)
def test_the_tier_of_a_price(price, tier):
    assert lifecycle.price_tier(price) == tier


def test_the_subscription_line_is_the_plans_not_a_proration_or_an_item():
    plan = line()
    no_flag = {
        **line(price="price_no_flag"),
        "parent": {"type": "subscription_item_details", "subscription_item_details": {}},
    }
    assert lifecycle.subscription_line([PRORATION, ONE_OFF_ITEM, plan]) is plan
    assert lifecycle.subscription_line([PRORATION, no_flag, plan]) is no_flag
    assert lifecycle.subscription_line([PRORATION, ONE_OFF_ITEM]) is None
    assert lifecycle.subscription_line([]) is None


@pytest.mark.parametrize(
    ("lines", "incomplete"),
    [
        ({"has_more": True, "data": [PRORATION, ONE_OFF_ITEM]}, True),
        ({"has_more": True, "data": []}, True),
        ({"has_more": True, "data": [PRORATION, line()]}, False),
        ({"has_more": False, "data": [PRORATION]}, False),
        ({"data": [PRORATION]}, False),
        (None, False),
    ],
)
def test_whether_an_events_invoice_lines_are_incomplete(lines, incomplete):
    assert lifecycle.lines_incomplete({"id": "in_1", "lines": lines}) is incomplete


def test_the_sample_objects_have_stripes_own_shape():
    """Checked against stripe-python's generated types, so these samples are not shapes of our own."""
    from tests.unit.billing.stripe_types import check

    samples = [
        invoice(),
        subscription(),
        checkout_session(),
        line(),
        PRORATION,
        ONE_OFF_ITEM,
        {"object": "customer", "id": "cus_1", "email": "pat@example.com"},
    ]
    assert [problem for sample in samples for problem in check(sample)] == []
