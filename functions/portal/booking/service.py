"""The booking use cases: availability, book, show, cancel, reschedule, remind.

Every rule is checked here against the stored bookings (one Query on the status index) and then
made to hold under concurrency by DynamoDB itself: one transaction writes the booking, one lock
item per 15-minute step it holds (`attribute_not_exists`), the day's counter (under the cap) and
the client record. A transaction cancelled for a failed condition is a 409; anything else is an
outage (503), never mistaken for a taken slot.
"""
from __future__ import annotations

import random
import secrets
import time
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aws_lambda_powertools import Logger

from portal import errors, links
from portal.booking import busy_feed, emails, slots
from portal.booking.rules import Rules, rules
from portal.observability import count
from portal.outbox import service as outbox
from portal.settings import settings

logger = Logger(child=True)
UTC = timezone.utc
MAX_RANGE_DAYS = 62
_NOT_FOUND = "No booking matches this link. Please check it, or book a new call."


def now() -> datetime:
    return datetime.now(UTC)


def zone(name: str, field: str = "tz") -> ZoneInfo:
    try:
        if not name or name != name.strip() or name.startswith("/") or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise errors.Invalid(f"Unknown time zone {name[:64]!r}: use an IANA name such as Europe/Paris.",
                             field=field) from None


def manage_url(booking_id: str, token: str) -> str:
    return f"{settings().site_origin}/manage-booking/?{urlencode({'id': booking_id, 'token': token})}"


def view(booking) -> dict:
    """A booking as its booker sees it: times in their zone (and UTC), never the token."""
    client_zone = ZoneInfo(booking.timezone)
    return {
        "id": booking.id,
        "status": booking.status,
        "start": slots.iso_in(booking.start, client_zone),
        "end": slots.iso_in(booking.end, client_zone),
        "start_utc": booking.start_utc,
        "timezone": booking.timezone,
        "duration_minutes": int((booking.end - booking.start).total_seconds() // 60),
        "name": booking.name,
    }


# ------------------------------------------------------------------ reading

def _confirmed_between(start: datetime, end: datetime) -> list:
    """Confirmed bookings starting in [start, end): ONE Query on the status index, however many.
    Only the id, start and end come back (a projection): the rules need nothing else, and reading
    and parsing every attribute of a month of bookings was most of the availability's time."""
    from portal.models.bookings import CONFIRMED, Booking, utc_text

    return list(Booking.by_status.query(CONFIRMED, Booking.start_utc.between(utc_text(start), utc_text(end)),
                                        attributes_to_get=[Booking.id, Booking.start_utc, Booking.end_utc]))


def _context(start: datetime, end: datetime, exclude: str | None = None) -> tuple[list, list]:
    """Booked spans and busy spans that can affect slots in [start, end)."""
    margin = timedelta(days=2)
    current = rules()
    booked = [(b.start, b.end) for b in _confirmed_between(start - margin, end + margin) if b.id != exclude]
    busy = busy_feed.busy_spans(start - margin, end + margin, current.zone,
                                cache_seconds=current.busy_feed_cache_seconds,
                                timeout=current.busy_feed_timeout_seconds)
    return booked, busy


def availability(date_from: date, date_to: date, tz_name: str, at: datetime | None = None) -> dict:
    client_zone = zone(tz_name)
    if date_to < date_from:
        raise errors.Invalid("`to` must be on or after `from`.", field="to")
    if (date_to - date_from).days + 1 > MAX_RANGE_DAYS:
        raise errors.Invalid(f"Ask for at most {MAX_RANGE_DAYS} days at a time.", field="to")
    start = datetime.combine(date_from, datetime.min.time(), tzinfo=client_zone).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time(), tzinfo=client_zone).astimezone(UTC)
    current = rules()
    at = at or now()
    # Nothing before the notice or after the window can be booked: don't read what can't matter.
    start = max(start, at)
    end = min(end, at + timedelta(days=current.booking_window_days, minutes=1))
    free = []
    if start < end:
        booked, busy = _context(start, end)
        free = slots.free_slots(current, start, end, at, booked, busy)
    return {
        "timezone": tz_name,
        "home_timezone": current.home_timezone,
        "duration_minutes": current.meeting_minutes,
        "slots": [{"start": slots.iso_in(a, client_zone), "end": slots.iso_in(b, client_zone)} for a, b in free],
    }


def _check(start: datetime, at: datetime, exclude: str | None = None) -> None:
    current = rules()
    booked, busy = _context(start, start + current.meeting, exclude)
    refusal = slots.refusal(current, start, at, booked, busy)
    if refusal is not None:
        raise errors.Conflict(slots.message(refusal, current), reason=refusal.value)


def _load(booking_id: str, token: str):
    from portal.models.bookings import Booking

    if not booking_id or not token or len(booking_id) > 64 or len(token) > 128:
        raise errors.NotFound(_NOT_FOUND)
    try:
        booking = Booking.get(booking_id)
    except Booking.DoesNotExist:
        raise errors.NotFound(_NOT_FOUND) from None
    if booking.kind != "booking" or not links.matches(token, booking.token_sha256):
        raise errors.NotFound(_NOT_FOUND)
    return booking


def show(booking_id: str, token: str) -> dict:
    return view(_load(booking_id, token))


# ------------------------------------------------------------------ writing

def _lock_expiry(end: datetime) -> int:
    return int((end + timedelta(days=7)).timestamp())


@lru_cache(maxsize=1)
def _connection():
    """One connection per container (creating a botocore client takes a while; it is thread-safe)."""
    from portal.models import connection

    return connection()


def _transact(build, current: Rules) -> None:
    """Runs the transaction `build(tx)` fills (it returns one label per action, in order). A failed
    condition -> 409 with the reason; contention with another transaction -> retried; anything else
    -> 503."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    for attempt in range(6):
        labels: list[str] = []
        try:
            with TransactWrite(connection=_connection()) as tx:
                labels = build(tx)
            return
        except TransactWriteError as error:
            codes = errors.cancellation_codes(error)
            failed = [label for label, code in zip(labels, codes) if code == "ConditionalCheckFailed"]
            if failed:
                refusal = {"day": slots.Refusal.CAP, "lock": slots.Refusal.TAKEN}.get(failed[0])
                if refusal is None:  # the booking itself changed meanwhile (cancelled or moved)
                    raise errors.Conflict("This booking changed meanwhile. Reload it and try again.",
                                          reason="changed") from None
                raise errors.Conflict(slots.message(refusal, current), reason=refusal.value) from None
            if codes and all(code in (None, "None", "TransactionConflict") for code in codes):
                time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
                continue
            logger.error("booking transaction failed", extra={"codes": codes, "cause": error.cause_response_code})
            raise errors.Unavailable("Booking is unavailable right now. Please try again in a minute.") from None
    raise errors.Conflict(slots.message(slots.Refusal.TAKEN, current), reason=slots.Refusal.TAKEN.value)


def _lock_keys(current: Rules, start: datetime, end: datetime | None = None) -> list[str]:
    from portal.models.bookings import SlotLock

    return [SlotLock.key(step) for step in slots.lock_steps(current, start, end)]


def _day_key(current: Rules, start: datetime) -> str:
    from portal.models.bookings import DayCount

    return DayCount.key(current.home_day(start))


def held(booking, current: Rules) -> tuple[set[str], str]:
    """The lock items and day counter `booking` holds: as stored with it, or (bookings made before
    they were stored) as the rules computed them then."""
    if booking.lock_keys:
        return set(booking.lock_keys), booking.day_key
    return set(_lock_keys(current, booking.start, booking.end)), _day_key(current, booking.start)


def _claim(tx, booking_id: str, keys: set[str], day_key: str | None, current: Rules, end: datetime) -> list[str]:
    """Lock items `keys` and, with `day_key`, a place under that day's cap."""
    from portal.models.bookings import DayCount, SlotLock

    labels = []
    for key in sorted(keys):
        tx.save(SlotLock(key, booking_id=booking_id, expires_at=_lock_expiry(end)),
                condition=SlotLock.id.does_not_exist())
        labels.append("lock")
    if day_key:
        tx.update(DayCount(day_key), actions=[DayCount.bookings.add(1), DayCount.kind.set("day-count")],
                  condition=DayCount.bookings.does_not_exist() | (DayCount.bookings < current.daily_cap))
        labels.append("day")
    return labels


def _release(tx, booking_id: str, keys: set[str], day_key: str | None) -> list[str]:
    """Deletes lock items `keys` (only while they are this booking's) and, with `day_key`, gives
    its place under that day's cap back (never below zero)."""
    from portal.models.bookings import DayCount, SlotLock

    labels = []
    for key in sorted(keys):
        tx.delete(SlotLock(key), condition=SlotLock.id.does_not_exist() | (SlotLock.booking_id == booking_id))
        labels.append("own-lock")
    if day_key:
        tx.update(DayCount(day_key), actions=[DayCount.bookings.add(-1)], condition=DayCount.bookings > 0)
        labels.append("own-day")
    return labels


def _placed(booking, start: datetime, client_zone: ZoneInfo, current: Rules) -> None:
    from portal.models.bookings import utc_text

    booking.start_utc = utc_text(start)
    booking.end_utc = utc_text(start + current.meeting)
    booking.start_local = slots.iso_in(start, client_zone)
    booking.start_home = slots.iso_in(start, current.zone)


MANAGE_PURPOSE = "manage-booking"


def manage_url_of(booking) -> str | None:
    """The booking's private link, rebuilt from its reference; None once it can no longer act."""
    from portal.models.bookings import CONFIRMED

    if not getattr(booking, "link_ref", None) or booking.status != CONFIRMED or booking.start <= now():
        return None
    return manage_url(booking.id, links.token(MANAGE_PURPOSE, booking.link_ref))


def _announce(booking, change: str, at: datetime, by: str = "client", **previous) -> list:
    """The outbox messages of one change to `booking` (its sequence tells changes apart)."""
    version = int(booking.sequence)
    client_message = {"confirmed": "booking.confirmed", "rescheduled": "booking.rescheduled",
                      "cancelled": "booking.cancelled"}[change]
    return [
        outbox.message(client_message, booking.id, version, now=at, booking_id=booking.id, by=by, **previous),
        outbox.message("booking.assistant", booking.id, version, now=at, booking_id=booking.id, change=change,
                       **previous),
        outbox.message("reminder.sync", booking.id, version, now=at, booking_id=booking.id),
    ]


def create(request: dict, at: datetime | None = None) -> dict:
    """Books `request` (name, email, start, timezone, notes); returns the booker's view with the
    manage link. Its emails and reminder are outbox messages in the booking's own transaction."""
    booking = _book(request, at)
    return {**view(booking), "manage_url": manage_url(booking.id, links.token(MANAGE_PURPOSE, booking.link_ref))}


def _book(request: dict, at: datetime | None = None):
    from portal.models.bookings import CONFIRMED, Booking
    from portal.models.clients import Client, client_key

    at = at or now()
    current = rules()
    client_zone = zone(request["timezone"], field="timezone")
    start = slots.parse_instant(request["start"])
    _check(start, at)

    link_ref = secrets.token_hex(16)
    token = links.token(MANAGE_PURPOSE, link_ref)
    booking = Booking(
        secrets.token_hex(8), status=CONFIRMED, timezone=request["timezone"],
        name=request["name"].strip(), email=client_key(request["email"]), notes=(request.get("notes") or "").strip() or None,
        token_sha256=links.digest(token), link_ref=link_ref, sequence=0, created_at=at, updated_at=at,
    )
    _placed(booking, start, client_zone, current)
    keys, day_key = set(_lock_keys(current, booking.start, booking.end)), _day_key(current, booking.start)
    booking.lock_keys, booking.day_key = keys, day_key

    def build(tx) -> list[str]:
        tx.save(booking, condition=Booking.id.does_not_exist())
        # A booking introduces the client but never renames one that exists (anyone can type any email).
        tx.update(Client(client_key(booking.email)), actions=Client.seen_actions(now=at, first_name=booking.name))
        labels = ["booking", "client", *_claim(tx, booking.id, keys, day_key, current, booking.end)]
        return labels + outbox.add(tx, *_announce(booking, "confirmed", at))

    _transact(build, current)
    count("BookingsMade")
    return booking


def _cancel(booking, at: datetime, by: str, also: tuple = ()) -> dict:
    from portal.models.bookings import CANCELLED, CONFIRMED, Booking

    current = rules()
    if booking.status != CONFIRMED:
        raise errors.Conflict("This booking is already cancelled.", reason="cancelled")
    if booking.start <= at:
        raise errors.Conflict("This call has already started or taken place.", reason="past")
    keys, day_key = held(booking, current)
    cancelled = Booking(booking.id, sequence=int(booking.sequence) + 1)

    def build(tx) -> list[str]:
        tx.update(booking, actions=[Booking.status.set(CANCELLED), Booking.sequence.add(1),
                                    Booking.cancelled_at.set(at), Booking.updated_at.set(at),
                                    Booking.lock_keys.remove(), Booking.day_key.remove()],
                  condition=(Booking.status == CONFIRMED) & (Booking.sequence == booking.sequence))
        labels = ["booking", *_release(tx, booking.id, keys, day_key)]
        return labels + outbox.add(tx, *_announce(cancelled, "cancelled", at, by=by)) + _also(tx, also)

    _transact(build, current)
    count("BookingsCancelled")
    booking.status, booking.sequence, booking.cancelled_at = CANCELLED, booking.sequence + 1, at
    return view(booking)


def cancel(booking_id: str, token: str, at: datetime | None = None) -> dict:
    """Cancels through the booker's private link."""
    return _cancel(_load(booking_id, token), at or now(), by="client")


def _reschedule(booking, new_start: str, at: datetime, by: str, also: tuple = ()) -> dict:
    from portal.models.bookings import CONFIRMED, Booking

    current = rules()
    if booking.status != CONFIRMED:
        raise errors.Conflict("A cancelled booking cannot be rescheduled. Please book a new call.", reason="cancelled")
    if booking.start <= at:
        raise errors.Conflict("This call has already started or taken place.", reason="past")
    start = slots.parse_instant(new_start)
    if start == booking.start:
        return view(booking)
    _check(start, at, exclude=booking.id)

    old_start, old_end = booking.start, booking.end
    old_keys, old_day = held(booking, current)
    new_keys, new_day = set(_lock_keys(current, start)), _day_key(current, start)
    same_day = old_day == new_day
    moved = Booking(booking.id, sequence=int(booking.sequence) + 1)
    _placed(moved, start, ZoneInfo(booking.timezone), current)
    previous = {"previous_start_utc": booking.start_utc, "previous_end_utc": booking.end_utc}

    def build(tx) -> list[str]:
        tx.update(booking, actions=[Booking.start_utc.set(moved.start_utc), Booking.end_utc.set(moved.end_utc),
                                    Booking.start_local.set(moved.start_local), Booking.start_home.set(moved.start_home),
                                    Booking.lock_keys.set(new_keys), Booking.day_key.set(new_day),
                                    Booking.sequence.add(1), Booking.updated_at.set(at)],
                  condition=(Booking.status == CONFIRMED) & (Booking.sequence == booking.sequence))
        labels = ["booking"]
        labels += _release(tx, booking.id, old_keys - new_keys, None if same_day else old_day)
        labels += _claim(tx, booking.id, new_keys - old_keys, None if same_day else new_day, current,
                         start + current.meeting)
        return labels + outbox.add(tx, *_announce(moved, "rescheduled", at, by=by, **previous)) + _also(tx, also)

    _transact(build, current)
    booking.start_utc, booking.end_utc = moved.start_utc, moved.end_utc
    booking.start_local, booking.start_home = moved.start_local, moved.start_home
    booking.lock_keys, booking.day_key = new_keys, new_day
    booking.sequence += 1
    return view(booking)


def reschedule(booking_id: str, token: str, new_start: str, at: datetime | None = None) -> dict:
    """Moves a booking through the booker's private link."""
    return _reschedule(_load(booking_id, token), new_start, at or now(), by="client")


def _get(booking_id: str):
    from portal.models.bookings import Booking

    try:
        booking = Booking.get(booking_id, consistent_read=True)
    except Booking.DoesNotExist:
        raise errors.NotFound("No such booking.") from None
    if booking.kind != "booking":
        raise errors.NotFound("No such booking.")
    return booking


def _also(tx, items: tuple) -> list[str]:
    """Extra records written with the change (the assistant's audit entry)."""
    for item in items:
        tx.save(item)
    return ["also"] * len(items)


def cancel_for_client(booking_id: str, at: datetime | None = None, also: tuple = ()) -> dict:
    """The assistant cancels on the client's behalf: same rules, locks, invites and emails."""
    return _cancel(_get(booking_id), at or now(), by="assistant", also=also)


def reschedule_for_client(booking_id: str, new_start: str, at: datetime | None = None, also: tuple = ()) -> dict:
    return _reschedule(_get(booking_id), new_start, at or now(), by="assistant", also=also)


def resend_links(email: str, at: datetime | None = None) -> None:
    """"Email me my link": queues one email with the links of this address's upcoming calls.
    Says nothing about whether there are any (the route answers the same either way)."""
    from portal.models.bookings import CONFIRMED, Booking, utc_text
    from portal.models.clients import client_key
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    at = at or now()
    key = client_key(email)
    upcoming = [b.id for b in Booking.by_status.query(CONFIRMED, Booking.start_utc >= utc_text(at))
                if client_key(b.email) == key and b.link_ref]
    if not upcoming:
        return
    # One email per address per ten minutes, however often it is asked for.
    window = int(at.timestamp()) // 600
    try:
        with TransactWrite(connection=_connection()) as tx:
            outbox.add(tx, outbox.message("booking.link", links.digest(key)[:24], window, now=at,
                                          booking_ids=upcoming[:10]))
    except TransactWriteError as error:
        if "ConditionalCheckFailed" not in errors.cancellation_codes(error):
            raise


def remind(booking_id: str, start_utc: str, at: datetime | None = None) -> dict:
    """The ReminderFunction's work: send the reminder only if the booking still stands as scheduled."""
    from portal.models.bookings import CONFIRMED, Booking

    at = at or now()
    try:
        booking = Booking.get(booking_id)
    except Booking.DoesNotExist:
        return {"sent": False, "reason": "missing"}
    if booking.status != CONFIRMED:
        return {"sent": False, "reason": "cancelled"}
    if booking.start_utc != start_utc:
        return {"sent": False, "reason": "moved"}
    if booking.start <= at:
        return {"sent": False, "reason": "past"}
    emails.reminder(booking)
    return {"sent": True, "reason": "due"}


# ------------------------------------------------------------------ idempotent booking

@lru_cache(maxsize=1)
def _idempotent_create():
    from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer, IdempotencyConfig,
                                                             idempotent_function)

    layer = DynamoDBPersistenceLayer(table_name=settings().idempotency_table)
    # The record holds the answer for an hour, long enough for any retry: the booker's view and the
    # link's reference, never the link (rebuilding it takes the link key, portal.links).
    config = IdempotencyConfig(event_key_jmespath="key", payload_validation_jmespath="request",
                               expires_after_seconds=3600, raise_on_no_idempotency_key=True)

    @idempotent_function(data_keyword_argument="data", persistence_store=layer, config=config)
    def create_once(data: dict) -> dict:
        booking = _book(data["request"])
        return {**view(booking), "link_ref": booking.link_ref}

    return create_once, config


def create_idempotent(request: dict, key: str | None, context=None) -> dict:
    """`create`, answered once per Idempotency-Key: a retry gets the first answer, books nothing and
    sends nothing."""
    if not key:
        return create(request)
    from aws_lambda_powertools.utilities.idempotency.exceptions import (IdempotencyAlreadyInProgressError,
                                                                        IdempotencyValidationError)

    create_once, config = _idempotent_create()
    if context is not None:
        config.register_lambda_context(context)  # an in-progress record outlives no timed-out call
    try:
        answer = create_once(data={"key": key, "request": request})
    except IdempotencyAlreadyInProgressError:
        raise errors.Conflict("The same booking request is still being processed. Try again in a moment.",
                              reason="in-progress") from None
    except IdempotencyValidationError:
        raise errors.Invalid("This Idempotency-Key was already used for a different request.",
                             field="Idempotency-Key") from None
    link_ref = answer.pop("link_ref")
    return {**answer, "manage_url": manage_url(answer["id"], links.token(MANAGE_PURPOSE, link_ref))}
