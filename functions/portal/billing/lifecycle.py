"""The retainer's rules, as plain functions of plain data (no AWS, no network).

A Stripe event becomes a `Fact` (what it says about one client's retainer); `decide` folds a fact
into the client's current state. Events arrive late, twice or out of order, so state only moves
forward: an event older than the newest one applied changes no status, and a cancelled
subscription stays cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from portal import catalog

ACTIVE, PAST_DUE, CANCELED = "active", "past_due", "canceled"

# Stripe subscription.status -> the retainer's status; None leaves the status as it is.
_SUBSCRIPTION_STATUS = {
    "active": ACTIVE,
    "trialing": ACTIVE,
    "past_due": PAST_DUE,
    "unpaid": PAST_DUE,
    "canceled": CANCELED,
    "incomplete_expired": CANCELED,
    "incomplete": None,
    "paused": None,
}

HANDLED = (
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.deleted",
)
SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
)
LIVE = (ACTIVE, PAST_DUE)


def _at(epoch: int | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch else None


def _dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


@dataclass(frozen=True)
class InvoiceFact:
    invoice_id: str
    status: str
    amount: int
    currency: str
    period_start: datetime | None
    period_end: datetime | None
    hosted_invoice_url: str | None


@dataclass(frozen=True)
class Fact:
    """What one event says about a client's retainer."""

    event_id: str
    event_type: str
    created: int
    email: str | None = None
    customer_id: str | None = None
    subscription_id: str | None = None
    tier: str | None = None
    status: str | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None
    invoice: InvoiceFact | None = None
    price_id: str | None = None  # an invoice's subscription price: its lookup key is the tier
    language: str | None = None  # the checkout page's language (its metadata), for the client's emails


def price_tier(price: dict[str, Any] | None) -> str | None:
    """The catalog tier of a Stripe price: its lookup key (`make stripe-sync` sets it), or the tier
    in its metadata once a newer price took the lookup key over."""
    return cast("str | None", _dig(price, "lookup_key") or _dig(price, "metadata", "tier"))


def _subscription_tier_and_period(sub: dict[str, Any]) -> tuple[str | None, int | None, int | None]:
    """From the subscription item's price (what the client is on now), never the subscription's
    metadata (what checkout put there, unchanged by a plan change in the billing portal)."""
    item = (_dig(sub, "items", "data") or [None])[0] or {}
    # API versions since 2025-03-31 keep the period on the subscription item.
    return price_tier(item.get("price")), item.get("current_period_start"), item.get("current_period_end")


def subscription_line(lines: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The invoice line of the subscription item itself: not a proration (Stripe lists those, and
    other invoice items, first), so its period is the period paid for and its price the plan's."""
    return next(
        (
            line
            for line in lines
            if _dig(line, "parent", "type") == "subscription_item_details"
            and not _dig(line, "parent", "subscription_item_details", "proration")
        ),
        None,
    )


def lines_incomplete(invoice: dict[str, Any]) -> bool:
    """Whether the event's invoice lists only some of its lines and not the subscription's."""
    return (
        bool(_dig(invoice, "lines", "has_more"))
        and subscription_line(_dig(invoice, "lines", "data") or []) is None
    )


def fact_from_event(event: dict[str, Any], lines: list[dict[str, Any]] | None = None) -> Fact | None:
    """The fact in a verified event (a plain dict); None for events the retainer ignores. `lines`
    are an invoice's lines when the event's own list is incomplete (see `lines_incomplete`)."""
    kind, obj = event.get("type"), _dig(event, "data", "object") or {}
    base = {"event_id": event["id"], "event_type": kind, "created": int(event.get("created") or 0)}
    if kind == "checkout.session.completed":
        if obj.get("mode") != "subscription" or obj.get("payment_status") not in (
            "paid",
            "no_payment_required",
        ):
            return None
        return Fact(
            **base,
            email=_dig(obj, "customer_details", "email") or obj.get("customer_email"),
            customer_id=obj.get("customer"),
            subscription_id=obj.get("subscription"),
            tier=_dig(obj, "metadata", "tier"),
            status=ACTIVE,
            language=_dig(obj, "metadata", "language"),
        )
    if kind in ("invoice.paid", "invoice.payment_failed"):
        subscription_id = _dig(obj, "parent", "subscription_details", "subscription")
        if not subscription_id:
            return None  # a one-off invoice, not a retainer's
        line = subscription_line(lines if lines is not None else (_dig(obj, "lines", "data") or [])) or {}
        start, end = _dig(line, "period", "start"), _dig(line, "period", "end")
        paid = kind == "invoice.paid"
        invoice = InvoiceFact(
            invoice_id=obj["id"],
            status=obj.get("status") or ("paid" if paid else "open"),
            amount=int((obj.get("amount_paid") if paid else obj.get("amount_due")) or 0),
            currency=obj.get("currency") or catalog.brand().currency,
            # A proration-only invoice has no subscription line: its own dates, never a retainer period.
            period_start=_at(start or obj.get("period_start")),
            period_end=_at(end or obj.get("period_end")),
            hosted_invoice_url=obj.get("hosted_invoice_url"),
        )
        return Fact(
            **base,
            email=obj.get("customer_email"),
            customer_id=obj.get("customer"),
            subscription_id=subscription_id,
            price_id=_dig(line, "pricing", "price_details", "price"),
            status=ACTIVE if paid else PAST_DUE,
            period_start=_at(start) if paid else None,
            period_end=_at(end) if paid else None,
            invoice=invoice,
        )
    if kind in SUBSCRIPTION_EVENTS:
        tier, start, end = _subscription_tier_and_period(obj)
        status = CANCELED if kind.endswith(".deleted") else _SUBSCRIPTION_STATUS.get(str(obj.get("status")))
        return Fact(
            **base,
            customer_id=obj.get("customer"),
            subscription_id=obj.get("id"),
            tier=tier,
            status=status,
            period_start=_at(start),
            period_end=_at(end),
        )
    if kind == "customer.deleted":
        return Fact(**base, email=obj.get("email"), customer_id=obj.get("id"), status=CANCELED)
    return None


@dataclass(frozen=True)
class Current:
    """The client's retainer as stored (None fields when never set)."""

    status: str | None = None
    subscription_id: str | None = None
    customer_id: str | None = None
    tier: str | None = None
    last_event_created: float | None = None  # a NumberAttribute: whole seconds, typed float
    has_period: bool = False
    other_subscriptions: frozenset[Any] = frozenset()  # second live subscriptions already reported


@dataclass
class Decision:
    updates: dict[str, Any] = field(default_factory=dict[str, Any])  # Client attribute -> new value
    # new_retainer, payment_failed, canceled, recovered, customer_deleted, second_subscription
    notices: list[str] = field(default_factory=list)
    write_invoice: bool = True


def decide(current: Current, fact: Fact) -> Decision:
    if fact.event_type == "customer.deleted":
        return _customer_deleted(current, fact)
    decision = Decision()
    same = not current.subscription_id or current.subscription_id == fact.subscription_id
    newer = current.last_event_created is None or fact.created >= current.last_event_created
    if not same:
        # Another subscription of the same client: a new one replaces a retainer that is not live
        # (cancelled, or never paid); a second live one is reported once and changes nothing;
        # anything else about an old subscription is history, not state.
        if current.status not in LIVE and fact.status in LIVE:
            current, newer = Current(other_subscriptions=current.other_subscriptions), True
        else:
            if (
                current.status in LIVE
                and fact.status in LIVE
                and fact.subscription_id
                and fact.subscription_id not in current.other_subscriptions
            ):
                decision.updates["other_subscriptions"] = {fact.subscription_id}
                decision.notices.append("second_subscription")
            return decision
    updates = decision.updates
    for name, value in (("subscription_id", fact.subscription_id), ("customer_id", fact.customer_id)):
        if value and getattr(current, name) != value:
            updates["stripe_customer_id" if name == "customer_id" else name] = value
    if fact.tier and (newer or not current.tier) and (offered := catalog.catalog().tier(fact.tier)):
        if fact.tier != current.tier:
            updates["tier"] = fact.tier
            updates["hours_per_month"] = offered.hours_per_month
    has_period = bool(fact.period_start and fact.period_end)
    if fact.status == CANCELED and current.status != CANCELED:
        newer = True  # a cancellation is final: it applies even when it arrives after later news
    if not newer or current.status == CANCELED:
        if has_period and not current.has_period:
            updates["current_period_start"] = fact.period_start
            updates["current_period_end"] = fact.period_end
        return decision  # late, or about a cancelled retainer: fill gaps, move no state
    if has_period:
        updates["current_period_start"] = fact.period_start
        updates["current_period_end"] = fact.period_end
    updates["last_event_created"] = max(fact.created, current.last_event_created or 0)
    if fact.status and fact.status != current.status:
        updates["retainer_status"] = fact.status
        if fact.status == ACTIVE:
            decision.notices.append("recovered" if current.status == PAST_DUE else "new_retainer")
        elif fact.status == PAST_DUE:
            decision.notices.append("payment_failed")
        elif fact.status == CANCELED and current.status is not None:  # not a never-paid one expiring
            decision.notices.append("canceled")
    return decision


def _customer_deleted(current: Current, fact: Fact) -> Decision:
    """The Stripe customer is gone, and its subscriptions with it: the retainer ends, and the
    customer id is forgotten (a new checkout makes a new customer)."""
    decision = Decision()
    if not fact.customer_id or current.customer_id != fact.customer_id:
        return decision
    decision.updates["stripe_customer_id"] = None
    if current.status != CANCELED:
        decision.updates["retainer_status"] = CANCELED
        decision.updates["last_event_created"] = max(fact.created, current.last_event_created or 0)
        decision.notices.append("customer_deleted")
    return decision


def invoice_is_newer(stored_event_created: float | None, fact: Fact) -> bool:
    return stored_event_created is None or fact.created >= stored_event_created
