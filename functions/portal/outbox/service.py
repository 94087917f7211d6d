"""Writing outbox messages.

A change adds its messages to its own transaction (`add`), so they exist exactly when the change
does: the request answers once it commits and never sends anything itself. The OutboxFunction
delivers each message (portal.outbox.delivery): first from the table's stream (at once), then from
the sweep (every few minutes, with backoff) for whatever the stream could not deliver. Delivery
claims the message with a condition before sending and marks it sent after, so duplicates, retries
and the sweep racing the stream send it once. The one gap is a crash between SES accepting a
message and the mark: the claim goes stale after CLAIM_SECONDS and the sweep sends it again (at
least once, never lost).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pynamodb.transactions import TransactWrite

    from portal.models.outbox import OutboxMessage

FIRST_SWEEP = timedelta(minutes=2)  # the stream normally delivers within a second

# Every message a change may add; portal.outbox.delivery renders or runs each (a unit test keeps
# the two in step). Only the OutboxFunction imports delivery and, through it, every renderer.
MESSAGES = frozenset(
    {
        "booking.confirmed",
        "booking.rescheduled",
        "booking.cancelled",
        "booking.assistant",
        "booking.link",
        "intake.assistant",
        "intake.client",
        "billing.notice",
        "billing.link",
        "auth.link",
        "ledger.statement",
        "ledger.alert",
        "ledger.extra",
        "reminder.sync",
        "ledger.close",
        "ledger.prepaid",
        "ledger.prepaid_receipt",
    }
)


def utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def message(
    name: str, subject: str | None, version: str | int = "", now: datetime | None = None, **params: Any
) -> OutboxMessage:
    """A new outbox message. `subject` and `version` make its id: the same change, the same id."""
    from portal.models.outbox import PENDING, WAITING, OutboxMessage

    if name not in MESSAGES:
        raise ValueError(f"unknown outbox message {name!r}")
    now = now or datetime.now(UTC)
    key = "#".join(str(part) for part in (name, subject, version) if part != "")
    return OutboxMessage(
        key,
        message=name,
        params=params,
        status=PENDING,
        attempts=0,
        created_at=utc_text(now),
        queue=WAITING,
        due=utc_text(now + FIRST_SWEEP),
    )


def add(tx: TransactWrite, *messages: OutboxMessage) -> list[str]:
    """Puts `messages` in the transaction `tx`; returns one label per action ("outbox")."""
    from portal.models.outbox import OutboxMessage

    for item in messages:
        tx.save(item, condition=OutboxMessage.id.does_not_exist())
    return ["outbox"] * len(messages)
