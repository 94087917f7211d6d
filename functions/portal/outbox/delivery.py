"""Delivering outbox messages (the OutboxFunction only): each is claimed with a condition before
it is sent and marked sent after (portal.outbox.service says why that sends it once). Every
renderer is named here as "module:function" and imported when its first message is delivered,
so the functions that only write messages never load them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from portal import errors
from portal.observability import count
from portal.outbox.service import utc_text

if TYPE_CHECKING:
    from pynamodb.expressions.update import Action

    from portal.models.outbox import OutboxMessage

logger = Logger(child=True)
CLAIM_SECONDS = 300  # longer than the function's timeout: a live claim is never taken over
MAX_ATTEMPTS = 8  # about 2 hours of retries (1, 2, 4 ... 60 minutes apart), then dead
KEEP_DONE = timedelta(days=30)

# message -> "module:function" rendering it from its params: an email (mail.Draft), or None when
# there is nothing left to announce. ACTIONS do their own (idempotent) work instead of an email.
RENDERERS = {
    "booking.confirmed": "portal.bookings.emails:confirmed",
    "booking.rescheduled": "portal.bookings.emails:rescheduled",
    "booking.cancelled": "portal.bookings.emails:cancelled",
    "booking.assistant": "portal.bookings.emails:assistant_notice",
    "booking.link": "portal.bookings.emails:manage_link",
    "intake.assistant": "portal.intake.emails:assistant",
    "intake.client": "portal.intake.emails:client",
    "billing.notice": "portal.billing.notices:render",
    "billing.link": "portal.billing.portal_links:render",
    "auth.link": "portal.auth.service:render_link",
    "ledger.statement": "portal.ledger.statements:render",
    "ledger.alert": "portal.ledger.emails:alert",
    "ledger.extra": "portal.ledger.emails:extra",
    "ledger.prepaid_receipt": "portal.ledger.emails:prepaid_receipt",
}
ACTIONS = {
    "reminder.sync": "portal.bookings.reminders:sync",
    "ledger.close": "portal.ledger.close:close",
    "ledger.prepaid": "portal.ledger.prepaid:credit",
}


def _resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    renderer: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return renderer


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def _claim(message_id: str, now: datetime) -> OutboxMessage | None:
    from pynamodb.exceptions import UpdateError

    from portal.models.outbox import PENDING, SENDING, OutboxMessage

    item = OutboxMessage(message_id)
    stale = utc_text(now - timedelta(seconds=CLAIM_SECONDS))
    try:
        item.update(
            actions=[
                OutboxMessage.status.set(SENDING),
                OutboxMessage.claimed_at.set(utc_text(now)),
                OutboxMessage.attempts.add(1),
                OutboxMessage.due.set(utc_text(now + timedelta(seconds=CLAIM_SECONDS))),
            ],
            condition=OutboxMessage.id.exists()
            & (
                (OutboxMessage.status == PENDING)
                | ((OutboxMessage.status == SENDING) & (OutboxMessage.claimed_at < stale))
            ),
        )
    except UpdateError as error:
        if errors.condition_failed(error):
            return None  # delivered, being delivered, dead or gone: nothing to do
        raise
    return item


def _finish(item: OutboxMessage, status: str, now: datetime, error: str | None = None) -> None:
    from portal.models.outbox import OutboxMessage

    actions: list[Action] = [
        OutboxMessage.status.set(status),
        OutboxMessage.queue.remove(),
        OutboxMessage.due.remove(),
        OutboxMessage.expires_at.set(now + KEEP_DONE),
    ]
    if status == "sent":
        actions.append(OutboxMessage.sent_at.set(utc_text(now)))
    if error:
        actions.append(OutboxMessage.last_error.set(error))
    if status == "dead":  # kept for the redrive: it lists the dead ones through the same index
        actions = [
            OutboxMessage.status.set(status),
            OutboxMessage.queue.set("dead"),
            OutboxMessage.due.set(utc_text(now)),
            OutboxMessage.last_error.set(error or ""),
        ]
    item.update(actions=actions)


def _release(item: OutboxMessage, now: datetime, error: str) -> None:
    from portal.models.outbox import DEAD, PENDING, OutboxMessage

    if item.attempts >= MAX_ATTEMPTS:
        _finish(item, DEAD, now, error)
        count("OutboxDead")
        return
    item.update(
        actions=[
            OutboxMessage.status.set(PENDING),
            OutboxMessage.last_error.set(error),
            OutboxMessage.due.set(utc_text(now + backoff(int(item.attempts)))),
        ]
    )


def deliver(message_id: str, now: datetime | None = None) -> str:
    """Delivers one message unless it was already: returns sent, skipped or claimed-elsewhere.
    A failure puts it back in the queue (with backoff) and raises, so the stream retries too."""
    from portal.models.outbox import SENT, SKIPPED

    now = now or datetime.now(UTC)
    item = _claim(message_id, now)
    if item is None:
        return "not-pending"
    try:
        outcome = _execute(item)
    except Exception as error:
        _release(item, now, type(error).__name__)
        count("OutboxRetried")
        logger.warning(
            "outbox delivery failed",
            extra={"message": item.message, "attempts": int(item.attempts), "error": type(error).__name__},
        )
        raise
    _finish(item, SENT if outcome == "sent" else SKIPPED, now, None if outcome == "sent" else outcome)
    count("OutboxDelivered" if outcome == "sent" else "OutboxSkipped")
    return "sent" if outcome == "sent" else "skipped"


def _execute(item: OutboxMessage) -> str:
    from portal import mail

    if item.message in ACTIONS:
        _resolve(ACTIONS[item.message])(item.params)
        return "sent"
    draft = _resolve(RENDERERS[item.message])(item.params)
    if draft is None:
        return "nothing-to-send"
    if not mail.within_daily_cap(draft.to):
        return "daily-cap"
    mail.send_draft(draft)
    return "sent"


def sweep(now: datetime | None = None, limit: int = 200) -> dict[str, Any]:
    """Delivers what is due (what the stream could not, or a stale claim); a failure waits for
    its next turn. Run by the OutboxFunction's schedule."""
    from portal.models.outbox import WAITING, OutboxMessage

    now = now or datetime.now(UTC)
    done = {"sent": 0, "skipped": 0, "failed": 0, "not-pending": 0}
    for item in OutboxMessage.by_due.query(WAITING, OutboxMessage.due <= utc_text(now), limit=limit):
        try:
            done[deliver(item.id, now)] += 1
        except Exception:  # noqa: BLE001 - counted and re-queued by deliver; the next one may work
            done["failed"] += 1
    return done


def redrive(now: datetime | None = None) -> dict[str, Any]:
    """Puts every dead message back in the queue with fresh attempts, and sweeps."""
    from portal.models.outbox import PENDING, WAITING, OutboxMessage

    now = now or datetime.now(UTC)
    revived = 0
    for item in OutboxMessage.by_due.query("dead"):
        item.update(
            actions=[
                OutboxMessage.status.set(PENDING),
                OutboxMessage.attempts.set(0),
                OutboxMessage.queue.set(WAITING),
                OutboxMessage.due.set(utc_text(now)),
            ],
            condition=OutboxMessage.status == "dead",
        )
        revived += 1
    return {"revived": revived, **sweep(now)}
