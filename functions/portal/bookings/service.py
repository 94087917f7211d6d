"""The booking use cases: availability, book, show, cancel, reschedule (remind, resend and the
idempotent create are re-exported from their modules).

Every rule is checked here against the stored bookings (one Query on the status index) and then
made to hold under concurrency by DynamoDB itself: one transaction writes the booking, one lock
item per 15-minute step it holds (`attribute_not_exists`), the day's counter (under the cap) and
the client record. A transaction cancelled for a failed condition is a 409; anything else is an
outage (503), never mistaken for a taken slot (portal.bookings.store runs the transactions).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools import Logger

from portal import errors, language, links
from portal.bookings import day_spans, free, idempotent, slots, store, views

# Re-exported (`as` names them so): the route's and the ReminderFunction's entry points, and resend.
from portal.bookings.idempotent import create_idempotent as create_idempotent
from portal.bookings.reminders import remind as remind
from portal.bookings.resend import resend_links as resend_links
from portal.bookings.rules import rules
from portal.bookings.views import MANAGE_PURPOSE, manage_url, view, zone
from portal.bookings.words import both
from portal.models import bookings
from portal.observability import count
from portal.outbox import service as outbox

if TYPE_CHECKING:
    from pynamodb.transactions import TransactWrite

    from portal.models.bookings import Booking

logger = Logger(child=True)
_NOT_FOUND = both("not_found")
_UNREADABLE = both("unreadable")


def now() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ reading
# Free slots and the rules' check live in portal.bookings.free; these names stay for callers.
_confirmed_between, _context, _check = free._confirmed_between, free._context, free._check
availability, MAX_RANGE_DAYS = free.availability, free.MAX_RANGE_DAYS


def _load(booking_id: str, token: str) -> Booking:
    if not booking_id or not token or len(booking_id) > 64 or len(token) > 128:
        raise errors.NotFound(_NOT_FOUND)
    booking = _read(booking_id, _NOT_FOUND, consistent=False)
    if booking.kind != "booking" or not links.matches(token, booking.token_sha256):
        raise errors.NotFound(_NOT_FOUND)
    return _readable(booking)


def _read(booking_id: str, not_found: dict[str, str], consistent: bool) -> Booking:
    from portal.models.bookings import UNREADABLE, Booking

    try:
        return Booking.get(booking_id, consistent_read=consistent)
    except Booking.DoesNotExist:
        raise errors.NotFound(not_found) from None
    except UNREADABLE as error:
        bookings.unreadable(booking_id, f"attributes: {type(error).__name__}")
        raise errors.Conflict(_UNREADABLE, reason="unreadable") from None


def _readable(booking: Booking) -> Booking:
    """`booking`, unless a hand edit made its times unreadable (a 409: nothing can be done to it here)."""
    if bookings.span(booking) is None:
        raise errors.Conflict(_UNREADABLE, reason="unreadable")
    return booking


def show(booking_id: str, token: str) -> dict[str, Any]:
    return view(_load(booking_id, token))


# ------------------------------------------------------------------ writing

# The transaction helpers live in portal.bookings.store; these names stay for callers (bench, tests).
held, _placed, _connection = store.held, store.placed, store.connection


def manage_url_of(booking: Booking) -> str | None:
    """The booking's private link, rebuilt from its reference; None once it can no longer act."""
    from portal.models.bookings import CONFIRMED

    if not getattr(booking, "link_ref", None) or booking.status != CONFIRMED or booking.start <= now():
        return None
    return manage_url(booking.id, links.token(MANAGE_PURPOSE, booking.link_ref), booking.language)


def create(request: dict[str, Any], at: datetime | None = None) -> dict[str, Any]:
    """Books `request` (name, email, start, timezone, notes, phone, language); returns the booker's
    view with the manage link. Its emails and reminder are outbox messages in its own transaction."""
    booking = _book(request, at)
    return {
        **view(booking),
        "manage_url": manage_url(booking.id, links.token(MANAGE_PURPOSE, booking.link_ref), booking.language),
    }


def _book(request: dict[str, Any], at: datetime | None = None, key: str | None = None) -> Booking:
    """Books `request`. With an Idempotency-Key the booking's id is the key's (idempotent.booking_id),
    so a try of the same request that already booked answers with that booking, never a second."""
    from portal.models.bookings import CONFIRMED, Booking
    from portal.models.clients import Client, client_key

    earlier = idempotent.made_by(key, request) if key else None
    if earlier is not None:
        return earlier
    at = at or now()
    current = rules()
    client_zone = zone(request["timezone"], field="timezone")
    start = slots.parse_instant(request["start"])
    number = views.phone(request.get("phone"), required=current.meeting_location.kind == "phone")
    _check(start, at)

    link_ref = secrets.token_hex(16)
    token = links.token(MANAGE_PURPOSE, link_ref)
    booking = Booking(
        idempotent.booking_id(key) if key else secrets.token_hex(8),
        status=CONFIRMED,
        timezone=request["timezone"],
        name=request["name"].strip(),
        email=request["email"].strip(),
        notes=(request.get("notes") or "").strip() or None,
        phone=number,
        language=language.known(request.get("language")),
        token_sha256=links.digest(token),
        link_ref=link_ref,
        sequence=0,
        created_at=at,
        updated_at=at,
    )
    _placed(booking, start, client_zone, current)
    keys, day_key = (
        set(store.lock_keys(current, booking.start, booking.end)),
        store.day_key(current, booking.start),
    )
    booking.lock_keys, booking.day_key = keys, day_key

    def build(tx: TransactWrite) -> list[str]:
        tx.save(booking, condition=Booking.id.does_not_exist())
        # A booking introduces the client but never renames one that exists (anyone can type any email).
        tx.update(
            Client(client_key(booking.email)), actions=Client.seen_actions(now=at, first_name=booking.name)
        )
        entry = day_spans.entry(booking.id, booking.start_utc, booking.end_utc, 0)
        labels = [
            "booking",
            "client",
            *store.claim(tx, booking.id, keys, day_key, current, booking.end, entry),
        ]
        return labels + outbox.add(tx, *store.announce(booking, "confirmed", at))

    try:
        store.transact(build, current)
    except errors.Conflict as conflict:  # "changed": the booking item exists, a concurrent try made it
        if key and conflict.details.get("reason") == "changed" and (made := idempotent.made_by(key, request)):
            return made
        raise
    count("BookingsMade")
    return booking


def _cancel(booking: Booking, at: datetime, by: str, also: tuple[Any, ...] = ()) -> dict[str, Any]:
    from portal.models.bookings import CANCELLED, CONFIRMED, Booking

    current = rules()
    if booking.status != CONFIRMED:
        raise errors.Conflict(both("already_cancelled"), reason="cancelled")
    if booking.start <= at:
        raise errors.Conflict(both("past"), reason="past")
    keys, day_key = held(booking, current)
    cancelled = Booking(booking.id, sequence=int(booking.sequence) + 1)

    def build(tx: TransactWrite) -> list[str]:
        tx.update(
            booking,
            actions=[
                Booking.status.set(CANCELLED),
                Booking.sequence.add(1),
                Booking.cancelled_at.set(at),
                Booking.updated_at.set(at),
                Booking.lock_keys.remove(),
                Booking.day_key.remove(),
            ],
            condition=(Booking.status == CONFIRMED) & (Booking.sequence == booking.sequence),
        )
        entry = day_spans.entry(booking.id, booking.start_utc, booking.end_utc, booking.sequence)
        labels = ["booking", *store.release(tx, booking.id, keys, day_key, entry)]
        return (
            labels + outbox.add(tx, *store.announce(cancelled, "cancelled", at, by=by)) + store.also(tx, also)
        )

    store.transact(build, current)
    count("BookingsCancelled")
    booking.status, booking.sequence, booking.cancelled_at = CANCELLED, booking.sequence + 1, at
    return view(booking)


def cancel(booking_id: str, token: str, at: datetime | None = None) -> dict[str, Any]:
    """Cancels through the booker's private link."""
    return _cancel(_load(booking_id, token), at or now(), by="client")


def _reschedule(
    booking: Booking, new_start: str, at: datetime, by: str, also: tuple[Any, ...] = ()
) -> dict[str, Any]:
    from portal.models.bookings import CONFIRMED, Booking

    current = rules()
    if booking.status != CONFIRMED:
        raise errors.Conflict(both("cancelled_cannot_move"), reason="cancelled")
    if booking.start <= at:
        raise errors.Conflict(both("past"), reason="past")
    start = slots.parse_instant(new_start)
    if start == booking.start:
        return view(booking)
    _check(start, at, exclude=booking.id)

    old_keys, old_day = held(booking, current)
    new_keys, new_day = set(store.lock_keys(current, start)), store.day_key(current, start)
    same_day = old_day == new_day
    moved = Booking(booking.id, sequence=int(booking.sequence) + 1)
    _placed(moved, start, ZoneInfo(booking.timezone), current)
    previous = {"previous_start_utc": booking.start_utc, "previous_end_utc": booking.end_utc}
    old_entry = day_spans.entry(booking.id, booking.start_utc, booking.end_utc, booking.sequence)
    new_entry = day_spans.entry(booking.id, moved.start_utc, moved.end_utc, moved.sequence)

    def build(tx: TransactWrite) -> list[str]:
        tx.update(
            booking,
            actions=[
                Booking.start_utc.set(moved.start_utc),
                Booking.end_utc.set(moved.end_utc),
                Booking.start_local.set(moved.start_local),
                Booking.start_home.set(moved.start_home),
                Booking.lock_keys.set(new_keys),
                Booking.day_key.set(new_day),
                Booking.sequence.add(1),
                Booking.updated_at.set(at),
            ],
            condition=(Booking.status == CONFIRMED) & (Booking.sequence == booking.sequence),
        )
        labels = ["booking"]
        labels += store.release(tx, booking.id, old_keys - new_keys, None if same_day else old_day, old_entry)
        end = start + current.meeting
        labels += store.claim(
            tx, booking.id, new_keys - old_keys, None if same_day else new_day, current, end, new_entry
        )
        labels += store.move_entry(tx, new_day, old_entry, new_entry) if same_day else []
        return (
            labels
            + outbox.add(tx, *store.announce(moved, "rescheduled", at, by=by, **previous))
            + store.also(tx, also)
        )

    store.transact(build, current)
    booking.start_utc, booking.end_utc = moved.start_utc, moved.end_utc
    booking.start_local, booking.start_home = moved.start_local, moved.start_home
    booking.lock_keys, booking.day_key = new_keys, new_day
    booking.sequence += 1
    return view(booking)


def reschedule(booking_id: str, token: str, new_start: str, at: datetime | None = None) -> dict[str, Any]:
    """Moves a booking through the booker's private link."""
    return _reschedule(_load(booking_id, token), new_start, at or now(), by="client")


def _get(booking_id: str) -> Booking:
    booking = _read(booking_id, both("no_such_booking"), consistent=True)
    if booking.kind != "booking":
        raise errors.NotFound(both("no_such_booking"))
    return _readable(booking)


def cancel_for_client(
    booking_id: str, at: datetime | None = None, also: tuple[Any, ...] = ()
) -> dict[str, Any]:
    """The assistant cancels on the client's behalf: same rules, locks, invites and emails;
    `also` (her audit entry) is written in the same transaction."""
    return _cancel(_get(booking_id), at or now(), by="assistant", also=also)


def reschedule_for_client(
    booking_id: str, new_start: str, at: datetime | None = None, also: tuple[Any, ...] = ()
) -> dict[str, Any]:
    return _reschedule(_get(booking_id), new_start, at or now(), by="assistant", also=also)
