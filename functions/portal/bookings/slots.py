"""Slot generation and the booking rules as plain functions: no AWS, no clock of their own.

Every instant here is an aware datetime in UTC. Working hours are wall-clock times in the home
zone, turned into instants per date with zoneinfo, so a daylight-saving change moves the instants
and never the wall-clock hours. A meeting occupies [start - buffer_before, end + buffer_after); two
occupied intervals never overlap, and a busy event of the assistant's calendar blocks the same way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import Enum

from portal.bookings.rules import Rules

Span = tuple[datetime, datetime]


class Refusal(str, Enum):
    PAST = "past"
    NOTICE = "notice"
    WINDOW = "window"
    HOURS = "hours"
    CAP = "cap"
    TAKEN = "taken"


def message(refusal: Refusal, rules: Rules) -> dict[str, str]:
    """Why `refusal`, in every language (portal.bookings.words): the 409's message."""
    from portal.bookings.words import both

    return both(f"refused.{refusal.value}", hours=rules.minimum_notice_hours, days=rules.booking_window_days)


def _days(first: date, last: date) -> Iterator[date]:
    while first <= last:
        yield first
        first += timedelta(days=1)


def candidate_starts(rules: Rules, start: datetime, end: datetime) -> Iterator[datetime]:
    """Every slot start in [start, end) that fits whole within working hours, in time order."""
    zone, meeting, interval = rules.zone, rules.meeting, timedelta(minutes=rules.slot_interval_minutes)
    # A slot's home date is its window's, or the next one when a daylight-saving gap pushes a late
    # window past midnight: the day before start's home date is the earliest that can hold one.
    for day in _days(rules.home_day(start) - timedelta(days=1), rules.home_day(end)):
        for opens, closes in rules.hours_on(day):
            window_start = datetime.combine(day, opens, tzinfo=zone).astimezone(UTC)
            close_day, close_time = (day + timedelta(days=1), time(0)) if closes is None else (day, closes)
            window_end = datetime.combine(close_day, close_time, tzinfo=zone).astimezone(UTC)
            slot = window_start
            while slot + meeting <= window_end:
                if start <= slot < end:
                    yield slot
                slot += interval


def occupied(rules: Rules, start: datetime, end: datetime | None = None) -> Span:
    """What a meeting at `start` keeps free: the meeting and its buffers."""
    return start - rules.before, (end or start + rules.meeting) + rules.after


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in spans)


def refusal(
    rules: Rules, start: datetime, now: datetime, booked: Sequence[Span] = (), busy: Sequence[Span] = ()
) -> Refusal | None:
    """Why a meeting cannot start at `start` (None: it can). `booked` are the (start, end) of other
    confirmed meetings, `busy` the assistant's own busy events."""
    start = start.astimezone(UTC)
    if start <= now:
        return Refusal.PAST
    if start < now + timedelta(hours=rules.minimum_notice_hours):
        return Refusal.NOTICE
    if start > now + timedelta(days=rules.booking_window_days):
        return Refusal.WINDOW
    if next(candidate_starts(rules, start, start + timedelta(microseconds=1)), None) != start:
        return Refusal.HOURS
    day = rules.home_day(start)
    if sum(1 for other in booked if rules.home_day(other[0]) == day) >= rules.daily_cap:
        return Refusal.CAP
    span = occupied(rules, start)
    # Busy events of the assistant's calendar are meetings too: their buffers are kept free.
    if _overlaps(span, [occupied(rules, *other) for other in (*booked, *busy)]):
        return Refusal.TAKEN
    return None


def free_slots(
    rules: Rules,
    start: datetime,
    end: datetime,
    now: datetime,
    booked: Sequence[Span] = (),
    busy: Sequence[Span] = (),
) -> list[Span]:
    """The (start, end) of every slot in [start, end) a booker may take now: exactly the
    candidates `refusal` accepts, in O((slots + spans) log spans) rather than slots × spans.

    The candidates are on the grid by construction (no HOURS check); each booked meeting's home
    day is found once (CAP); and the occupied spans, sorted by start with a running maximum of
    their ends, answer "does anything overlap [a, b)" with one bisect: the spans starting before
    b overlap exactly when the latest end among them is after a (TAKEN). Busy events may overlap
    each other or last days: the running maximum covers both."""
    # The rules' properties make new objects on every read: read each once (hundreds of spans).
    zone, meeting, before, after = rules.zone, rules.meeting, rules.before, rules.after
    per_day = Counter(other[0].astimezone(zone).date() for other in booked)
    blocked = sorted((first - before, last + after) for first, last in (*booked, *busy))
    starts = [span[0] for span in blocked]
    latest_end, running = [], None
    for span in blocked:
        running = span[1] if running is None or span[1] > running else running
        latest_end.append(running)
    earliest = now + timedelta(hours=rules.minimum_notice_hours)
    latest = now + timedelta(days=rules.booking_window_days)
    slots = []
    for slot in candidate_starts(rules, start, end):
        if slot <= now or slot < earliest or slot > latest:
            continue  # PAST, NOTICE, WINDOW
        if per_day[slot.astimezone(zone).date()] >= rules.daily_cap:
            continue  # CAP
        first, last = slot - before, slot + meeting + after  # occupied(rules, slot)
        earlier = bisect_left(starts, last)  # spans starting before this one ends
        if earlier and latest_end[earlier - 1] > first:
            continue  # TAKEN
        slots.append((slot, slot + meeting))
    return slots


def lock_steps(rules: Rules, start: datetime, end: datetime | None = None) -> list[datetime]:
    """The 15-minute steps a meeting at `start` holds (its occupied interval): one lock item each,
    so two meetings whose occupied intervals overlap always share a step."""
    first, last = occupied(rules, start, end)
    step = timedelta(minutes=15)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    cursor = epoch + ((first - epoch) // step) * step
    steps = []
    while cursor < last:
        steps.append(cursor)
        cursor += step
    return steps


def iso_in(instant: datetime, zone: tzinfo) -> str:
    """ISO 8601 with the zone's offset on that date, e.g. 2026-12-01T10:00:00-05:00."""
    return instant.astimezone(zone).isoformat(timespec="seconds")


def parse_instant(text: str) -> datetime:
    """An ISO 8601 time with an offset (Z allowed) as UTC; ValueError without an offset, or when
    the offset moves it off the calendar (9999-12-31T23:30:00-05:00 is in the year 10000)."""
    value = datetime.fromisoformat(text.replace("z", "Z"))  # 3.11+ reads Z itself, not z
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a time needs its UTC offset, e.g. 2026-12-01T10:00:00-05:00")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("that time is outside the calendar") from None


def spans(items: Iterable[tuple[datetime, datetime]]) -> list[Span]:
    return sorted((a.astimezone(UTC), b.astimezone(UTC)) for a, b in items)
