"""The retainer's rules as properties: whatever order Stripe delivers one subscription's events
in, the outcome is the same as in the order they happened."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.billing import lifecycle
from portal.billing.lifecycle import ACTIVE, CANCELED, PAST_DUE, Current, Fact

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def fold(facts: list[Fact]) -> Current:
    state = {}
    current = Current()
    for fact in facts:
        updates = lifecycle.decide(current, fact).updates
        state.update(updates)
        current = Current(
            status=state.get("retainer_status"),
            subscription_id=state.get("subscription_id"),
            customer_id=state.get("stripe_customer_id"),
            tier=state.get("tier"),
            last_event_created=state.get("last_event_created"),
            has_period="current_period_end" in state,
        )
    return current


statuses = st.sampled_from([ACTIVE, PAST_DUE, CANCELED])


@st.composite
def histories(draw):
    """A subscription's events in the order they happened (created rising, ties allowed)."""
    kinds = draw(st.lists(statuses, min_size=1, max_size=8))
    created, facts = 1000, []
    for index, status in enumerate(kinds):
        created += draw(st.integers(0, 2))
        facts.append(
            Fact(
                event_id=f"evt_{index}",
                event_type="x",
                created=created,
                email="a@example.com",
                subscription_id="sub_1",
                customer_id="cus_1",
                tier="essentials-10",
                status=status,
            )
        )
    return facts


def expected(facts: list[Fact]) -> str:
    if any(f.status == CANCELED for f in facts):
        return CANCELED
    newest = max(f.created for f in facts)
    return next(f.status for f in reversed(facts) if f.created == newest)


@pytest.mark.slow  # 300 property-based histories
@given(histories(), st.randoms())
@settings(max_examples=300, deadline=None)
def test_any_delivery_order_ends_where_the_history_ends(facts, random):
    delivered = list(facts)
    random.shuffle(delivered)
    outcome = fold(delivered).status
    if any(f.status == CANCELED for f in facts):
        assert outcome == CANCELED
    else:
        newest = max(f.created for f in facts)
        # Events of the same second carry no order: any of them may win, nothing older may.
        assert outcome in {f.status for f in facts if f.created == newest}


@given(histories())
@settings(max_examples=100, deadline=None)
def test_in_order_delivery_ends_with_the_last_event(facts):
    assert fold(facts).status == expected(facts)


def test_a_new_subscription_after_a_cancellation_is_a_new_retainer():
    old = Fact("e1", "x", 1, "a@example.com", "cus_1", "sub_1", "essentials-10", CANCELED)
    current = Current(status=CANCELED, subscription_id="sub_1", last_event_created=1)
    new = Fact("e2", "x", 2, "a@example.com", "cus_1", "sub_2", "executive-40", ACTIVE)
    decision = lifecycle.decide(current, new)
    assert decision.updates["subscription_id"] == "sub_2" and decision.notices == ["new_retainer"]
    assert lifecycle.decide(Current(status=ACTIVE, subscription_id="sub_2"), old).updates == {}
