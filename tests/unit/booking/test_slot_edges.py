"""Slot generation and refusal at their boundaries, each pinned by a fixed case with the answer
written out, so a changed comparison or constant fails on every run (the gaps `make mutants` found):
the half-open query range, windows ending at midnight, days without hours, the cap by home date,
now / notice / window exactly, buffers that touch, busy events inside one another."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.bookings import slots
from portal.bookings.slots import Refusal
from tests.unit.booking.helpers import LONG_AGO, NEW_YORK, SYDNEY, at, every_day, make, minutes

DEC_1, DEC_2, DEC_3 = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)  # a Tuesday, ...


def starts(found):
    return [start for start, _ in found]


def test_each_refusal_says_why_in_its_own_words():
    current = make(minimum_notice_hours=12, booking_window_days=30)
    assert {refusal: slots.message(refusal, current)["en"] for refusal in Refusal} == {
        Refusal.PAST: "That time has already passed. Please pick another slot.",
        Refusal.NOTICE: "Calls need at least 12 hours' notice. Please pick a later slot.",
        Refusal.WINDOW: "Calls can be booked up to 30 days ahead. Please pick an earlier slot.",
        Refusal.HOURS: "That time is not one of the available slots. Please pick a slot from the list.",
        Refusal.CAP: "That day is fully booked. Please pick another day.",
        Refusal.TAKEN: "That slot was just taken. Please pick another.",
    }
    assert slots.message(Refusal.NOTICE, current)["es"] == (
        "Las llamadas se agendan con al menos 12 horas de anticipación. Elige un horario más adelante."
    )
    assert all(set(slots.message(refusal, current)) == {"en", "es"} for refusal in Refusal)


def test_the_query_range_is_half_open():
    current = make()
    nine, ten = at(NEW_YORK, DEC_1, 9), at(NEW_YORK, DEC_1, 10)
    assert list(slots.candidate_starts(current, nine, ten)) == [nine, nine + minutes(30)]
    assert slots.free_slots(current, nine, ten, LONG_AGO) == [
        (nine, nine + minutes(30)),
        (nine + minutes(30), ten),
    ]
    # A range inside one slot's start and the next holds nothing; one microsecond past a start holds it.
    assert list(slots.candidate_starts(current, nine + minutes(1), nine + minutes(30))) == []
    assert list(slots.candidate_starts(current, ten, ten + timedelta(microseconds=1))) == [ten]


@pytest.mark.parametrize("zone", [NEW_YORK, SYDNEY])
def test_working_hours_that_end_at_midnight(zone):
    current = make(zone.key, working_hours=every_day("22:00-24:00"))
    found = slots.free_slots(current, at(zone, DEC_1, 0), at(zone, DEC_2, 3), LONG_AGO)
    assert starts(found) == [
        at(zone, DEC_1, 22),
        at(zone, DEC_1, 22, 30),
        at(zone, DEC_1, 23),
        at(zone, DEC_1, 23, 30),
    ]
    assert found[-1][1] == at(zone, DEC_2, 0)
    assert slots.refusal(current, at(zone, DEC_1, 23, 30), LONG_AGO) is None
    assert slots.refusal(current, at(zone, DEC_2, 0), LONG_AGO) is Refusal.HOURS
    assert current.hours_on(DEC_1) == [(at(zone, DEC_1, 22).astimezone(zone).time(), None)]
    # A meeting ending at midnight counts on the day it starts.
    capped = make(zone.key, working_hours=every_day("22:00-24:00"), daily_cap=1)
    booked = [(at(zone, DEC_1, 23, 30), at(zone, DEC_2, 0))]
    assert slots.refusal(capped, at(zone, DEC_1, 22), LONG_AGO, booked) is Refusal.CAP
    assert slots.refusal(capped, at(zone, DEC_2, 22), LONG_AGO, booked) is None
    assert slots.free_slots(capped, at(zone, DEC_1, 0), at(zone, DEC_2, 0), LONG_AGO, booked) == []
    assert len(slots.free_slots(capped, at(zone, DEC_2, 0), at(zone, DEC_3, 0), LONG_AGO, booked)) == 4


def test_a_weekday_without_hours_has_no_slots():
    current = make(working_hours={"monday": ("09:00-10:00",)})
    monday = date(2026, 11, 30)
    assert current.hours_on(DEC_1) == []
    assert slots.free_slots(current, at(NEW_YORK, monday, 0), at(NEW_YORK, DEC_3, 0), LONG_AGO) == [
        (at(NEW_YORK, monday, 9), at(NEW_YORK, monday, 9, 30)),
        (at(NEW_YORK, monday, 9, 30), at(NEW_YORK, monday, 10)),
    ]
    assert slots.refusal(current, at(NEW_YORK, DEC_1, 9), LONG_AGO) is Refusal.HOURS


@pytest.mark.parametrize(("zone", "hour"), [(NEW_YORK, 20), (SYDNEY, 9)])
def test_the_daily_cap_counts_the_home_date_not_the_utc_date(zone, hour):
    """20:00 in New York is the next day in UTC; 09:00 in Sydney is the day before in UTC."""
    current = make(zone.key, working_hours=every_day("08:00-22:00"), daily_cap=1)
    booked = [(at(zone, DEC_2, hour), at(zone, DEC_2, hour, 30))]
    assert (booked[0][0].date() == DEC_2) is False  # the UTC date is another day
    assert slots.refusal(current, at(zone, DEC_2, 12), LONG_AGO, booked) is Refusal.CAP
    assert slots.refusal(current, at(zone, DEC_1, 12), LONG_AGO, booked) is None
    assert slots.refusal(current, at(zone, DEC_3, 12), LONG_AGO, booked) is None
    day_2 = slots.free_slots(current, at(zone, DEC_2, 0), at(zone, DEC_3, 0), LONG_AGO, booked)
    assert day_2 == []
    for other in (DEC_1, DEC_3):
        found = slots.free_slots(
            current, at(zone, other, 0), at(zone, other + timedelta(days=1), 0), LONG_AGO, booked
        )
        assert starts(found)[0] == at(zone, other, 8) and len(found) == 28


def test_now_notice_and_window_exactly():
    current = make(minimum_notice_hours=2, booking_window_days=1)
    now = at(NEW_YORK, DEC_1, 9)
    assert slots.refusal(current, now, now) is Refusal.PAST
    assert slots.refusal(current, now + minutes(90), now) is Refusal.NOTICE
    assert slots.refusal(current, now + minutes(120), now) is None  # exactly the notice
    assert slots.refusal(current, now + timedelta(days=1), now) is None  # exactly the window
    assert slots.refusal(current, now + timedelta(days=1, minutes=30), now) is Refusal.WINDOW
    found = starts(slots.free_slots(current, at(NEW_YORK, DEC_1, 0), at(NEW_YORK, DEC_3, 0), now))
    assert found[0] == now + minutes(120) and found[-1] == now + timedelta(days=1)
    assert len(found) == 12 + 1


def test_without_notice_a_start_exactly_now_has_passed_and_the_next_is_free():
    current = make()
    now = at(NEW_YORK, DEC_1, 12)
    assert slots.refusal(current, now, now) is Refusal.PAST
    assert slots.refusal(current, now - minutes(30), now) is Refusal.PAST
    assert slots.refusal(current, now + minutes(30), now) is None
    found = starts(slots.free_slots(current, at(NEW_YORK, DEC_1, 0), at(NEW_YORK, DEC_2, 0), now))
    assert found == [now + minutes(30 * n) for n in range(1, 10)]


def test_a_meeting_may_touch_a_buffer_but_not_enter_it():
    current = make(slot_interval_minutes=15, buffer_before_minutes=15, buffer_after_minutes=15)
    booked = [(at(NEW_YORK, DEC_1, 11), at(NEW_YORK, DEC_1, 11, 30))]  # keeps 10:45-11:45 free
    refusals = {
        (hour, minute): slots.refusal(current, at(NEW_YORK, DEC_1, hour, minute), LONG_AGO, booked)
        for hour, minute in ((10, 0), (10, 15), (11, 30), (11, 45))
    }
    # 10:00 keeps 09:45-10:45 and 12:00 keeps 11:45-12:45: each touches the meeting's buffers, no overlap.
    assert refusals == {
        (10, 0): None,
        (10, 15): Refusal.TAKEN,
        (11, 30): Refusal.TAKEN,
        (11, 45): Refusal.TAKEN,
    }
    assert slots.refusal(current, at(NEW_YORK, DEC_1, 12), LONG_AGO, booked) is None
    found = starts(
        slots.free_slots(current, at(NEW_YORK, DEC_1, 9), at(NEW_YORK, DEC_1, 13), LONG_AGO, booked)
    )
    assert found == [at(NEW_YORK, DEC_1, 9, m) for m in (0, 15, 30, 45)] + [at(NEW_YORK, DEC_1, 10)] + [
        at(NEW_YORK, DEC_1, 12, m) for m in (0, 15, 30, 45)
    ]


def test_a_busy_event_inside_a_longer_one_does_not_shorten_it():
    current = make()
    long_event = (at(NEW_YORK, DEC_1, 8), at(NEW_YORK, DEC_3, 12))  # two and a half days
    inside = (at(NEW_YORK, DEC_2, 10), at(NEW_YORK, DEC_2, 10, 30))
    found = slots.free_slots(
        current,
        at(NEW_YORK, DEC_1, 0),
        at(NEW_YORK, date(2026, 12, 4), 0),
        LONG_AGO,
        busy=[inside, long_event],
    )
    assert starts(found)[0] == at(NEW_YORK, DEC_3, 12) and len(found) == 10
    assert (
        slots.refusal(current, at(NEW_YORK, DEC_2, 12), LONG_AGO, busy=[inside, long_event]) is Refusal.TAKEN
    )


def test_a_slot_clashing_only_with_the_later_of_two_events_is_taken():
    current = make()
    busy = [
        (at(NEW_YORK, DEC_1, 9), at(NEW_YORK, DEC_1, 9, 30)),
        (at(NEW_YORK, DEC_1, 13), at(NEW_YORK, DEC_1, 13, 30)),
    ]
    found = starts(
        slots.free_slots(current, at(NEW_YORK, DEC_1, 12), at(NEW_YORK, DEC_1, 15), LONG_AGO, busy=busy)
    )
    assert found == [
        at(NEW_YORK, DEC_1, 12),
        at(NEW_YORK, DEC_1, 12, 30),
        at(NEW_YORK, DEC_1, 13, 30),
        at(NEW_YORK, DEC_1, 14),
        at(NEW_YORK, DEC_1, 14, 30),
    ]


def test_the_lock_steps_of_a_meeting_and_of_a_longer_one():
    current = make(buffer_before_minutes=15, buffer_after_minutes=15)
    ten = at(NEW_YORK, DEC_1, 10)
    assert slots.lock_steps(current, ten) == [ten + minutes(m) for m in (-15, 0, 15, 30)]
    assert slots.lock_steps(current, ten, ten + minutes(60)) == [
        ten + minutes(m) for m in (-15, 0, 15, 30, 45, 60)
    ]
    # An event off the grid holds every step it touches, from the step it starts in.
    plain = make()
    assert slots.lock_steps(plain, ten + minutes(5), ten + minutes(20)) == [ten, ten + minutes(15)]
    assert slots.lock_steps(plain, ten + minutes(5), ten + minutes(35)) == [
        ten,
        ten + minutes(15),
        ten + minutes(30),
    ]
