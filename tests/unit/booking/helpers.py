"""Rules and instants for the booking rules' tests: wall-clock times in a home zone, as UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.bookings.rules import WEEKDAYS, Rules, load_rules

NEW_YORK, SYDNEY = ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def every_day(*ranges: str) -> dict[str, tuple[str, ...]]:
    return {day: ranges for day in WEEKDAYS}


def make(home: str = "America/New_York", **overrides) -> Rules:
    """Rules that refuse nothing but what a test sets: 09:00-17:00 daily, no notice, a long window."""
    values = {
        "working_hours": every_day("09:00-17:00"),
        "minimum_notice_hours": 0,
        "booking_window_days": 3650,
        "daily_cap": 50,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 0,
    }
    values.update(overrides)
    return load_rules(values, home)


def at(zone: ZoneInfo, day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time on a date in a zone, as a UTC instant."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
