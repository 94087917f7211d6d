"""Slot generation and the booking rules as plain functions, with fixed clocks: daylight-saving
days in New York and Sydney, buffers, notice, window, cap, blackout dates and locks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.bookings import slots
from portal.bookings.rules import Rules, load_rules, rules

EVERY_DAY = {
    day: ("09:00-17:00",)
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}


def make(home="America/New_York", **overrides) -> Rules:
    values = {
        "working_hours": EVERY_DAY,
        "minimum_notice_hours": 0,
        "booking_window_days": 3650,
        "daily_cap": 50,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 15,
    }
    values.update(overrides)
    return load_rules(values, home)


def day_range(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
# The daylight-saving change days of 2026 and 2027 in both zones.
DST_DAYS = [
    date(2026, 3, 8),
    date(2026, 11, 1),
    date(2027, 3, 14),
    date(2027, 11, 7),  # New York
    date(2026, 4, 5),
    date(2026, 10, 4),
    date(2027, 4, 4),
    date(2027, 10, 3),
]  # Sydney
HOMES = ["America/New_York", "Australia/Sydney"]


def test_the_shipped_config_loads():
    current = rules()
    assert current.meeting_minutes == 30 and current.home_timezone == "America/New_York"


@pytest.mark.parametrize(
    "bad",
    [
        {"meeting_minutes": 20},
        {"buffer_after_minutes": 10},
        {"working_hours": {"funday": ["09:00-10:00"]}},
        {"working_hours": {"monday": ["10:00-09:00"]}},
        {"working_hours": {"monday": ["09:10-10:00"]}},
        {"unknown_rule": 1},
    ],
)
def test_a_config_mistake_fails_at_load(bad):
    with pytest.raises(ValueError):
        make(**bad)


@pytest.mark.parametrize("day", DST_DAYS)
@pytest.mark.parametrize("home", HOMES)
def test_working_hours_hold_in_wall_time_on_dst_days(home, day):
    current = make(home)
    zone = ZoneInfo(home)
    found = slots.free_slots(current, *day_range(day, zone), LONG_AGO)
    # 09:00-17:00 with 30-minute meetings every 30 minutes: 16 slots, whatever the offset that day.
    assert len(found) == 16
    assert found[0][0].astimezone(zone).time() == time(9, 0)
    assert found[-1][1].astimezone(zone).time() == time(17, 0)
    assert all(end - start == timedelta(minutes=30) for start, end in found)


def test_a_known_instant_on_the_new_york_spring_day():
    current = make("America/New_York")
    found = slots.free_slots(current, *day_range(date(2026, 3, 8), ZoneInfo("America/New_York")), LONG_AGO)
    assert found[0][0] == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # 09:00 EDT (UTC-4), not EST
    previous = slots.free_slots(current, *day_range(date(2026, 3, 7), ZoneInfo("America/New_York")), LONG_AGO)
    assert previous[0][0] == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)  # 09:00 EST (UTC-5)


def test_a_sydney_booker_sees_new_york_slots_at_their_own_offset():
    current = make("America/New_York")
    sydney = ZoneInfo("Australia/Sydney")
    # 5 April 2026: Sydney leaves daylight saving (UTC+11 -> +10).
    found = slots.free_slots(current, *day_range(date(2026, 4, 5), sydney), LONG_AGO)
    shown = [slots.iso_in(start, sydney) for start, _ in found]
    assert all(text.endswith(("+10:00", "+11:00")) for text in shown)
    for text, (start, _) in zip(shown, found, strict=True):
        assert slots.parse_instant(text) == start


@settings(max_examples=60, deadline=None)
@given(
    home=st.sampled_from(HOMES),
    booker=st.sampled_from(HOMES + ["UTC", "Asia/Kathmandu"]),
    day=st.sampled_from(DST_DAYS),
    shift=st.integers(-2, 2),
    opens=st.integers(0, 40),
    length=st.integers(2, 40),
)
def test_slots_on_and_around_dst_days_are_right(home, booker, day, shift, opens, length):
    """For any working window (in quarter hours, crossing the 02:00/03:00 change too): every slot
    starts and ends inside it in home wall time, lasts exactly the meeting in real time, starts
    on the lock grid, and reads back to the same instant in the booker's zone."""
    start_q, end_q = opens, min(opens + length, 96)
    as_text = lambda q: "24:00" if q == 96 else f"{q // 4:02d}:{q % 4 * 15:02d}"  # noqa: E731
    window = f"{as_text(start_q)}-{as_text(end_q)}"
    current = make(home, working_hours={d: (window,) for d in EVERY_DAY})
    zone, booker_zone = ZoneInfo(home), ZoneInfo(booker)
    day = day + timedelta(days=shift)
    found = slots.free_slots(current, *day_range(day, booker_zone), LONG_AGO)
    assert found == sorted(set(found))
    opens_at = time(start_q // 4, start_q % 4 * 15)
    for start, end in found:
        assert end - start == timedelta(minutes=30)
        assert start.timestamp() % (15 * 60) == 0
        wall = start.astimezone(zone)
        close = datetime.combine(
            wall.date() + timedelta(days=1) if end_q == 96 else wall.date(),
            time(0) if end_q == 96 else time(end_q // 4, end_q % 4 * 15),
            tzinfo=zone,
        )
        assert datetime.combine(wall.date(), opens_at, tzinfo=zone) <= start and end <= close
        text = slots.iso_in(start, booker_zone)
        assert slots.parse_instant(text) == start
        assert datetime.fromisoformat(text).utcoffset() == booker_zone.utcoffset(
            start.astimezone(booker_zone).replace(tzinfo=None)
        )
    for (_, first_end), (second_start, _) in zip(found, found[1:], strict=False):
        assert second_start >= first_end


def test_buffer_after_a_meeting_blocks_the_next_start():
    current = make(buffer_after_minutes=15)
    zone = current.zone
    meeting = datetime(2026, 12, 1, 10, 0, tzinfo=zone).astimezone(UTC)
    booked = [(meeting, meeting + timedelta(minutes=30))]
    starts = [
        s.astimezone(zone).time()
        for s, _ in slots.free_slots(current, *day_range(date(2026, 12, 1), zone), LONG_AGO, booked)
    ]
    assert time(10, 30) not in starts and time(10, 0) not in starts
    # 09:30 is blocked too: its own 15 minutes after would run into the 10:00 meeting.
    assert time(9, 30) not in starts
    assert time(9, 0) in starts and time(11, 0) in starts
    assert slots.refusal(current, meeting + timedelta(minutes=30), LONG_AGO, booked) is slots.Refusal.TAKEN


def test_buffer_before_blocks_the_slot_ahead():
    current = make(buffer_before_minutes=15, buffer_after_minutes=0)
    zone = current.zone
    meeting = datetime(2026, 12, 1, 10, 0, tzinfo=zone).astimezone(UTC)
    assert (
        slots.refusal(
            current, meeting - timedelta(minutes=30), LONG_AGO, [(meeting, meeting + timedelta(minutes=30))]
        )
        is slots.Refusal.TAKEN
    )


@given(
    a=st.integers(0, 40),
    b=st.integers(0, 40),
    before=st.sampled_from([0, 15, 30]),
    after=st.sampled_from([0, 15, 30]),
)
def test_locks_collide_exactly_when_meetings_would_clash(a, b, before, after):
    current = make(buffer_before_minutes=before, buffer_after_minutes=after, slot_interval_minutes=15)
    base = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    first, second = base + timedelta(minutes=15 * a), base + timedelta(minutes=15 * b)
    (a0, a1), (b0, b1) = slots.occupied(current, first), slots.occupied(current, second)
    clash = a0 < b1 and b0 < a1
    shared = set(slots.lock_steps(current, first)) & set(slots.lock_steps(current, second))
    assert clash == bool(shared)


def test_notice_window_cap_and_blackout():
    current = make(
        minimum_notice_hours=12, booking_window_days=10, daily_cap=2, blackout_dates=[date(2026, 12, 2)]
    )
    zone = current.zone
    now = datetime(2026, 12, 1, 6, 0, tzinfo=zone).astimezone(UTC)
    at = lambda d, h, m=0: datetime(2026, 12, d, h, m, tzinfo=zone).astimezone(UTC)  # noqa: E731
    assert slots.refusal(current, at(1, 5), now) is slots.Refusal.PAST
    assert slots.refusal(current, at(1, 10), now) is slots.Refusal.NOTICE
    assert slots.refusal(current, at(2, 10), now) is slots.Refusal.HOURS  # blackout
    assert slots.refusal(current, at(3, 10), now) is None
    assert slots.refusal(current, at(12, 10), now) is slots.Refusal.WINDOW
    booked = [(at(3, 9), at(3, 9, 30)), (at(3, 14), at(3, 14, 30))]
    assert slots.refusal(current, at(3, 11), now, booked) is slots.Refusal.CAP
    assert not [s for s in slots.free_slots(current, at(3, 0), at(4, 0), now, booked)]


def test_busy_events_block_with_buffers():
    current = make(buffer_after_minutes=15)
    zone = current.zone
    busy = [
        (
            datetime(2026, 12, 1, 12, 0, tzinfo=zone).astimezone(UTC),
            datetime(2026, 12, 1, 13, 0, tzinfo=zone).astimezone(UTC),
        )
    ]
    starts = [
        s.astimezone(zone).time()
        for s, _ in slots.free_slots(current, *day_range(date(2026, 12, 1), zone), LONG_AGO, busy=busy)
    ]
    assert time(11, 30) not in starts and time(12, 30) not in starts and time(13, 0) not in starts
    assert time(11, 0) in starts and time(13, 30) in starts


def test_times_without_offset_are_refused():
    with pytest.raises(ValueError):
        slots.parse_instant("2026-12-01T10:00:00")
    assert slots.parse_instant("2026-12-01T15:00:00Z") == datetime(2026, 12, 1, 15, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(
    home=st.sampled_from(HOMES),
    day=st.sampled_from(DST_DAYS),
    meetings=st.lists(st.tuples(st.integers(-48, 96), st.sampled_from([30, 45, 60])), max_size=12),
    events=st.lists(st.tuples(st.integers(-48, 96), st.integers(1, 60 * 4)), max_size=4),
    cap=st.integers(1, 6),
    notice=st.sampled_from([0, 5, 30]),
    now_hours=st.integers(-30, 40),
    before=st.sampled_from([0, 15]),
    after=st.sampled_from([0, 15, 30]),
)
def test_free_slots_are_exactly_the_candidates_refusal_accepts(
    home, day, meetings, events, cap, notice, now_hours, before, after
):
    """free_slots' sweep (one bisect per slot) answers as refusal does, slot by slot: overlapping
    and days-long busy events, the cap per home day and the notice included."""
    current = make(
        home,
        daily_cap=cap,
        minimum_notice_hours=notice,
        booking_window_days=2,
        buffer_before_minutes=before,
        buffer_after_minutes=after,
    )
    start, end = day_range(day, current.zone)
    start, end = start - timedelta(days=1), end + timedelta(days=1)
    quarter = timedelta(minutes=15)
    booked = [(start + n * quarter, start + n * quarter + timedelta(minutes=m)) for n, m in meetings]
    busy = [(start + n * quarter, start + n * quarter + timedelta(minutes=m)) for n, m in events]
    now = start + timedelta(hours=now_hours)
    expected = [
        (s, s + current.meeting)
        for s in slots.candidate_starts(current, start, end)
        if slots.refusal(current, s, now, booked, busy) is None
    ]
    assert slots.free_slots(current, start, end, now, booked, busy) == expected
