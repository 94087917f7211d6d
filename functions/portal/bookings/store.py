"""The booking transactions: the lock items and day counter a booking holds, and the one retry loop.

Pure helpers of portal.bookings.service: each takes the rules it applies (`current`), so the use
cases decide which rules hold. A transaction cancelled for a failed condition is a 409 with the
reason; contention with another transaction is retried; anything else is an outage (503).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools import Logger

from portal import errors
from portal.bookings import slots
from portal.bookings.rules import Rules
from portal.bookings.words import both
from portal.outbox import service as outbox

if TYPE_CHECKING:
    from pynamodb.connection import Connection
    from pynamodb.expressions.update import Action
    from pynamodb.transactions import TransactWrite

    from portal.models.bookings import Booking
    from portal.models.outbox import OutboxMessage

logger = Logger(child=True)
ATTEMPTS = 6
CHANGED = both("changed")
UNAVAILABLE = both("unavailable")


def lock_expiry(end: datetime) -> datetime:
    return end + timedelta(days=7)


@lru_cache(maxsize=1)
def connection() -> Connection:
    """One connection per container (creating a botocore client takes a while; it is thread-safe)."""
    from portal.models import connection as make

    return make()


def transact(build: Callable[[TransactWrite], list[str]], current: Rules) -> None:
    """Runs the transaction `build(tx)` fills (it returns one label per action, in order). A failed
    condition -> 409 with the reason; contention with another transaction -> retried (a 503 if it
    lasts); anything else -> 503."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    for attempt in range(ATTEMPTS):
        labels: list[str] = []
        try:
            with TransactWrite(connection=connection()) as tx:
                labels = build(tx)
            return
        except TransactWriteError as error:
            codes = errors.cancellation_codes(error)
            failed = [
                label
                for label, refused in zip(labels, errors.failed_conditions(error), strict=False)
                if refused
            ]
            if failed:
                refusal = {"day": slots.Refusal.CAP, "lock": slots.Refusal.TAKEN}.get(failed[0])
                if refusal is None:  # the booking itself changed meanwhile (cancelled or moved)
                    raise errors.Conflict(CHANGED, reason="changed") from None
                raise errors.Conflict(slots.message(refusal, current), reason=refusal.value) from None
            if errors.only_contention(error):
                time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
                continue
            logger.error(
                "booking transaction failed", extra={"codes": codes, "cause": error.cause_response_code}
            )
            raise errors.Unavailable(UNAVAILABLE) from None
    # Contended every time: nothing was refused, so the visitor's retry may well succeed.
    logger.warning("booking transaction contended on every attempt", extra={"attempts": ATTEMPTS})
    raise errors.Unavailable(UNAVAILABLE)


def lock_keys(current: Rules, start: datetime, end: datetime | None = None) -> list[str]:
    from portal.models.bookings import SlotLock

    return [SlotLock.key(step) for step in slots.lock_steps(current, start, end)]


def day_key(current: Rules, start: datetime) -> str:
    from portal.models.bookings import DayCount

    return DayCount.key(current.home_day(start))


def held(booking: Booking, current: Rules) -> tuple[set[str], str]:
    """The lock items and day counter `booking` holds: as stored with it, or (bookings made before
    they were stored) as the rules computed them then."""
    if booking.lock_keys:
        return set(booking.lock_keys), booking.day_key
    return set(lock_keys(current, booking.start, booking.end)), day_key(current, booking.start)


def claim(
    tx: TransactWrite,
    booking_id: str,
    keys: set[str],
    day: str | None,
    current: Rules,
    end: datetime,
    entry: tuple[str, str] | None = None,
) -> list[str]:
    """Lock items `keys` and, with `day`, a place under that day's cap and the booking's `entry`
    (day_spans.entry) among the day's times."""
    from portal.models.bookings import DayCount, SlotLock

    labels = []
    for key in sorted(keys):
        tx.save(
            SlotLock(key, booking_id=booking_id, expires_at=lock_expiry(end)),
            condition=SlotLock.id.does_not_exist(),
        )
        labels.append("lock")
    if day:
        actions: list[Action] = [DayCount.bookings.add(1), DayCount.kind.set("day-count")]
        if entry:
            actions.append(getattr(DayCount, entry[0]).add({entry[1]}))
        tx.update(
            DayCount(day),
            actions=actions,
            condition=DayCount.bookings.does_not_exist() | (DayCount.bookings < current.daily_cap),
        )
        labels.append("day")
    return labels


def release(
    tx: TransactWrite, booking_id: str, keys: set[str], day: str | None, entry: tuple[str, str] | None = None
) -> list[str]:
    """Deletes lock items `keys` (only while they are this booking's) and, with `day`, gives its
    place under that day's cap back (never below zero) and removes its `entry` from the day's times."""
    from portal.models.bookings import DayCount, SlotLock

    labels = []
    for key in sorted(keys):
        tx.delete(SlotLock(key), condition=SlotLock.id.does_not_exist() | (SlotLock.booking_id == booking_id))
        labels.append("own-lock")
    if day:
        actions: list[Action] = [DayCount.bookings.add(-1)]
        if entry:  # a booking made before the summaries has none: deleting it changes nothing
            actions.append(getattr(DayCount, entry[0]).delete({entry[1]}))
        tx.update(DayCount(day), actions=actions, condition=DayCount.bookings > 0)
        labels.append("own-day")
    return labels


def move_entry(tx: TransactWrite, day: str, old: tuple[str, str], new: tuple[str, str]) -> list[str]:
    """A move within one day: the count stays, the entry changes (from one parity's set to the
    other's: old and new sequences differ by one)."""
    from portal.models.bookings import DayCount

    tx.update(
        DayCount(day),
        actions=[getattr(DayCount, old[0]).delete({old[1]}), getattr(DayCount, new[0]).add({new[1]})],
    )
    return ["own-day"]


def placed(booking: Booking, start: datetime, client_zone: ZoneInfo, current: Rules) -> None:
    """Sets the booking's times: UTC for the index and the rules, the booker's and home zones for people."""
    from portal.models.bookings import utc_text

    booking.start_utc = utc_text(start)
    booking.end_utc = utc_text(start + current.meeting)
    booking.start_local = slots.iso_in(start, client_zone)
    booking.start_home = slots.iso_in(start, current.zone)


def announce(
    booking: Booking, change: str, at: datetime, by: str = "client", **previous: Any
) -> list[OutboxMessage]:
    """The outbox messages of one change to `booking` (its sequence tells changes apart)."""
    version = int(booking.sequence)
    client_message = {
        "confirmed": "booking.confirmed",
        "rescheduled": "booking.rescheduled",
        "cancelled": "booking.cancelled",
    }[change]
    return [
        outbox.message(client_message, booking.id, version, now=at, booking_id=booking.id, by=by, **previous),
        outbox.message(
            "booking.assistant", booking.id, version, now=at, booking_id=booking.id, change=change, **previous
        ),
        outbox.message("reminder.sync", booking.id, version, now=at, booking_id=booking.id),
    ]


def also(tx: TransactWrite, items: tuple[Any, ...]) -> list[str]:
    """Extra records written with a change (the assistant's audit entry)."""
    for item in items:
        tx.save(item)
    return ["also"] * len(items)
