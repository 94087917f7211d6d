"""Closing a retainer period: when Stripe starts the next one (the renewal's webhook moves the
client's current_period_start), the webhook queues a `ledger.close` outbox action in its own
transaction, and delivering it closes the old period, once, whatever retries happen:

1. The Period moves open -> closed with its final totals, conditioned on the version it was read
   at: an entry written meanwhile either landed first (the close re-reads and counts it) or is
   refused with "This period is closed". The statement email is queued in the same transaction.
2. Unused plan minutes roll over (at most the cap, valid for the stated days; rolled-over minutes
   left unused stay valid until they expire but never roll again) into the next Period: written
   there once (`rollover_from`), or picked up when the next Period is created. Prepaid minutes left
   in a block go along with them until the block expires.
3. Extra minutes used are billed at the overage rate as ONE Stripe invoice item on the next invoice:
   a Stripe idempotency key made from the client and the period, and a conditional write of the
   item's id, so duplicate webhooks, retries and double runs bill it once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from portal import catalog, errors
from portal.ledger import rules
from portal.ledger.service import MAX_TRIES, Retainer, _instant, _iso, buckets, now, terms_for
from portal.models.clients import client_key

if TYPE_CHECKING:
    from portal.models.clients import Client
    from portal.models.ledger import Period
    from portal.models.outbox import OutboxMessage


def messages(stored: Client, updates: dict[str, Any], at: datetime) -> list[OutboxMessage]:
    """The webhook's `ledger.close` for the period a renewal ends (none when nothing ends)."""
    from portal.outbox import service as outbox

    new_start = updates.get("current_period_start")
    if stored is None or not stored.tier or stored.current_period_start is None or new_start is None:
        return []
    if new_start <= stored.current_period_start:
        return []
    start, end = _iso(stored.current_period_start), _iso(stored.current_period_end or new_start)
    return [
        outbox.message(
            "ledger.close",
            client_key(stored.email),
            start,
            now=at,
            email=client_key(stored.email),
            start=start,
            end=end,
            tier=stored.tier,
            hours=int(stored.hours_per_month or _tier(stored.tier).hours_per_month),
        )
    ]


def _tier(tier_id: str | None) -> catalog.Tier:
    """A retainer client's tier: one the catalog offers (a webhook stored only such a tier)."""
    tier = catalog.catalog().tier(tier_id) if tier_id else None
    assert tier is not None, f"a retainer with a tier the catalog does not offer: {tier_id!r}"
    return tier


def carried(closed: Period) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What a closed period hands to the next: its rollover_out and prepaid_out buckets."""
    return (
        [{"minutes": int(b.minutes), "expires_at": b.expires_at} for b in closed.rollover_out or []],
        [
            {"block_id": b.block_id, "minutes": int(b.minutes), "expires_at": b.expires_at}
            for b in closed.prepaid_out or []
        ],
    )


def outgoing(
    period: Period, terms: rules.Terms, allocation: rules.Allocation | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What `period` hands on when it ends: unused plan minutes up to the cap (valid for the stated
    days), rolled-over minutes still valid (never renewed), prepaid minutes left in each block that
    has not expired by then."""
    end = _instant(period.end)
    allocation = allocation or rules.allocate(int(period.used_minutes), buckets(period), end)
    rollover = []
    fresh = rules.rollover_minutes(int(period.included_minutes), allocation.drawn["included"], terms)
    if fresh:
        rollover.append(
            {"minutes": fresh, "expires_at": _iso(end + timedelta(days=terms.rollover_valid_days))}
        )
    for number, bucket in enumerate(period.rollover or []):
        left = int(bucket.minutes) - allocation.drawn.get(f"rollover-{number}", 0)
        if left > 0 and _instant(bucket.expires_at) > end:
            rollover.append({"minutes": left, "expires_at": bucket.expires_at})
    prepaid = []
    for block in period.prepaid or []:
        left = int(block.minutes) - allocation.drawn.get(f"prepaid-{block.block_id}", 0)
        if left > 0 and _instant(block.expires_at) > end:
            prepaid.append({"block_id": block.block_id, "minutes": left, "expires_at": block.expires_at})
    return rollover, prepaid


def _period(params: dict[str, Any]) -> tuple[Retainer, Period]:
    """The period to close, created as it would have been if no time was logged in it."""
    from portal.ledger.service import Retainer, period_of

    tier = catalog.catalog().tier(params["tier"]) if params.get("tier") else None
    r = Retainer(
        params["email"],
        params["start"],
        params["end"],
        int(params["hours"]) * 60,
        tier.id if tier else None,
        terms_for(tier),
    )
    return r, period_of(r, create=True)


def close(params: dict[str, Any]) -> None:
    """The outbox action `ledger.close` (idempotent: a closed period is left as it is)."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.ledger import CLOSED, Period, PrepaidBucket, RolloverBucket
    from portal.outbox import service as outbox

    for _attempt in range(MAX_TRIES):
        r, period = _period(params)
        if period.status == CLOSED:
            break
        allocation = rules.allocate(int(period.used_minutes), buckets(period), _instant(period.end))
        extra = allocation.by_kind["extra"]
        rollover_out, prepaid_out = outgoing(period, r.terms, allocation)
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    period,
                    actions=[
                        Period.status.set(CLOSED),
                        Period.version.add(1),
                        Period.closed_at.set(_iso(now())),
                        Period.rollover_out.set([RolloverBucket(**b) for b in rollover_out]),
                        Period.prepaid_out.set([PrepaidBucket(**b) for b in prepaid_out]),
                        Period.extra_billed_minutes.set(extra),
                        Period.overage_amount.set(rules.overage_amount(extra, r.terms)),
                        Period.unfunded_minutes.set(allocation.unfunded_minutes),
                    ],
                    condition=(Period.status == "open") & (Period.version == int(period.version)),
                )
                outbox.add(
                    tx, outbox.message("ledger.statement", r.email, r.start, email=r.email, start=r.start)
                )
            break
        except TransactWriteError as error:
            if not any(errors.failed_conditions(error)):
                raise  # an entry changed it meanwhile (or it closed): read again
    else:
        raise RuntimeError("the period kept changing while closing")
    closed = Period.get(period.pk, period.sk, consistent_read=True)
    _carry_into_next(closed)
    bill_overage(closed)


def _carry_into_next(closed: Period) -> None:
    from portal.models.ledger import Period, PrepaidBucket, RolloverBucket

    # Periods only: purchase#, tracker-names and other items also sort after period#.
    later = [
        p
        for p in Period.query(
            closed.pk, Period.sk.between(closed.sk, "period#~"), limit=2, consistent_read=True
        )
        if p.sk > closed.sk
    ]
    if not later or not (closed.rollover_out or closed.prepaid_out):
        return  # the next period picks it up when it is created (portal.ledger.service.period_of)
    rollover, prepaid = carried(closed)
    try:  # prepaid blocks bought meanwhile may be there already: appended to, not replaced
        later[0].update(
            actions=[
                Period.rollover.set([RolloverBucket(**b) for b in rollover]),
                Period.prepaid.set(Period.prepaid.append([PrepaidBucket(**b) for b in prepaid])),
                Period.rollover_from.set(closed.start),
                Period.version.add(1),
            ],
            condition=Period.rollover_from.does_not_exist(),
        )
    except UpdateError as error:
        if not errors.condition_failed(error):
            raise


def idempotency_key(email: str, start: str) -> str:
    return "overage-" + hashlib.sha256(f"{client_key(email)}#{start}".encode()).hexdigest()[:32]


def bill_overage(closed: Period) -> str | None:
    """One Stripe invoice item for the period's extra minutes (none when there were none)."""
    from portal.billing import stripe_client
    from portal.models.clients import Client
    from portal.models.ledger import Period

    amount = int(closed.overage_amount or 0)
    if amount <= 0 or closed.overage_item_id:
        return closed.overage_item_id
    email = closed.pk.split("#", 1)[1]
    try:
        customer = Client.get(email).stripe_customer_id
    except DoesNotExist:
        customer = None
    if not customer:
        return None  # nothing to bill to (erased, or no Stripe customer): the statement still says it
    minutes = int(closed.extra_billed_minutes)
    item = stripe_client.client().v1.invoice_items.create(
        params={
            "customer": customer,
            "amount": amount,
            "currency": catalog.brand().currency,
            "description": f"Extra hours approved and used, {closed.start[:10]} to {closed.end[:10]}: "
            f"{minutes // 60} h {minutes % 60:02d} min",
            "metadata": {"period_start": closed.start, "extra_minutes": str(minutes)},
        },
        options={"idempotency_key": idempotency_key(email, closed.start)},
    )
    try:
        closed.update(
            actions=[Period.overage_item_id.set(item.id)], condition=Period.overage_item_id.does_not_exist()
        )
    except UpdateError as error:
        if not errors.condition_failed(error):
            raise
    return item.id
