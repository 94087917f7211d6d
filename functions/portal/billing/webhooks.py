"""Stripe webhooks: verified against the raw body, each event applied once, state only forward.

An event belongs to the client whose record carries its Stripe customer id (index
by-stripe-customer), whatever the customer's email is now; the email finds the client only for
the first events of a new customer. Events rendered in another API version than the pinned one are
refused (400, counted): their shapes are not the ones read here.

An event's effects (client, invoice) and its processed-marker are one DynamoDB transaction: a
failure writes nothing and answers 5xx, so Stripe's retry starts clean; a redelivered event finds
its marker and changes nothing. Emails are outbox messages in that same transaction: one per
notice, however often the event is delivered.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from aws_lambda_powertools import Logger
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from portal import errors
from portal import language as languages
from portal.billing import lifecycle, notices, stripe_client
from portal.ledger import prepaid
from portal.models import connection
from portal.models.billing import BillingEvent, Invoice
from portal.models.clients import Client, client_key, find_by_stripe_customer
from portal.observability import count
from portal.outbox import service as outbox

if TYPE_CHECKING:
    import stripe
    from pynamodb.expressions.condition import Condition

logger = Logger(child=True)

TOLERANCE_SECONDS = 300
_METRIC_OF_NOTICE = {"new_retainer": "RetainersActivated", "payment_failed": "PaymentsFailed"}
KEEP_EVENTS = timedelta(days=30)  # Stripe retries for 3 days
_ATTEMPTS = 3


def verify(payload: bytes, signature: str | None) -> stripe.Event:
    """The event, if `signature` (the Stripe-Signature header) signs `payload` with any current
    secret; BadRequest otherwise. Stripe checks every `v1=` in the header itself."""
    import stripe

    if not signature:
        raise errors.BadRequest("Missing Stripe-Signature header.")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise errors.BadRequest("The payload is not UTF-8.") from None
    for secret in stripe_client.webhook_secrets():
        try:
            event: stripe.Event = stripe.Webhook.construct_event(
                text, signature, secret, tolerance=TOLERANCE_SECONDS
            )
            return event
        except stripe.SignatureVerificationError:
            continue
        except ValueError:
            raise errors.BadRequest("The payload is not a Stripe event.") from None
    raise errors.BadRequest("The Stripe signature is missing, wrong or too old.")


def _customer_email(customer_id: str) -> str | None:
    customer = stripe_client.client().v1.customers.retrieve(customer_id).to_dict()
    return cast("str | None", customer.get("email"))


@lru_cache(maxsize=64)
def _price_tier(price_id: str) -> str | None:
    """The tier of a price (prices are immutable; their metadata keeps the tier)."""
    return lifecycle.price_tier(stripe_client.client().v1.prices.retrieve(price_id).to_dict())


def _all_lines(invoice_id: str) -> list[dict[str, Any]]:
    lines = stripe_client.client().v1.invoices.line_items.list(invoice_id, params={"limit": 100})
    return [line.to_dict() for line in lines.auto_paging_iter()]


def handle(payload: bytes, signature: str | None) -> str:
    """Verifies and applies one delivery; returns what happened (processed, duplicate, ignored)."""
    try:
        data = verify(payload, signature).to_dict()
        _check_version(data)
    except errors.BadRequest:
        count("WebhookRejected")
        raise
    try:
        return _handle_verified(data)
    except Exception:
        count("WebhookFailed")  # answered 5xx: Stripe retries, and the alarm tells the assistant
        raise


def _check_version(data: dict[str, Any]) -> None:
    version = data.get("api_version")
    if version != stripe_client.API_VERSION:
        logger.warning(
            "stripe event in another API version refused: recreate the endpoint with make stripe-sync",
            extra={"api_version": version, "expected": stripe_client.API_VERSION},
        )
        raise errors.BadRequest(
            f"This endpoint reads events of Stripe API version {stripe_client.API_VERSION}, "
            f"not {version}. Recreate the webhook endpoint with `make stripe-sync`."
        )


def _handle_verified(data: dict[str, Any]) -> str:
    if data.get("type") not in lifecycle.HANDLED:
        return "ignored"
    try:
        BillingEvent.get(data["id"])
        return "duplicate"
    except DoesNotExist:
        pass
    if prepaid.is_block_session(data):  # an hourly client's prepaid block, not a retainer
        return prepaid.record(data, _marker(data, datetime.now(UTC)))
    obj = data["data"]["object"]
    lines = (
        _all_lines(obj["id"])
        if data["type"].startswith("invoice.") and lifecycle.lines_incomplete(obj)
        else None
    )
    fact = lifecycle.fact_from_event(data, lines)
    if fact and fact.price_id and not fact.tier:
        fact = dataclasses.replace(fact, tier=_price_tier(fact.price_id))
    email = _client_email(fact) if fact else None
    for _ in range(_ATTEMPTS):
        outcome = _apply(data, fact, email)
        if outcome != "retry":
            return outcome
    raise RuntimeError("the client record kept changing under the webhook")


def _client_email(fact: lifecycle.Fact) -> str | None:
    """Whose event this is: the client with its Stripe customer id; only when no client has it
    yet (a new customer), the client with the customer's email."""
    if fact.customer_id:
        found = find_by_stripe_customer(fact.customer_id, fact.subscription_id)
        if found:
            return found
    email = fact.email
    if not email and fact.customer_id and fact.event_type in lifecycle.SUBSCRIPTION_EVENTS:
        email = _customer_email(fact.customer_id)
    return client_key(email) if email else None


def _current(email: str) -> tuple[Client | None, lifecycle.Current]:
    try:
        client = Client.get(email, consistent_read=True)
    except DoesNotExist:
        return None, lifecycle.Current()
    return client, lifecycle.Current(
        status=client.retainer_status,
        subscription_id=client.subscription_id,
        customer_id=client.stripe_customer_id,
        tier=client.tier,
        last_event_created=client.last_event_created,
        has_period=client.current_period_end is not None,
        other_subscriptions=frozenset(client.other_subscriptions or ()),
    )


def _marker(data: dict[str, Any], now: datetime) -> BillingEvent:
    return BillingEvent(
        data["id"],
        type=data["type"],
        processed_at=now,
        expires_at=datetime.fromtimestamp(time.time(), UTC) + KEEP_EVENTS,
    )


def _apply(data: dict[str, Any], fact: lifecycle.Fact | None, email: str | None) -> str:
    now = datetime.now(UTC)
    marker = _marker(data, now)
    decision, stored = lifecycle.Decision(), None
    # An email comes only with a fact (_handle_verified); an event about no client has neither, and
    # then decides nothing, notices nothing and writes no invoice: only its marker.
    client_fact = fact if email else None
    if email and client_fact:
        stored, current = _current(email)
        decision = lifecycle.decide(current, client_fact)
        marker.email = email
    write_invoice = bool(email and client_fact and client_fact.invoice and _invoice_is_newer(client_fact))
    tier = decision.updates.get("tier") or (stored.tier if stored else None)
    if "second_subscription" in decision.notices and client_fact:
        tier = client_fact.tier
    queued = [
        m
        for notice in decision.notices
        if email and client_fact  # notices come only from a decision about a client
        for m in notices.messages(
            data["id"],
            notice,
            email,
            tier,
            now,
            subscription_id=client_fact.subscription_id,
            kept_subscription_id=stored.subscription_id if stored else None,
        )
    ]
    if decision.updates and stored is not None:  # a renewal ends the period: close its hours (portal.ledger)
        from portal.ledger import close

        queued += close.messages(stored, decision.updates, now)
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(marker, condition=BillingEvent.event_id.does_not_exist())
            if decision.updates:
                updates = dict(decision.updates)
                spoken = client_fact.language if client_fact else None  # the checkout page's: its emails'
                if spoken in languages.offered():
                    updates["language"] = spoken
                transaction.update(
                    Client(email),
                    actions=_client_actions(updates, now),
                    condition=_unchanged(stored),
                )
            if write_invoice and email and client_fact:
                transaction.save(
                    _invoice(client_fact, email, now),
                    condition=(
                        Invoice.invoice_id.does_not_exist()
                        | (Invoice.last_event_created <= client_fact.created)
                    ),
                )
            outbox.add(transaction, *queued)
    except TransactWriteError as error:
        failed = errors.failed_conditions(error)
        if failed[:1] == [True]:  # the event's marker: applied already
            return "duplicate"
        if any(failed):
            return "retry"  # another event changed the client or invoice meanwhile: decide again
        raise
    for notice in decision.notices:
        if notice in _METRIC_OF_NOTICE:
            count(_METRIC_OF_NOTICE[notice])
    logger.info("stripe event applied", extra={"type": data["type"], "changed": sorted(decision.updates)})
    return "processed"


def _invoice_is_newer(fact: lifecycle.Fact) -> bool:
    assert fact.invoice is not None  # called for an event that carries an invoice
    try:
        stored = Invoice.get(fact.invoice.invoice_id, consistent_read=True)
    except DoesNotExist:
        return True
    return lifecycle.invoice_is_newer(stored.last_event_created, fact)


def _invoice(fact: lifecycle.Fact, email: str, now: datetime) -> Invoice:
    invoice = fact.invoice
    assert invoice is not None  # written only for an event that carries an invoice
    return Invoice(
        invoice.invoice_id,
        email=email,
        status=invoice.status,
        amount=invoice.amount,
        currency=invoice.currency,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        tier=fact.tier,
        subscription_id=fact.subscription_id,
        hosted_invoice_url=invoice.hosted_invoice_url,
        last_event_created=fact.created,
        updated_at=now,
    )


def _client_actions(updates: dict[str, Any], now: datetime) -> list[Any]:
    actions = Client.seen_actions(now=now)
    for name, value in updates.items():
        attribute = getattr(Client, name)
        if value is None:
            actions.append(attribute.remove())
        elif isinstance(value, set):
            actions.append(attribute.add(value))
        else:
            actions.append(attribute.set(value))
    return actions


def _unchanged(stored: Client | None) -> Condition:
    """The client is as read: no other event was applied in between."""
    if stored is None:
        return Client.email.does_not_exist()
    if stored.last_event_created is None:
        return Client.last_event_created.does_not_exist()
    return Client.last_event_created == stored.last_event_created
