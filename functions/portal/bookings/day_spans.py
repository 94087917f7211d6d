"""The day summaries availability reads: each home-zone day's counter item (models.bookings.DayCount)
also holds the times of its confirmed calls, one entry each, changed by the same transaction that
books, cancels or moves the call (portal.bookings.store). Availability over two months then reads
a few dozen small day items with ONE BatchGetItem, instead of every booking of those months (a
Query of hundreds of items, most of its time: bench/README.md).

An entry is `<start_utc> <end_utc> <booking id>`, in the set of its booking's sequence parity
(`spans_even`, `spans_odd`), so a move on the same day deletes from one set and adds to the other.

Days written before the summaries existed hold a count and no entries (or fewer entries than
calls): a day whose count and entries disagree is not trusted, and the caller reads the bookings
themselves (the Query on the status index, as before). So old records keep working with no
migration; such days fall back until they have passed (at most the booking window).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.bookings.rules import Rules

SETS = ("spans_even", "spans_odd")
# A booking's counter is the home day it was made under: a changed home_timezone moves an instant's
# date by up to two days (UTC-12 to UTC+14). The callers' ranges already reach two days beyond the
# slots (free._context), so one more day each side keeps every call within a day of a slot, the
# only ones the rules read (its overlaps, its home day's cap), whatever the zone was.
_ZONE_CHANGE = timedelta(days=1)


def entry(booking_id: str, start_utc: str, end_utc: str, sequence: float) -> tuple[str, str]:
    """(the set attribute, the entry) recording a booking's times on its day's counter."""
    return SETS[int(sequence) % 2], f"{start_utc} {end_utc} {booking_id}"


def day_keys(current: Rules, start: datetime, end: datetime) -> list[str]:
    """The counters that can hold a call starting in [start, end]."""
    from portal.models.bookings import DayCount

    day, last = current.home_day(start) - _ZONE_CHANGE, current.home_day(end) + _ZONE_CHANGE
    keys = []
    while day <= last:
        keys.append(DayCount.key(day))
        day += timedelta(days=1)
    return keys


def booked(
    current: Rules, start: datetime, end: datetime, exclude: str | None = None
) -> list[tuple[datetime, datetime]] | None:
    """(start, end) of every confirmed call starting in [start, end] but `exclude`, from the day
    summaries (ONE BatchGetItem), or None when one of those days cannot be trusted (read the bookings)."""
    from portal.models.bookings import UNREADABLE, day_counters, from_utc_text, utc_text

    low, high = utc_text(start), utc_text(end)
    spans = []
    try:
        for day in day_counters(day_keys(current, start, end), ["id", "bookings", *SETS]):
            entries = {*day.get(SETS[0], {}).get("SS", ()), *day.get(SETS[1], {}).get("SS", ())}
            if len(entries) != int(day.get("bookings", {}).get("N", 0)):
                return None  # made before the summaries (or hand-edited): not every call is listed
            for text in entries:
                first, last, booking_id = text.split(" ", 2)  # as entry() writes it
                if low <= first <= high and booking_id != exclude:
                    spans.append((from_utc_text(first), from_utc_text(last)))
    except (*UNREADABLE, AttributeError):
        return None  # a hand-edited counter (a wrong type): the bookings themselves are the truth
    return spans
