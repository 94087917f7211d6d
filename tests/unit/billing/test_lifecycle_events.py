"""Each Stripe checkout and invoice event the retainer handles, parsed on its own into the whole fact
it states (every field compared), with the fallbacks for older or thinner API shapes (subscription
and customer events: test_lifecycle_subscriptions.py; the samples: stripe_samples.py).

The webhook tests check the final client record after several events that repeat the same facts,
so a mistake in one event's parsing can hide there; here it cannot."""

from __future__ import annotations

import pytest

from portal.billing import lifecycle
from portal.billing.lifecycle import ACTIVE, PAST_DUE, Fact, InvoiceFact
from tests.unit.billing.stripe_samples import (
    BASE,
    INVOICE_DATES,
    ONE_OFF_ITEM,
    PERIOD,
    PRORATION,
    at,
    checkout_session,
    event,
    invoice,
    line,
    subscription,
)


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
