"""Billing-portal links by email: single use, expiring, only the token's SHA-256 stored.

Asking always gets the same answer, whether or not the email has a retainer (no enumeration).
"""
from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone

from pynamodb.exceptions import DeleteError, DoesNotExist

from portal import catalog, errors, links, mail
from portal.billing import stripe_client
from portal.billing.checkout import unavailable
from portal.models import connection
from portal.models.billing import BillingLink
from portal.models.clients import Client, client_key
from portal.outbox import service as outbox
from portal.settings import settings

ANSWER = {"message": "If this email has a retainer with us, a link to manage billing is on its way. "
                     "It works once, for a limited time."}


class LinkGone(errors.DomainError):
    status = 410


PURPOSE = "billing-link"


def request(email: str, now: datetime | None = None) -> dict:
    """Queues a single-use link to Stripe's billing portal for `email`, if it has a retainer."""
    from pynamodb.transactions import TransactWrite

    key = client_key(email)
    try:
        client = Client.get(key)
    except DoesNotExist:
        return ANSWER
    if not client.stripe_customer_id:
        return ANSWER
    now = now or datetime.now(timezone.utc)
    link_ref = secrets.token_hex(16)
    digest = links.digest(links.token(PURPOSE, link_ref))
    minutes = settings().billing_link_minutes
    with TransactWrite(connection=connection()) as tx:
        tx.save(BillingLink(digest, link_ref=link_ref, email=key, created_at=now,
                            expires_at=int(now.timestamp()) + minutes * 60),
                condition=BillingLink.token_sha256.does_not_exist())
        outbox.add(tx, outbox.message("billing.link", digest[:32], now=now, token_sha256=digest))
    return ANSWER


def render(params: dict) -> mail.Draft | None:
    """The outbox's billing-link email; nothing once the link was used or expired."""
    try:
        link = BillingLink.get(params["token_sha256"], consistent_read=True)
    except DoesNotExist:
        return None
    if link.expires_at <= time.time() or not link.link_ref:
        return None
    url = f"{settings().site_origin}/api/billing-portal/{links.token(PURPOSE, link.link_ref)}"
    minutes = settings().billing_link_minutes
    return mail.Draft(link.email, f"{catalog.brand().practice_name}: manage your billing",
                      f"Open this link to update your card, change or cancel your plan, or download "
                      f"invoices in Stripe's billing portal:\n\n{url}\n\n"
                      f"It works once and expires in {minutes} minutes. If you did not ask for it, ignore "
                      "this email.\n")


def open_portal(token: str) -> str:
    """Consumes the link (atomically: a second use finds nothing) and returns a fresh Stripe
    billing portal session URL."""
    import stripe as stripe_sdk

    if not 20 <= len(token) <= 100:
        raise errors.NotFound("This link is not valid. Ask for a new one on the billing page.")
    digest = links.digest(token)
    try:
        link = BillingLink.get(digest, consistent_read=True)
    except DoesNotExist:
        raise errors.NotFound("This link is not valid or was already used. Ask for a new one on the billing page.") from None
    if link.expires_at <= time.time():
        raise LinkGone("This link has expired. Ask for a new one on the billing page.")
    try:
        link.delete(condition=BillingLink.token_sha256.exists())
    except DeleteError:
        raise errors.NotFound("This link was already used. Ask for a new one on the billing page.") from None
    try:
        client = Client.get(link.email)
    except DoesNotExist:
        raise errors.NotFound("There is no retainer for this link.") from None
    if not client.stripe_customer_id:
        raise errors.NotFound("There is no retainer for this link.")
    try:
        session = stripe_client.client().v1.billing_portal.sessions.create(params={
            "customer": client.stripe_customer_id, "return_url": f"{settings().site_origin}/billing/"})
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    return session.url

