"""The ledger rules' allocation: which bucket each minute is drawn from, at every boundary and as
properties over generated ledgers.

Oracles are written independently of the code under test (Fraction arithmetic, a draw order spelled
out again here), so a mutated rule disagrees with them instead of with itself."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.ledger.rules import (
    DRAW_ORDER,
    Allocation,
    Bucket,
    allocate,
)
from tests.unit.ledger.contract import JAN_1, UTC, day

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
