"""Billing-portal links by email: single use, expiring, only the token's SHA-256 stored.

Asking always gets the same answer, whether or not the email has a retainer (no enumeration).
"""
from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timezone

from pynamodb.exceptions import DeleteError, DoesNotExist

from portal import catalog, errors, mail
from portal.billing import stripe_client
from portal.billing.checkout import unavailable
from portal.models.billing import BillingLink
from portal.models.clients import Client, client_key
from portal.settings import settings

ANSWER = {"message": "If this email has a retainer with us, a link to manage billing is on its way. "
                     "It works once, for a limited time."}


class LinkGone(errors.DomainError):
    status = 410


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request(email: str) -> dict:
    key = client_key(email)
    try:
        client = Client.get(key)
    except DoesNotExist:
        return ANSWER
    if not client.stripe_customer_id:
        return ANSWER
    token = secrets.token_urlsafe(32)
    minutes = settings().billing_link_minutes
    BillingLink(_digest(token), email=key, created_at=datetime.now(timezone.utc),
                expires_at=int(time.time()) + minutes * 60).save(
        condition=BillingLink.token_sha256.does_not_exist())
    link = f"{settings().site_origin}/api/billing-portal/{token}"
    mail.send(key, f"{catalog.brand().practice_name}: manage your billing",
              f"Open this link to update your card, change or cancel your plan, or download "
              f"invoices in Stripe's billing portal:\n\n{link}\n\n"
              f"It works once and expires in {minutes} minutes. If you did not ask for it, ignore "
              "this email.\n")
    return ANSWER


def open_portal(token: str) -> str:
    """Consumes the link (atomically: a second use finds nothing) and returns a fresh Stripe
    billing portal session URL."""
    import stripe as stripe_sdk

    if not 20 <= len(token) <= 100:
        raise errors.NotFound("This link is not valid. Ask for a new one on the billing page.")
    digest = _digest(token)
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

