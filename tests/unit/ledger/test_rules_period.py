"""The ledger rules at a period's end and as time is used: rollover, alert thresholds, overage.

Oracles are written independently of the code under test (Fraction arithmetic, a draw order spelled
out again here), so a mutated rule disagrees with them instead of with itself."""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.ledger.rules import (
    Bucket,
    allocate,
    crossed_thresholds,
    overage_amount,
    rollover_minutes,
)
from tests.unit.ledger.contract import TERMS, day

# --- rollover_minutes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("included", "drawn", "rolled"),
    [
        (600, 400, 120),  # 200 unused, capped
        (600, 480, 120),  # exactly the cap
        (600, 481, 119),  # one under the cap
        (600, 599, 1),
        (600, 600, 0),
        (600, 700, 0),  # overdrawn: never negative
        (0, 0, 0),
    ],
)
def test_rollover_is_the_unused_plan_up_to_the_cap(included, drawn, rolled):
    assert rollover_minutes(included, drawn, TERMS) == rolled


def test_no_rollover_when_the_contract_says_none():
    assert rollover_minutes(600, 0, replace(TERMS, rollover_cap_minutes=0)) == 0


def test_only_the_included_bucket_rolls_over():
    period = [
        Bucket("included", "feb", 600),
        Bucket("rollover", "jan", 120, day(60)),
        Bucket("prepaid", "block", 300),
        Bucket("extra", "extra", 60),
    ]
    result = allocate(500, period)
    assert result.remaining_minutes == 100 + 120 + 300
    assert rollover_minutes(600, result.by_kind["included"], TERMS) == 100


@given(included=st.integers(0, 6000), drawn=st.integers(0, 8000), cap=st.integers(0, 600))
@example(included=600, drawn=480, cap=120)
@example(included=600, drawn=700, cap=120)
def test_rollover_never_exceeds_the_cap_nor_the_unused_plan(included, drawn, cap):
    rolled = rollover_minutes(included, drawn, replace(TERMS, rollover_cap_minutes=cap))
    assert rolled == min(cap, max(0, included - drawn))
    assert 0 <= rolled <= cap


# --- crossed_thresholds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("used_after", "capacity", "sent", "crossed"),
    [
        (479, 600, [], []),
        (480, 600, [], [80]),  # exactly 80%
        (599, 600, [], [80]),
        (600, 600, [], [80, 100]),  # exactly 100%, both at once when jumped
        (900, 600, [], [80, 100]),
        (600, 600, [80], [100]),
        (600, 600, [100, 80], []),
        (480, 601, [], []),  # 80% of 601 is 480.8
        (481, 601, [], [80]),
        (0, 0, [], []),  # no capacity: nothing used, nothing reached
        (1, 0, [], [80, 100]),  # no capacity: any use reaches every threshold
        (1, 0, [80], [100]),
        (0, 600, [], []),
    ],
)
def test_thresholds_reached_and_not_yet_sent(used_after, capacity, sent, crossed):
    assert crossed_thresholds(0, used_after, capacity, TERMS, sent) == crossed


def test_thresholds_ignore_where_the_total_came_from():
    for used_before in (0, 479, 480, 600, 10_000):
        assert crossed_thresholds(used_before, 480, 600, TERMS, []) == [80]
        assert crossed_thresholds(used_before, 300, 600, TERMS, []) == []
    # an entry deleted after the 80% notice, then time logged again: no second notice
    assert crossed_thresholds(500, 300, 600, TERMS, [80]) == []
    assert crossed_thresholds(300, 500, 600, TERMS, iter([80])) == []


def test_thresholds_follow_the_contract():
    terms = replace(TERMS, alert_thresholds_percent=(50, 75, 90, 100, 120))
    assert crossed_thresholds(0, 540, 600, terms, [50]) == [75, 90]
    assert crossed_thresholds(0, 720, 600, terms, []) == [50, 75, 90, 100, 120]
    assert crossed_thresholds(0, 720, 600, replace(TERMS, alert_thresholds_percent=()), []) == []


def test_a_negative_capacity_is_refused():
    with pytest.raises(ValueError):
        crossed_thresholds(0, 10, -1, TERMS, [])


@settings(deadline=None)
@given(totals=st.lists(st.integers(0, 1300), max_size=12), capacity=st.integers(0, 1000), data=st.data())
@example(totals=[480, 300, 600, 0, 600], capacity=600, data=None)
@example(totals=[0, 1, 0], capacity=0, data=None)
@example(totals=[599, 480, 479], capacity=600, data=None)
def test_each_threshold_is_reported_exactly_once_in_any_order(totals, capacity, data):
    terms = replace(TERMS, alert_thresholds_percent=(50, 80, 100, 150))
    order = totals if data is None else data.draw(st.permutations(totals))
    sent: list[int] = []
    previous = 0
    for total in order:
        new = crossed_thresholds(previous, total, capacity, terms, sent)
        assert new == sorted(new)
        sent.extend(new)
        previous = total
    peak = max(totals, default=0)

    def reached(pct):
        return peak > 0 if capacity == 0 else Fraction(peak, capacity) >= Fraction(pct, 100)

    assert sorted(sent) == [pct for pct in terms.alert_thresholds_percent if reached(pct)]


# --- overage_amount --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "rate", "amount"),
    [
        (0, 4500, 0),
        (60, 4500, 4500),
        (90, 4500, 6750),
        (1, 4500, 75),
        (15, 4500, 1125),
        (1, 4000, 67),  # 66.67
        (2, 4000, 133),  # 133.33
        (3, 4000, 200),  # exact
        (1, 3990, 67),  # 66.5: half up
        (3, 3990, 200),  # 199.5: half up
        (1, 30, 1),  # 0.5: half up
        (1, 29, 0),  # 0.48
        (1, 31, 1),  # 0.52
        (1, 90, 2),  # 1.5
        (7, 4999, 583),  # 583.22
        (60, 0, 0),
    ],
)
def test_overage_amount(minutes, rate, amount):
    assert overage_amount(minutes, replace(TERMS, overage_rate=rate)) == amount


def test_negative_overage_is_refused():
    with pytest.raises(ValueError):
        overage_amount(-1, TERMS)


@given(minutes=st.integers(0, 100_000), rate=st.integers(0, 100_000))
@example(minutes=1, rate=30)
@example(minutes=60, rate=4500)
@example(minutes=1, rate=89)
def test_overage_is_exact_when_divisible_else_half_up(minutes, rate):
    amount = overage_amount(minutes, replace(TERMS, overage_rate=rate))
    if minutes * rate % 60 == 0:
        assert amount == minutes * rate // 60
    assert amount == math.floor(Fraction(minutes * rate, 60) + Fraction(1, 2))
