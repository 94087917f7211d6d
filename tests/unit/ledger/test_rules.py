"""The retainer ledger's rules: exact values at every boundary, and properties over generated ledgers.

Oracles are written independently of the code under test (Fraction arithmetic, a draw order spelled
out again here), so a mutated rule disagrees with them instead of with itself."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.ledger.rules import (
    DRAW_ORDER,
    SURCHARGES,
    Allocation,
    Bucket,
    Terms,
    allocate,
    billed_minutes,
    can_approve,
    crossed_thresholds,
    overage_amount,
    parse_duration,
    rollover_minutes,
)

TERMS = Terms(
    increment_minutes=15,
    surcharge_percent={"rush": 25, "evenings_weekends": 50},
    rollover_cap_minutes=120,
    rollover_valid_days=30,
    alert_thresholds_percent=(80, 100),
    approval_cap_minutes=600,
    overage_rate=4500,
)
JAN_1 = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: int) -> datetime:
    return JAN_1 + timedelta(days=n)


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


# --- allocate --------------------------------------------------------------------------------------

LEDGER = [
    Bucket("extra", "extra", 120),
    Bucket("prepaid", "block-none", 300),
    Bucket("prepaid", "block-mar", 300, day(59)),
    Bucket("rollover", "2025-12", 60, day(30)),
    Bucket("rollover", "2025-11", 60, day(14)),
    Bucket("included", "2026-01", 600),
]


def test_allocate_draws_in_order_and_reports_what_is_left():
    result = allocate(700, LEDGER)
    assert result == Allocation(
        drawn={"extra": 0, "block-none": 0, "block-mar": 0, "2025-12": 40, "2025-11": 60, "2026-01": 600},
        by_kind={"included": 600, "rollover": 100, "prepaid": 0, "extra": 0},
        unfunded_minutes=0,
        remaining_minutes=20 + 300 + 300,
    )


def test_allocate_prepaid_soonest_expiry_first_then_undated_then_extra():
    partial = allocate(600 + 120 + 350, LEDGER)
    assert partial.drawn == {
        "2026-01": 600,
        "2025-11": 60,
        "2025-12": 60,
        "block-mar": 300,
        "block-none": 50,
        "extra": 0,
    }
    assert partial.by_kind == {"included": 600, "rollover": 120, "prepaid": 350, "extra": 0}
    assert (partial.unfunded_minutes, partial.remaining_minutes) == (0, 250)
    into_extra = allocate(600 + 120 + 600 + 50, LEDGER)
    assert into_extra.drawn == {
        "2026-01": 600,
        "2025-11": 60,
        "2025-12": 60,
        "block-mar": 300,
        "block-none": 300,
        "extra": 50,
    }
    assert into_extra.by_kind == {"included": 600, "rollover": 120, "prepaid": 600, "extra": 50}
    assert (into_extra.unfunded_minutes, into_extra.remaining_minutes) == (0, 0)


def test_allocate_beyond_every_bucket_is_unfunded_and_extra_is_never_remaining():
    result = allocate(2000, LEDGER)
    assert result.drawn == {b.id: b.minutes for b in LEDGER}
    assert (result.unfunded_minutes, result.remaining_minutes) == (2000 - 1440, 0)
    untouched = allocate(0, LEDGER)
    assert untouched.drawn == dict.fromkeys([b.id for b in LEDGER], 0)
    assert untouched.by_kind == dict.fromkeys(DRAW_ORDER, 0)
    assert (untouched.unfunded_minutes, untouched.remaining_minutes) == (0, 1320)


def test_allocate_with_no_buckets_reports_every_kind():
    assert allocate(30, []) == Allocation(
        drawn={}, by_kind=dict.fromkeys(DRAW_ORDER, 0), unfunded_minutes=30, remaining_minutes=0
    )


def test_a_bucket_expiring_exactly_at_the_moment_gives_nothing():
    buckets = [Bucket("included", "jan", 60), Bucket("rollover", "dec", 60, day(30))]
    at_expiry = allocate(100, buckets, at=day(30))
    assert at_expiry.drawn == {"jan": 60, "dec": 0}
    assert (at_expiry.unfunded_minutes, at_expiry.remaining_minutes) == (40, 0)
    just_before = allocate(100, buckets, at=day(30) - timedelta(microseconds=1))
    assert just_before.drawn == {"jan": 60, "dec": 40}
    assert (just_before.unfunded_minutes, just_before.remaining_minutes) == (0, 20)
    assert allocate(100, buckets, at=None).drawn == {"jan": 60, "dec": 40}  # no clock: none expired
    assert allocate(100, buckets, at=day(400)).by_kind["rollover"] == 0


def test_an_expired_bucket_is_skipped_and_the_next_one_gives():
    buckets = [
        Bucket("prepaid", "old", 100, day(1)),
        Bucket("prepaid", "new", 100, day(90)),
        Bucket("prepaid", "forever", 100),
    ]
    result = allocate(150, buckets, at=day(2))
    assert result.drawn == {"old": 0, "new": 100, "forever": 50}
    assert result.remaining_minutes == 50


def test_ties_are_broken_by_id_whatever_the_input_order():
    same_day = [
        Bucket("prepaid", "b", 50, day(9)),
        Bucket("prepaid", "a", 50, day(9)),
        Bucket("prepaid", "c", 50),
        Bucket("included", "z", 10),
        Bucket("included", "y", 10),
    ]
    for order in (same_day, same_day[::-1]):
        assert allocate(90, order).drawn == {"y": 10, "z": 10, "a": 50, "b": 20, "c": 0}


@pytest.mark.parametrize(
    ("used", "buckets"),
    [
        (-1, [Bucket("included", "jan", 60)]),
        (10, [Bucket("included", "jan", 60), Bucket("prepaid", "jan", 60)]),
    ],
)
def test_allocate_refuses_what_cannot_be_a_ledger(used, buckets):
    with pytest.raises(ValueError):
        allocate(used, buckets)


@pytest.mark.parametrize(
    ("kind", "minutes", "expires_at"),
    [
        ("bonus", 60, None),
        ("included", -1, None),
        ("included", 60, JAN_1),
        ("extra", 60, JAN_1),
    ],
)
def test_a_bucket_must_make_sense(kind, minutes, expires_at):
    with pytest.raises(ValueError):
        Bucket(kind, "x", minutes, expires_at)


EXPIRIES = st.sampled_from([None, day(0), day(5), day(5), day(40)])


@st.composite
def ledgers(draw):
    kinds = draw(st.lists(st.sampled_from(DRAW_ORDER), max_size=8))
    ids = draw(st.lists(st.sampled_from("abcdefghij"), min_size=len(kinds), max_size=len(kinds), unique=True))
    return [
        Bucket(
            kind,
            ident,
            draw(st.integers(0, 300)),
            draw(EXPIRIES) if kind in ("rollover", "prepaid") else None,
        )
        for kind, ident in zip(kinds, ids, strict=True)
    ]


def draw_order(buckets):
    rank = {"included": 0, "rollover": 1, "prepaid": 2, "extra": 3}
    never = datetime.max.replace(tzinfo=UTC)
    return sorted(buckets, key=lambda b: (rank[b.kind], b.expires_at or never, b.id))


def usable(bucket, at):
    return (
        0 if at is not None and bucket.expires_at is not None and bucket.expires_at <= at else bucket.minutes
    )


PROPERTY_EXAMPLE = [
    Bucket("extra", "e", 30),
    Bucket("prepaid", "p", 60, day(5)),
    Bucket("rollover", "r", 60, day(5)),
    Bucket("included", "i", 60),
]


@settings(deadline=None)
@given(
    used=st.integers(0, 2500),
    buckets=ledgers(),
    at=st.sampled_from([None, day(0), day(5), day(20)]),
    data=st.data(),
)
@example(used=0, buckets=[], at=None, data=None)
@example(used=180, buckets=PROPERTY_EXAMPLE, at=day(5), data=None)
@example(used=181, buckets=PROPERTY_EXAMPLE, at=None, data=None)
def test_allocate_conserves_fills_in_order_and_ignores_input_order(used, buckets, at, data):
    result = allocate(used, buckets, at)
    assert set(result.drawn) == {b.id for b in buckets}
    assert sum(result.drawn.values()) + result.unfunded_minutes == used
    assert sum(result.by_kind.values()) == sum(result.drawn.values())
    assert list(result.by_kind) == list(DRAW_ORDER)
    for kind in DRAW_ORDER:
        assert result.by_kind[kind] == sum(result.drawn[b.id] for b in buckets if b.kind == kind)
    for bucket in buckets:
        assert 0 <= result.drawn[bucket.id] <= usable(bucket, at)
    ordered = draw_order(buckets)
    for position, later in enumerate(ordered):
        if result.drawn[later.id] > 0:
            assert all(result.drawn[b.id] == usable(b, at) for b in ordered[:position])
    total = sum(usable(b, at) for b in buckets)
    assert result.unfunded_minutes == max(0, used - total)
    not_extra = [b for b in buckets if b.kind != "extra"]
    assert result.remaining_minutes == sum(usable(b, at) - result.drawn[b.id] for b in not_extra) >= 0
    if data is not None:
        assert allocate(used, data.draw(st.permutations(buckets)), at) == result


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


# --- can_approve -----------------------------------------------------------------------------------


def test_approval_at_exactly_100_percent_and_beyond():
    assert can_approve(60, 0, 600, 600, TERMS) is None
    assert can_approve(60, 0, 750, 600, TERMS) is None
    assert can_approve(1, 0, 0, 0, TERMS) is None


def test_no_approval_while_the_plan_has_time_left():
    assert can_approve(60, 0, 599, 600, TERMS) == (
        "Your plan still has 1 minute left this period. Extra time can be approved once the plan's time is "
        "used up."
    )
    assert can_approve(60, 0, 510, 600, TERMS) == (
        "Your plan still has 1 hour 30 minutes left this period. "
        "Extra time can be approved once the plan's time is used up."
    )
    assert "still has 10 hours left" in can_approve(60, 0, 0, 600, TERMS)
    assert "still has 2 hours 1 minute left" in can_approve(60, 0, 479, 600, TERMS)


@pytest.mark.parametrize("requested", [0, -60])
def test_approval_must_ask_for_time(requested):
    assert can_approve(requested, 0, 600, 600, TERMS) == (
        "Choose how much extra time to approve: more than zero minutes."
    )


def test_approval_up_to_the_cap_and_not_a_minute_more():
    assert can_approve(600, 0, 600, 600, TERMS) is None
    assert can_approve(300, 300, 900, 600, TERMS) is None
    assert can_approve(301, 300, 900, 600, TERMS) == (
        "You can approve at most 5 hours more this period (the limit is 10 hours)."
    )
    assert can_approve(601, 0, 600, 600, TERMS) == (
        "You can approve at most 10 hours more this period (the limit is 10 hours)."
    )
    assert can_approve(60, 555, 900, 600, TERMS) == (
        "You can approve at most 45 minutes more this period (the limit is 10 hours)."
    )
    assert can_approve(1, 600, 1200, 600, TERMS) == (
        "You can approve no more extra time this period (the limit is 10 hours)."
    )
    assert can_approve(1, 700, 1300, 600, TERMS) == (
        "You can approve no more extra time this period (the limit is 10 hours)."
    )
    assert can_approve(1, 0, 600, 600, replace(TERMS, approval_cap_minutes=0)) == (
        "You can approve no more extra time this period (the limit is 0 minutes)."
    )
    assert can_approve(61, 0, 600, 600, replace(TERMS, approval_cap_minutes=150)) is None
    assert can_approve(151, 0, 600, 600, replace(TERMS, approval_cap_minutes=150)) == (
        "You can approve at most 2 hours 30 minutes more this period (the limit is 2 hours 30 minutes)."
    )


# --- parse_duration --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("1", 1),
        ("1:30", 90),
        ("0:45", 45),
        ("01:05", 65),
        ("24:00", 1440),
        ("1440", 1440),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1h30m", 90),
        ("1h05", 65),
        ("2h", 120),
        ("24h", 1440),
        ("45m", 45),
        ("45 m", 45),
        (" 45m\n", 45),
        ("1H30M", 90),
        ("1.5h", 90),
        ("0.5h", 30),
        ("1.25h", 75),
        ("1.10h", 66),
        ("0.05h", 3),
        ("1 h", 60),
    ],
)
def test_parse_duration_reads_what_people_type(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0", "more than zero"),
        ("0:00", "more than zero"),
        ("0h", "more than zero"),
        ("0m", "more than zero"),
        ("-30", "cannot be negative"),
        ("-1:30", "cannot be negative"),
        (" -1h", "cannot be negative"),
        ("1441", "more than 24 hours"),
        ("24:01", "more than 24 hours"),
        ("25h", "more than 24 hours"),
        ("24.5h", "more than 24 hours"),
        ("23h 61m", "under 60"),
        ("1h 60m", "under 60"),
        ("1.01h", "not a whole number of minutes"),
        ("1.5h 30m", "not both"),
        ("", "is not a duration"),
        ("abc", "is not a duration"),
        ("1:60", "is not a duration"),
        ("1:5", "is not a duration"),
        ("1,5h", "is not a duration"),
        ("1.5", "is not a duration"),
        ("h", "is not a duration"),
        (":30", "is not a duration"),
        ("1 30", "is not a duration"),
        ("9" * 40, "is not a duration"),
        ("\u0661\u0662", "is not a duration"),
        ("1h30 extra", "is not a duration"),
        ("2 hours", "is not a duration"),
        ("1.h", "is not a duration"),
        (".5h", "is not a duration"),
    ],
)
def test_parse_duration_says_what_to_write_instead(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        parse_duration(text)
    if reason != "more than 24 hours":
        assert "Write it as minutes (90 or 45m)" in str(caught.value)


@given(minutes=st.integers(1, 1440))
@example(minutes=1)
@example(minutes=60)
@example(minutes=1440)
def test_every_form_of_a_valid_duration_reads_the_same(minutes):
    hours, rest = divmod(minutes, 60)
    forms = [str(minutes), f"{minutes}m", f"{hours}:{rest:02d}", f"{hours}h{rest:02d}", f"{hours}h {rest}m"]
    if rest % 6 == 0:
        forms.append(f"{hours}.{rest // 6}h")
    assert {parse_duration(form) for form in forms} == {minutes}


@given(minutes=st.integers(1441, 99_999))
@example(minutes=1441)
def test_more_than_a_day_is_refused_in_every_form(minutes):
    for form in (str(minutes), f"{minutes}m"):
        with pytest.raises(ValueError, match="more than 24 hours"):
            parse_duration(form)
