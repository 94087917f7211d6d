"""`decide` case by case, each with the whole decision written out (every update, every notice):
a stale event after a newer one, a recovered payment (no second welcome), a cancellation that
arrives late, a second live subscription, a new one after a cancelled one, a deleted customer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.billing import lifecycle
from portal.billing.lifecycle import ACTIVE, CANCELED, PAST_DUE, Current, Decision, Fact

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
LIVE_RETAINER = Current(
    status=ACTIVE,
    subscription_id="sub_1",
    customer_id="cus_1",
    tier="essentials-10",
    last_event_created=200,
    has_period=True,
)


def fact(
    status=None,
    created=300,
    subscription_id="sub_1",
    customer_id="cus_1",
    tier=None,
    period=False,
    event_type="customer.subscription.updated",
) -> Fact:
    return Fact(
        event_id="evt_1",
        event_type=event_type,
        created=created,
        customer_id=customer_id,
        subscription_id=subscription_id,
        tier=tier,
        status=status,
        period_start=START if period else None,
        period_end=END if period else None,
    )


def decided(current: Current, new: Fact) -> tuple[dict, list[str]]:
    decision = lifecycle.decide(current, new)
    assert decision.write_invoice is True
    return decision.updates, decision.notices


def test_a_first_payment_starts_the_retainer():
    assert decided(Current(), fact(ACTIVE, tier="professional-20", period=True)) == (
        {
            "subscription_id": "sub_1",
            "stripe_customer_id": "cus_1",
            "tier": "professional-20",
            "hours_per_month": 20,
            "current_period_start": START,
            "current_period_end": END,
            "last_event_created": 300,
            "retainer_status": ACTIVE,
        },
        ["new_retainer"],
    )


@pytest.mark.parametrize(
    ("before", "after", "notices"),
    [
        (PAST_DUE, ACTIVE, ["recovered"]),  # a recovered payment: not a second welcome
        (ACTIVE, PAST_DUE, ["payment_failed"]),
        (ACTIVE, CANCELED, ["canceled"]),
        (PAST_DUE, CANCELED, ["canceled"]),
        (None, PAST_DUE, ["payment_failed"]),
        (None, CANCELED, []),  # a never-paid subscription expiring: nothing to tell
    ],
)
def test_a_status_change_and_what_it_tells(before, after, notices):
    current = Current(status=before, subscription_id="sub_1", customer_id="cus_1", last_event_created=200)
    assert decided(current, fact(after)) == ({"last_event_created": 300, "retainer_status": after}, notices)


@pytest.mark.parametrize("status", [ACTIVE, None])
def test_news_that_changes_no_status_only_moves_the_clock(status):
    assert decided(LIVE_RETAINER, fact(status)) == ({"last_event_created": 300}, [])


def test_an_event_of_the_same_second_is_not_stale():
    assert decided(LIVE_RETAINER, fact(PAST_DUE, created=200)) == (
        {"last_event_created": 200, "retainer_status": PAST_DUE},
        ["payment_failed"],
    )


def test_a_stale_event_after_a_newer_one_moves_nothing():
    assert decided(LIVE_RETAINER, fact(PAST_DUE, created=100, tier="executive-40", period=True)) == ({}, [])


def test_a_stale_event_fills_what_was_never_set():
    current = Current(status=ACTIVE, subscription_id="sub_1", customer_id="cus_1", last_event_created=200)
    assert decided(current, fact(PAST_DUE, created=100, tier="executive-40", period=True)) == (
        {
            "tier": "executive-40",
            "hours_per_month": 40,
            "current_period_start": START,
            "current_period_end": END,
        },
        [],
    )


def test_a_late_cancellation_still_ends_the_retainer():
    assert decided(LIVE_RETAINER, fact(CANCELED, created=100, period=True)) == (
        {
            "current_period_start": START,
            "current_period_end": END,
            "last_event_created": 200,
            "retainer_status": CANCELED,
        },
        ["canceled"],
    )


def test_news_about_a_cancelled_retainer_only_fills_gaps():
    cancelled = Current(status=CANCELED, subscription_id="sub_1", customer_id="cus_1", last_event_created=200)
    assert decided(cancelled, fact(ACTIVE, created=300, period=True)) == (
        {"current_period_start": START, "current_period_end": END},
        [],
    )
    with_period = Current(status=CANCELED, subscription_id="sub_1", last_event_created=200, has_period=True)
    assert decided(with_period, fact(ACTIVE, created=300, period=True, customer_id=None)) == ({}, [])


def test_half_a_period_is_no_period():
    half = Fact(event_id="evt_1", event_type="x", created=300, subscription_id="sub_1", period_start=START)
    assert decided(LIVE_RETAINER, half) == ({"last_event_created": 300}, [])
    late_half = Fact(event_id="evt_1", event_type="x", created=1, subscription_id="sub_1", period_end=END)
    assert decided(Current(status=ACTIVE, subscription_id="sub_1", last_event_created=200), late_half) == (
        {},
        [],
    )


@pytest.mark.parametrize(
    ("tier", "updates"),
    [
        ("executive-40", {"tier": "executive-40", "hours_per_month": 40}),
        ("essentials-10", {}),  # the tier it has
        ("no-such-tier", {}),  # not in the catalog: ignored
    ],
)
def test_a_plan_change(tier, updates):
    assert decided(LIVE_RETAINER, fact(tier=tier)) == ({**updates, "last_event_created": 300}, [])


def test_ids_are_recorded_only_when_new_and_known():
    current = Current(status=ACTIVE, subscription_id="sub_1", customer_id=None, last_event_created=200)
    assert decided(current, fact(customer_id="cus_2")) == (
        {"stripe_customer_id": "cus_2", "last_event_created": 300},
        [],
    )
    no_subscription = Current(status=ACTIVE, customer_id="cus_1", last_event_created=200)
    assert decided(no_subscription, fact(customer_id=None, subscription_id=None)) == (
        {"last_event_created": 300},
        [],
    )
    # News without a subscription id about a retainer that has one is about something else.
    assert decided(LIVE_RETAINER, fact(ACTIVE, subscription_id=None)) == ({}, [])


@pytest.mark.parametrize("before", [ACTIVE, PAST_DUE])
@pytest.mark.parametrize("second", [ACTIVE, PAST_DUE])
def test_a_second_live_subscription_is_reported_once_and_changes_nothing(before, second):
    current = Current(
        status=before,
        subscription_id="sub_1",
        customer_id="cus_1",
        tier="essentials-10",
        last_event_created=200,
    )
    assert decided(current, fact(second, subscription_id="sub_2", tier="executive-40", period=True)) == (
        {"other_subscriptions": {"sub_2"}},
        ["second_subscription"],
    )
    reported = Current(
        status=before,
        subscription_id="sub_1",
        last_event_created=200,
        other_subscriptions=frozenset({"sub_2"}),
    )
    assert decided(reported, fact(second, subscription_id="sub_2")) == ({}, [])
    assert decided(reported, fact(second, subscription_id="sub_3")) == (
        {"other_subscriptions": {"sub_3"}},
        ["second_subscription"],
    )


@pytest.mark.parametrize("news", [CANCELED, None])
def test_history_of_another_subscription_changes_nothing(news):
    assert decided(LIVE_RETAINER, fact(news, subscription_id="sub_0", created=900)) == ({}, [])
    cancelled = Current(status=CANCELED, subscription_id="sub_1", last_event_created=200)
    assert decided(cancelled, fact(news, subscription_id="sub_0", created=900)) == ({}, [])


@pytest.mark.parametrize("before", [CANCELED, None])
def test_a_new_subscription_replaces_a_retainer_that_is_not_live(before):
    current = Current(
        status=before,
        subscription_id="sub_1",
        customer_id="cus_1",
        tier="essentials-10",
        last_event_created=500,
        has_period=True,
        other_subscriptions=frozenset({"sub_9"}),
    )
    assert decided(
        current, fact(ACTIVE, subscription_id="sub_2", created=400, tier="essentials-10", period=True)
    ) == (
        {
            "subscription_id": "sub_2",
            "stripe_customer_id": "cus_1",
            "tier": "essentials-10",
            "hours_per_month": 10,
            "current_period_start": START,
            "current_period_end": END,
            "last_event_created": 400,
            "retainer_status": ACTIVE,
        },
        ["new_retainer"],
    )


def test_an_event_without_a_time_on_a_new_record():
    assert decided(Current(), fact(ACTIVE, created=0, customer_id=None)) == (
        {"subscription_id": "sub_1", "last_event_created": 0, "retainer_status": ACTIVE},
        ["new_retainer"],
    )


def deleted(customer_id="cus_1", created=300) -> Fact:
    return Fact(
        event_id="evt_9",
        event_type="customer.deleted",
        created=created,
        email="pat@example.com",
        customer_id=customer_id,
        status=CANCELED,
    )


@pytest.mark.parametrize(("last", "created", "kept"), [(200, 300, 300), (200, 100, 200), (None, 0, 0)])
def test_a_deleted_customer_ends_the_retainer_and_forgets_the_id(last, created, kept):
    current = Current(status=PAST_DUE, subscription_id="sub_1", customer_id="cus_1", last_event_created=last)
    assert lifecycle.decide(current, deleted(created=created)) == Decision(
        updates={"stripe_customer_id": None, "retainer_status": CANCELED, "last_event_created": kept},
        notices=["customer_deleted"],
    )


def test_a_deleted_customer_of_a_cancelled_retainer_only_forgets_the_id():
    current = Current(status=CANCELED, subscription_id="sub_1", customer_id="cus_1", last_event_created=200)
    assert lifecycle.decide(current, deleted()) == Decision(updates={"stripe_customer_id": None})


@pytest.mark.parametrize(
    ("current", "customer_id"),
    [
        (LIVE_RETAINER, "cus_other"),
        (Current(status=ACTIVE, customer_id=None), None),
        (Current(), None),
    ],
)
def test_another_customers_deletion_changes_nothing(current, customer_id):
    assert lifecycle.decide(current, deleted(customer_id=customer_id)) == Decision()


@pytest.mark.parametrize(
    ("stored", "created", "newer"), [(None, 0, True), (200, 200, True), (200, 201, True), (200, 199, False)]
)
def test_whether_an_invoice_event_is_newer_than_the_stored_one(stored, created, newer):
    assert lifecycle.invoice_is_newer(stored, fact(created=created)) is newer
