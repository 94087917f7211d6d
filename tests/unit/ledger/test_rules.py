"""The retainer ledger's rules: exact values at every boundary, and properties over generated ledgers.

Oracles are written independently of the code under test (Fraction arithmetic, a draw order spelled
out again here), so a mutated rule disagrees with them instead of with itself."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError, replace
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.ledger.rules import (
    DRAW_ORDER,
    SURCHARGES,
    Bucket,
    allocate,
    billed_minutes,
    overage_amount,
    parse_duration,
    rollover_minutes,
)
from tests.unit.ledger.contract import TERMS

# --- Terms -----------------------------------------------------------------------------------------


def test_the_interface_constants():
    assert SURCHARGES == ("rush", "evenings_weekends")
    assert DRAW_ORDER == ("included", "rollover", "prepaid", "extra")


@pytest.mark.parametrize(
    "change",
    [
        {"increment_minutes": 0},
        {"increment_minutes": -15},
        {"surcharge_percent": {"holiday": 10}},
        {"surcharge_percent": {"rush": -1}},
        {"rollover_cap_minutes": -1},
        {"rollover_valid_days": -1},
        {"approval_cap_minutes": -1},
        {"overage_rate": -1},
        {"alert_thresholds_percent": (100, 80)},
        {"alert_thresholds_percent": (80, 80)},
        {"alert_thresholds_percent": (0, 100)},
    ],
)
def test_terms_refuse_a_contract_that_cannot_be_applied(change):
    with pytest.raises(ValueError):
        replace(TERMS, **change)


def test_terms_accept_the_edges_and_keep_their_own_copy():
    surcharges = {"rush": 0}
    terms = replace(
        TERMS,
        increment_minutes=1,
        surcharge_percent=surcharges,
        rollover_cap_minutes=0,
        rollover_valid_days=0,
        approval_cap_minutes=0,
        overage_rate=0,
        alert_thresholds_percent=[1],
    )
    surcharges["rush"] = 90
    assert terms.surcharge_percent == {"rush": 0}
    assert terms.alert_thresholds_percent == (1,)
    with pytest.raises(TypeError):
        terms.surcharge_percent["rush"] = 90  # type: ignore[index]


def test_the_records_cannot_change_once_made():
    allocation = allocate(10, [Bucket("included", "jan", 60)])
    for record, field in (
        (TERMS, "increment_minutes"),
        (Bucket("included", "jan", 60), "minutes"),
        (allocation, "unfunded_minutes"),
    ):
        with pytest.raises(FrozenInstanceError):
            setattr(record, field, 0)


def test_every_answer_is_an_integer():
    answers = [
        billed_minutes(20, TERMS, "rush"),
        overage_amount(1, replace(TERMS, overage_rate=4000)),
        rollover_minutes(600, 500, TERMS),
        parse_duration("1.5h"),
        parse_duration("0.25h"),
        parse_duration("1:30"),
        parse_duration("1h 30m"),
        parse_duration("45m"),
        *allocate(70, [Bucket("included", "jan", 60)]).drawn.values(),
    ]
    assert [type(answer) for answer in answers] == [int] * len(answers)


# --- billed_minutes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "surcharge", "billed"),
    [
        (1, None, 15),
        (14, None, 15),
        (15, None, 15),
        (16, None, 30),
        (30, None, 30),
        (31, None, 45),
        (60, "rush", 75),  # exact: 60 x 1.25
        (20, "rush", 38),  # 20 -> 30 -> 37.5 -> 38
        (1, "rush", 19),  # 15 -> 18.75 -> 19
        (60, "evenings_weekends", 90),
        (10, "evenings_weekends", 23),  # 15 -> 22.5 -> 23
        (45, "evenings_weekends", 68),  # 45 -> 67.5 -> 68
    ],
)
def test_billed_minutes_rounds_each_entry_up_then_surcharges_up(minutes, surcharge, billed):
    assert billed_minutes(minutes, TERMS, surcharge) == billed


def test_billed_minutes_with_other_increments():
    by_the_minute = replace(TERMS, increment_minutes=1)
    assert billed_minutes(7, by_the_minute) == 7
    assert billed_minutes(7, by_the_minute, "rush") == 9  # 8.75 -> 9
    assert billed_minutes(4, by_the_minute, "rush") == 5  # exact
    assert billed_minutes(101, by_the_minute, "evenings_weekends") == 152  # 151.5 -> 152
    six = replace(TERMS, increment_minutes=6)
    assert billed_minutes(12, six, "rush") == 15
    assert billed_minutes(13, six, "rush") == 23  # 18 -> 22.5 -> 23


def test_a_surcharge_the_contract_does_not_list_costs_nothing_extra():
    rush_only = replace(TERMS, surcharge_percent={"rush": 25})
    assert billed_minutes(60, rush_only, "evenings_weekends") == 60
    assert billed_minutes(61, rush_only, "evenings_weekends") == 75


@pytest.mark.parametrize("surcharge", ["holiday", "", "Rush", "evenings"])
def test_an_unknown_surcharge_is_refused(surcharge):
    with pytest.raises(ValueError, match="unknown surcharge"):
        billed_minutes(60, TERMS, surcharge)


@pytest.mark.parametrize("minutes", [0, -1, -15])
def test_an_entry_must_last(minutes):
    with pytest.raises(ValueError):
        billed_minutes(minutes, TERMS)


@settings(deadline=None)
@given(
    minutes=st.integers(1, 5000),
    increment=st.integers(1, 120),
    percent=st.integers(0, 200),
    surcharge=st.sampled_from((None, *SURCHARGES)),
)
@example(minutes=20, increment=15, percent=25, surcharge="rush")
@example(minutes=15, increment=15, percent=0, surcharge=None)
def test_billed_minutes_matches_exact_arithmetic(minutes, increment, percent, surcharge):
    terms = replace(TERMS, increment_minutes=increment, surcharge_percent=dict.fromkeys(SURCHARGES, percent))
    rounded = math.ceil(Fraction(minutes, increment)) * increment
    assert minutes <= rounded < minutes + increment
    expected = math.ceil(Fraction(rounded * (100 + percent), 100)) if surcharge else rounded
    assert billed_minutes(minutes, terms, surcharge) == expected
