"""Free discovery-call slots under the rules (portal.bookings.slots) and the stored bookings: the
availability a booker sees, and the check every booking and move passes before its transaction.
Reading only: the transaction (portal.bookings.store) makes what was checked here hold under
concurrency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from portal import errors
from portal.bookings import busy_feed, day_spans, slots
from portal.bookings.rules import rules
from portal.bookings.slots import Span
from portal.bookings.views import zone
from portal.bookings.words import both
from portal.models import bookings

UTC = UTC
MAX_RANGE_DAYS = 62


def _now() -> datetime:
    from portal.bookings import service  # its clock is the one the tests move

    return service.now()


def _confirmed_between(start: datetime, end: datetime) -> list[Any]:
    """Confirmed bookings starting in [start, end): ONE Query on the status index, however many.
    Only the id, start and end come back (a projection): the rules need nothing else, and reading
    and parsing every attribute of a month of bookings was most of the availability's time."""
    from portal.models.bookings import CONFIRMED, Booking, each_readable, utc_text

    return list(
        each_readable(
            Booking.by_status.query(
                CONFIRMED,
                Booking.start_utc.between(utc_text(start), utc_text(end)),
                attributes_to_get=[
                    Booking.id.attr_name,
                    Booking.start_utc.attr_name,
                    Booking.end_utc.attr_name,
                ],
            )
        )
    )


def _context(start: datetime, end: datetime, exclude: str | None = None) -> tuple[list[Span], list[Span]]:
    """Booked spans and busy spans that can affect slots in [start, end)."""
    margin = timedelta(days=2)
    current = rules()
    # The day summaries first (a few small items); the bookings themselves (one Query, every booking
    # of those days) when a day was written before them. A booking hand-edited into unreadable times
    # is skipped there (and logged): its locks still hold its slot.
    booked = day_spans.booked(current, start - margin, end + margin, exclude)
    if booked is None:
        booked = bookings.confirmed_spans(
            bookings.utc_text(start - margin), bookings.utc_text(end + margin), exclude
        )
    busy = busy_feed.busy_spans(
        start - margin,
        end + margin,
        current.zone,
        cache_seconds=current.busy_feed_cache_seconds,
        timeout=current.busy_feed_timeout_seconds,
    )
    return booked, busy


def availability(date_from: date, date_to: date, tz_name: str, at: datetime | None = None) -> dict[str, Any]:
    client_zone = zone(tz_name)
    if date_to < date_from:
        raise errors.Invalid(both("range.order"), field="to")
    if (date_to - date_from).days + 1 > MAX_RANGE_DAYS:
        raise errors.Invalid(both("range.length", days=MAX_RANGE_DAYS), field="to")
    current = rules()
    at = at or _now()
    # Nothing before the notice or after the window can be booked: don't read what can't matter,
    # and never compute with dates out there (9999-12-31 has no next day).
    date_from = max(date_from, (at - timedelta(days=2)).date())
    date_to = min(date_to, (at + timedelta(days=current.booking_window_days + 2)).date())
    free = []
    if date_from <= date_to:
        start = datetime.combine(date_from, datetime.min.time(), tzinfo=client_zone).astimezone(UTC)
        end = datetime.combine(
            date_to + timedelta(days=1), datetime.min.time(), tzinfo=client_zone
        ).astimezone(UTC)
        start, end = max(start, at), min(end, at + timedelta(days=current.booking_window_days, minutes=1))
        if start < end:
            booked, busy = _context(start, end)
            free = slots.free_slots(current, start, end, at, booked, busy)
    return {
        "timezone": tz_name,
        "home_timezone": current.home_timezone,
        "duration_minutes": current.meeting_minutes,
        "booking_window_days": current.booking_window_days,
        # The page asks for a number only when the call is by phone.
        "meeting": {"kind": current.meeting_location.kind},
        "slots": [
            {"start": slots.iso_in(a, client_zone), "end": slots.iso_in(b, client_zone)} for a, b in free
        ],
    }


def _check(start: datetime, at: datetime, exclude: str | None = None) -> None:
    current = rules()
    # The rules that need no bookings first: a start in the past or beyond the window (the year
    # 9999, say) is refused without reading anything, or computing days around it.
    refusal = slots.refusal(current, start, at)
    if refusal is None:
        booked, busy = _context(start, start + current.meeting, exclude)
        refusal = slots.refusal(current, start, at, booked, busy)
    if refusal is not None:
        raise errors.Conflict(slots.message(refusal, current), reason=refusal.value)
