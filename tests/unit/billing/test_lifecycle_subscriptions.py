"""Each Stripe subscription and customer event the retainer handles, parsed on its own into the
whole fact it states; a price's tier and the invoice-line helpers (samples: stripe_samples.py)."""

from __future__ import annotations

import pytest

from portal.billing import lifecycle
from portal.billing.lifecycle import ACTIVE, CANCELED, PAST_DUE, Fact
from tests.unit.billing.stripe_samples import (
    BASE,
    ONE_OFF_ITEM,
    PERIOD,
    PRORATION,
    at,
    event,
    invoice,
    line,
    subscription,
)


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
