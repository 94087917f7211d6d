""" "Email me my link": one email with the private links of an address's upcoming calls."""

from __future__ import annotations

from datetime import UTC, datetime

from portal import errors, links
from portal.bookings import store
from portal.outbox import service as outbox


def resend_links(email: str, at: datetime | None = None) -> None:
    """ "Email me my link": queues one email with the links of this address's upcoming calls.
    Says nothing about whether there are any (the route answers the same either way)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from portal.models.bookings import CONFIRMED, Booking, utc_text
    from portal.models.clients import client_key

    at = at or datetime.now(UTC)
    key = client_key(email)
    upcoming = [
        b.id
        for b in Booking.by_status.query(CONFIRMED, Booking.start_utc >= utc_text(at))
        if client_key(b.email) == key and b.link_ref
    ]
    if not upcoming:
        return
    # One email per address per ten minutes, however often it is asked for.
    window = int(at.timestamp()) // 600
    try:
        with TransactWrite(connection=store.connection()) as tx:
            outbox.add(
                tx,
                outbox.message(
                    "booking.link", links.digest(key)[:24], window, now=at, booking_ids=upcoming[:10]
                ),
            )
    except TransactWriteError as error:
        if not any(errors.failed_conditions(error)):
            raise
