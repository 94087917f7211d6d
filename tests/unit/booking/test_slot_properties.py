"""free_slots against an oracle written from the rules' words (not from the code's sweep), over
generated days that reach the edges: busy events that are long, nested or overlapping, windows that
end at midnight, zones whose date differs from UTC's for much of the day. Each edge also has a
fixed @example, so it is checked on every run, not on the seeds that happen to draw it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portal.bookings import slots
from tests.unit.booking.helpers import UTC, every_day, make

# Slow (`make check` leaves it out): property-based (hypothesis) against an oracle.
pytestmark = pytest.mark.slow

ZONES = [
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Kiritimati",
    "Pacific/Honolulu",
    "Asia/Kathmandu",
    "Pacific/Chatham",
]
DAYS = [date(2026, 12, 1), date(2026, 3, 8), date(2026, 4, 5), date(2026, 10, 4), date(2026, 11, 1)]
QUARTER = timedelta(minutes=15)


def as_text(quarter: int) -> str:
    return "24:00" if quarter == 96 else f"{quarter // 4:02d}:{quarter % 4 * 15:02d}"


@st.composite
def windows(draw):
    """A working range in quarter hours; one in three ends at midnight."""
    opens = draw(st.integers(0, 92))
    closes = 96 if draw(st.integers(0, 2)) == 0 else draw(st.integers(opens + 1, 96))
    return as_text(opens) + "-" + as_text(closes)


@st.composite
def busy_events(draw):
    """Events in quarter hours from the day's start: long (up to three days), and some nested in another."""
    events = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(-96, 192))
        length = draw(st.one_of(st.integers(1, 8), st.integers(8, 3 * 96)))
        events.append((start, start + length))
        if draw(st.booleans()):  # one inside it
            inner = draw(st.integers(start, start + length - 1))
            events.append((inner, draw(st.integers(inner + 1, start + length))))
    return events


def oracle(rules, start, end, now, booked, busy):
    """Every slot the rules allow, spelled out: walk each home date's ranges in wall time, then
    refuse past, notice, window, cap and any clash of the buffered spans, one pair at a time."""
    zone, found = ZoneInfo(rules.home_timezone), []
    day, last = start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date()
    while day <= last:
        if day not in rules.blackout_dates:
            for text in rules.working_hours.get(
                ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][day.weekday()],
                (),
            ):
                opens, closes = text.split("-")
                window_start = datetime.combine(day, time.fromisoformat(opens), tzinfo=zone).astimezone(UTC)
                close_at = (
                    datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
                    if closes == "24:00"
                    else datetime.combine(day, time.fromisoformat(closes), tzinfo=zone)
                ).astimezone(UTC)
                slot = window_start
                while slot + timedelta(minutes=rules.meeting_minutes) <= close_at:
                    found.append(slot)
                    slot += timedelta(minutes=rules.slot_interval_minutes)
        day += timedelta(days=1)
    before, after = (
        timedelta(minutes=rules.buffer_before_minutes),
        timedelta(minutes=rules.buffer_after_minutes),
    )
    meeting = timedelta(minutes=rules.meeting_minutes)
    kept = [(a - before, b + after) for a, b in [*booked, *busy]]
    allowed = []
    for slot in sorted(found):
        home_date = slot.astimezone(zone).date()
        if (
            not (start <= slot < end)
            or slot <= now
            or slot < now + timedelta(hours=rules.minimum_notice_hours)
        ):
            continue
        if slot > now + timedelta(days=rules.booking_window_days):
            continue
        if sum(1 for a, _ in booked if a.astimezone(zone).date() == home_date) >= rules.daily_cap:
            continue
        if any(slot - before < b and a < slot + meeting + after for a, b in kept):
            continue
        allowed.append((slot, slot + meeting))
    return allowed


@settings(max_examples=80, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    day=st.sampled_from(DAYS),
    window=windows(),
    busy=busy_events(),
    meetings=st.lists(st.integers(-96, 192), max_size=5),
    now=st.integers(-96, 96),
    cap=st.integers(1, 4),
    notice=st.sampled_from([0, 1, 12]),
    window_days=st.sampled_from([1, 2]),
    buffers=st.sampled_from([(0, 0), (0, 15), (15, 15), (30, 0)]),
    interval=st.sampled_from([15, 30, 60]),
)
# A busy day inside a longer event (the running maximum of ends), and two clashing only with the later.
@example(
    zone="America/New_York",
    day=date(2026, 12, 1),
    window="09:00-17:00",
    busy=[(0, 96), (40, 42)],
    meetings=[],
    now=-96,
    cap=4,
    notice=0,
    window_days=2,
    buffers=(0, 0),
    interval=30,
)
@example(
    zone="America/New_York",
    day=date(2026, 12, 1),
    window="09:00-17:00",
    busy=[(36, 38), (52, 54)],
    meetings=[],
    now=-96,
    cap=4,
    notice=0,
    window_days=2,
    buffers=(0, 0),
    interval=30,
)
# Windows ending at midnight, in a zone a day ahead of UTC and one behind it.
@example(
    zone="Pacific/Kiritimati",
    day=date(2026, 12, 1),
    window="22:00-24:00",
    busy=[],
    meetings=[88],
    now=-96,
    cap=1,
    notice=0,
    window_days=2,
    buffers=(0, 15),
    interval=30,
)
@example(
    zone="Pacific/Honolulu",
    day=date(2026, 12, 1),
    window="20:00-24:00",
    busy=[],
    meetings=[82, 176],
    now=-96,
    cap=2,
    notice=0,
    window_days=2,
    buffers=(15, 15),
    interval=30,
)
# Now on a slot, the notice ending on a slot, the window ending on a slot; meetings touching buffers.
@example(
    zone="America/New_York",
    day=date(2026, 12, 1),
    window="00:00-24:00",
    busy=[(44, 46)],
    meetings=[50],
    now=40,
    cap=4,
    notice=1,
    window_days=1,
    buffers=(15, 15),
    interval=15,
)
def test_free_slots_are_what_the_rules_say(
    zone, day, window, busy, meetings, now, cap, notice, window_days, buffers, interval
):
    rules = make(
        zone,
        working_hours=every_day(window),
        daily_cap=cap,
        minimum_notice_hours=notice,
        booking_window_days=window_days,
        buffer_before_minutes=buffers[0],
        buffer_after_minutes=buffers[1],
        slot_interval_minutes=interval,
    )
    origin = datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)
    quarter = lambda n: origin + n * QUARTER  # noqa: E731
    busy_spans = [(quarter(a), quarter(b)) for a, b in busy]
    booked = [(quarter(n), quarter(n + 2)) for n in meetings]
    start, end = quarter(-24), quarter(2 * 96)
    expected = oracle(rules, start, end, quarter(now), booked, busy_spans)
    assert slots.free_slots(rules, start, end, quarter(now), booked, busy_spans) == expected
    for slot, _ in expected[:20]:
        assert slots.refusal(rules, slot, quarter(now), booked, busy_spans) is None
