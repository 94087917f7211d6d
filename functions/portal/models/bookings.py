"""BookingsTable: discovery-call bookings, the slot locks that make double booking impossible, and
per-day counters that make the daily cap hold under concurrency. All three item kinds share the
table (a transaction writes them together), told apart by `kind` and by the shape of `id`:

    id = 3f2a9c0d1e4b5a67          kind = booking    status, start_utc, start_local, name, email ...
    id = slot#2026-12-01T15:00Z    kind = slot-lock  booking_id (one per 15 minutes a meeting holds)
    id = day#2026-12-01            kind = day-count  bookings (confirmed calls that home-zone day),
                                                     spans_even / spans_odd (their times: DaySummary)

Index `status-start_utc` lists bookings by status in time order: `Booking.by_status.query(
"confirmed", Booking.start_utc >= now)` is the assistant's "upcoming calls". Locks and counters
have no status, so they stay out of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, cast

from aws_lambda_powertools import Logger
from pynamodb.attributes import (
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import AttributeDeserializationError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.pagination import ResultIterator

from portal.models import table_meta
from portal.settings import settings

CONFIRMED = "confirmed"
CANCELLED = "cancelled"
logger = Logger(child=True)
#: What reading a hand-edited item can raise: a wrong type (pynamodb), a wrong spelling (ValueError),
#: a removed attribute (TypeError on None).
UNREADABLE = (AttributeDeserializationError, ValueError, TypeError, OverflowError)


def utc_text(instant: datetime) -> str:
    """The one spelling of an instant in keys and sortable attributes: 2026-12-01T15:00:00Z."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_text(text: str) -> datetime:
    # fromisoformat reads utc_text's spelling (Z included, Python 3.11+) about ten times faster
    # than strptime: availability parses two of these per booking of a month.
    value = datetime.fromisoformat(text)
    if len(text) != 20 or not text.endswith("Z"):
        raise ValueError(f"not a UTC instant like 2026-12-01T15:00:00Z: {text!r}")
    return value


class ByStatus(GlobalSecondaryIndex["Booking"]):
    class Meta:
        index_name = "status-start_utc"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    start_utc = UnicodeAttribute(range_key=True)


class ByEmail(GlobalSecondaryIndex["Booking"]):
    """A person's bookings in time order (the account page, erasure). Locks and counters have no
    email, so they stay out of it."""

    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)
    start_utc = UnicodeAttribute(range_key=True)


class Booking(Model):
    Meta = table_meta(settings().bookings_table)

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="booking")
    status = UnicodeAttribute()
    start_utc = UnicodeAttribute()
    end_utc = UnicodeAttribute()
    # The booker's zone and the start there, and in the assistant's home zone, as people read them.
    timezone = UnicodeAttribute()
    start_local = UnicodeAttribute()
    start_home = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute()
    notes = UnicodeAttribute(null=True)
    # The number to call when the practice's meeting location is a phone call (never logged), and
    # the language of the page the booker used: their emails and invites are written in it.
    phone = UnicodeAttribute(null=True)
    language = UnicodeAttribute(null=True)
    # sha256 of the manage token (the token itself is only ever in the booker's link), and the
    # random reference the token is made from with the link key (portal.links): emails rebuild it.
    token_sha256 = UnicodeAttribute()
    link_ref = UnicodeAttribute(null=True)
    # The slot locks and day counter this booking holds: released exactly, whatever the rules say now.
    lock_keys = UnicodeSetAttribute(null=True)
    day_key = UnicodeAttribute(null=True)
    # Raised on every change: the invite's SEQUENCE, and the condition that orders changes.
    sequence = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    cancelled_at = UTCDateTimeAttribute(null=True)

    by_status = ByStatus()
    by_email = ByEmail()

    @property
    def start(self) -> datetime:
        return from_utc_text(self.start_utc)

    @property
    def end(self) -> datetime:
        return from_utc_text(self.end_utc)


class SlotLock(Model):
    Meta = table_meta(settings().bookings_table)

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="slot-lock")
    booking_id = UnicodeAttribute()
    # TTL: a lock is only history once its step has passed.
    expires_at = TTLAttribute()

    @staticmethod
    def key(step: datetime) -> str:
        return "slot#" + step.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


class DayCount(Model):
    """A home-zone day's confirmed calls: how many (the cap's condition), and each one's times, so
    availability reads a few dozen day items instead of every booking (portal.bookings.day_spans).
    A booking's entry sits in the set of its sequence's parity: a move on the same day deletes the
    old entry from one set and adds the new one to the other, as DynamoDB refuses one update that
    adds to and deletes from the same attribute. The same transaction changes count and entries."""

    Meta = table_meta(settings().bookings_table)

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="day-count")
    bookings = NumberAttribute(default=0)
    spans_even = UnicodeSetAttribute(null=True)
    spans_odd = UnicodeSetAttribute(null=True)

    @staticmethod
    def key(day: date) -> str:
        return f"day#{day.isoformat()}"


def unreadable(booking_id: str, why: str) -> None:
    """Logs a booking the code cannot read (by id only: never its name or email)."""
    logger.warning(
        "booking skipped: unreadable item (fix it in the console)",
        extra={"booking_id": booking_id, "problem": why},
    )


def span(booking: Booking) -> tuple[datetime, datetime] | None:
    """The booking's (start, end), or None (logged) when a hand edit made them unreadable."""
    try:
        return booking.start, booking.end
    except UNREADABLE as error:
        unreadable(str(getattr(booking, "id", "?")), f"times: {type(error).__name__}")
        return None


def each_readable(results: ResultIterator[Booking]) -> Iterator[Booking]:
    """The bookings of a Query (`Booking.by_status.query(...)`), each read on its own: an item whose
    attribute has the wrong type fails alone (skipped, logged) instead of failing the whole read."""
    read, results._map_fn = results._map_fn, None  # pynamodb 6 ResultIterator: raw items from here
    assert read is not None
    for raw in cast("Iterator[dict[str, Any]]", results):
        try:
            yield read(raw)
        except UNREADABLE as error:
            unreadable(str(raw.get("id", {}).get("S", "?")), f"attributes: {type(error).__name__}")


def confirmed_spans(
    start_text: str, end_text: str, exclude: str | None = None
) -> list[tuple[datetime, datetime]]:
    """(start, end) of every confirmed booking starting in [start_text, end_text], but `exclude`:
    ONE Query on the status index, its id, start and end only, read from the raw items. A month of
    bookings is hundreds of items, and building a model object for each was about a third of the
    availability's time (bench/README.md); an unreadable item is skipped and logged, as `span` does."""
    results = Booking.by_status.query(
        CONFIRMED,
        Booking.start_utc.between(start_text, end_text),
        attributes_to_get=[Booking.id.attr_name, Booking.start_utc.attr_name, Booking.end_utc.attr_name],
    )
    results._map_fn = None  # pynamodb 6 ResultIterator: raw items, as each_readable reads them
    spans = []
    for raw in cast("Iterator[dict[str, Any]]", results):
        booking_id = raw.get("id", {}).get("S", "?")
        if booking_id == exclude:
            continue
        try:
            spans.append((from_utc_text(raw["start_utc"]["S"]), from_utc_text(raw["end_utc"]["S"])))
        except (KeyError, AttributeError, *UNREADABLE) as error:
            unreadable(str(booking_id), f"times: {type(error).__name__}")
    return spans


def day_counters(keys: list[str], attributes: list[str]) -> Iterator[dict[str, Any]]:
    """The raw items of the day counters `keys` that exist (`attributes` of each): BatchGetItem, 100
    keys a request, its unprocessed keys asked again. Raw: building models was a third of the time."""
    connection = DayCount._get_connection()
    for first in range(0, len(keys), 100):
        pending: list[dict[str, Any]] | None = [{"id": {"S": key}} for key in keys[first : first + 100]]
        while pending:
            # pynamodb's stub says keys are strings; it takes (and its Model.batch_get passes) key maps.
            answer = connection.batch_get_item(pending, attributes_to_get=attributes)  # type: ignore[arg-type]
            yield from answer["Responses"].get(DayCount.Meta.table_name, [])
            pending = answer.get("UnprocessedKeys", {}).get(DayCount.Meta.table_name, {}).get("Keys")
