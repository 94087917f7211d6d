"""Prepaid blocks of hours, bought online by hourly clients (Stripe Checkout in payment mode).

1. The `checkout.session.completed` (or, for delayed payment methods, `...async_payment_succeeded`)
   webhook of a paid block writes, in ONE transaction: its processed-marker, the Purchase (keyed by
   the Checkout Session, so a second delivery or a second event of the same session writes nothing),
   the client (created if new, marked as prepaid), the `ledger.prepaid` outbox action that credits
   the hours, and the receipt to the client and the notice to the assistant.
2. Delivering `ledger.prepaid` adds the block to the client's open period as a PrepaidBucket with
   its expiry, in one transaction with the Purchase's `credited_to` (set once), so retries and
   double runs credit it once, whichever period is open by then.
3. Hours left in a block move from period to period at each close (portal.ledger.close) until they
   are used or expire; the draw order puts them after the plan's and rolled-over hours.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from pynamodb.exceptions import TransactWriteError

from portal import catalog, errors, language
from portal.models.clients import client_key

if TYPE_CHECKING:
    from portal.models.billing import BillingEvent

logger = Logger(child=True)
PAID_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
KIND = "prepaid"  # the Checkout Session's metadata[kind]


@dataclass(frozen=True)
class BlockPaid:
    """What a paid Checkout Session of a prepaid block says."""

    session_id: str
    email: str
    customer_id: str | None
    hours: int
    amount: int
    currency: str
    paid_at: datetime
    language: str | None = None  # the checkout page's (metadata), for the client's emails

    @property
    def expires_at(self) -> datetime:
        return self.paid_at + timedelta(days=catalog.catalog().hourly.prepaid_blocks.valid_days)


def is_block_session(event: dict[str, Any]) -> bool:
    obj = (event.get("data") or {}).get("object") or {}
    return (
        event.get("type") in PAID_EVENTS
        and obj.get("mode") == "payment"
        and (obj.get("metadata") or {}).get("kind") == KIND
    )


def block_paid(event: dict[str, Any]) -> BlockPaid | None:
    """The paid block in a verified event; None while unpaid (a delayed payment method) or when the
    session names no block the catalog sells."""
    obj = event["data"]["object"]
    metadata = obj.get("metadata") or {}
    if obj.get("payment_status") != "paid":
        return None
    email = (obj.get("customer_details") or {}).get("email") or obj.get("customer_email")
    try:
        hours = int(metadata.get("hours") or 0)
    except ValueError:
        hours = 0
    if not email or catalog.catalog().block(hours) is None:
        logger.error(
            "a paid prepaid checkout names no block on sale or no email", extra={"hours": str(hours)[:8]}
        )
        return None
    return BlockPaid(
        session_id=obj["id"],
        email=client_key(email),
        customer_id=obj.get("customer"),
        hours=hours,
        amount=int(obj.get("amount_total") or 0),
        currency=obj.get("currency") or catalog.brand().currency,
        paid_at=datetime.fromtimestamp(int(event.get("created") or time.time()), UTC),
        language=metadata.get("language") if metadata.get("language") in language.offered() else None,
    )


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(event: dict[str, Any], marker: BillingEvent) -> str:
    """Applies a verified prepaid-block event once; returns processed, duplicate or ignored."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.clients import Client
    from portal.models.ledger import Purchase, client_pk, purchase_sk
    from portal.outbox import service as outbox

    block = block_paid(event)
    purchase = None
    if block is not None:
        marker.email = block.email
        purchase = Purchase(
            client_pk(block.email),
            purchase_sk(block.session_id),
            session_id=block.session_id,
            client_email=block.email,
            hours=block.hours,
            amount=block.amount,
            currency=block.currency,
            paid_at=_iso(block.paid_at),
            expires_at=_iso(block.expires_at),
        )
    now = datetime.now(UTC)
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.save(marker, condition=type(marker).event_id.does_not_exist())
            if purchase is None or block is None:  # one goes with the other
                return "ignored"  # not paid yet: async_payment_succeeded will follow
            tx.save(purchase, condition=Purchase.sk.does_not_exist())
            actions = Client.seen_actions(now=now, language=block.language) + [
                Client.prepaid_since.set(Client.prepaid_since | now)
            ]
            if block.customer_id:
                actions.append(Client.stripe_customer_id.set(Client.stripe_customer_id | block.customer_id))
            tx.update(Client(block.email), actions=actions)
            params: dict[str, Any] = dict(
                email=block.email,
                session_id=block.session_id,
                hours=block.hours,
                expires_at=purchase.expires_at,
            )
            outbox.add(
                tx,
                outbox.message("ledger.prepaid", block.session_id, now=now, **params),
                *[
                    outbox.message(
                        "ledger.prepaid_receipt",
                        block.session_id,
                        to,
                        now=now,
                        to=to,
                        amount=block.amount,
                        currency=block.currency,
                        **params,
                    )
                    for to in ("client", "assistant")
                ],
            )
    except TransactWriteError as error:
        if any(errors.failed_conditions(error)):
            return "duplicate"  # this event, or another event of the same session, was applied
        raise
    return "processed"


def credit(params: dict[str, Any]) -> None:
    """The outbox action `ledger.prepaid`: the block's hours into the client's open period, once."""
    from pynamodb.transactions import TransactWrite

    from portal.ledger import service
    from portal.models import connection
    from portal.models.ledger import Period, PrepaidBucket, Purchase, client_pk, purchase_sk

    email = client_key(params["email"])
    purchase = Purchase.get(client_pk(email), purchase_sk(params["session_id"]), consistent_read=True)
    for _attempt in range(service.MAX_TRIES):
        if purchase.credited_to:
            return
        account = service.require_retainer(email)
        period = service.period_of(account, create=True)
        bucket = PrepaidBucket(
            block_id=purchase.session_id, minutes=int(purchase.hours) * 60, expires_at=purchase.expires_at
        )
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    period,
                    actions=[Period.prepaid.set(Period.prepaid.append([bucket])), Period.version.add(1)],
                    condition=(Period.status == "open") & (Period.version == int(period.version)),
                )
                tx.update(
                    purchase,
                    actions=[Purchase.credited_to.set(period.start)],
                    condition=Purchase.credited_to.does_not_exist(),
                )
            return
        except TransactWriteError as error:
            if not any(errors.failed_conditions(error)):
                raise
        purchase.refresh(consistent_read=True)  # credited meanwhile, or the period changed: look again
    raise RuntimeError("the period kept changing while crediting a prepaid block")
