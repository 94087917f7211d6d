"""Checkout: a Stripe Checkout Session for a catalog tier, and what became of it."""
from __future__ import annotations

import re
from http import HTTPStatus

from aws_lambda_powertools import Logger
from pynamodb.exceptions import DoesNotExist

from portal import catalog, errors
from portal.billing import lifecycle, stripe_client
from portal.models.clients import Client, client_key
from portal.observability import count
from portal.settings import settings

logger = Logger(child=True)

SESSION_ID = re.compile(r"^cs_[A-Za-z0-9_]{1,250}$")
PENDING = "pending"


class PaymentsUnavailable(errors.DomainError):
    """Stripe could not be reached or is not set up: not the caller's fault, worth a retry."""

    status = HTTPStatus.SERVICE_UNAVAILABLE


def unavailable(error: Exception) -> PaymentsUnavailable:
    logger.warning("stripe call failed", extra={"error_type": type(error).__name__})
    return PaymentsUnavailable("Online payment is unavailable right now. Please try again in a few minutes.")


def has_retainer(email: str) -> Client | None:
    try:
        client = Client.get(client_key(email))
    except DoesNotExist:
        return None
    return client if client.retainer_status in (lifecycle.ACTIVE, lifecycle.PAST_DUE) else None


def price_id(stripe, tier_id: str) -> str:
    """The active Price carrying the tier's lookup key (`make stripe-sync` puts it there)."""
    prices = stripe.v1.prices.list(params={"lookup_keys": [tier_id], "active": True, "limit": 1})
    if not prices.data:
        logger.error("no Stripe price for a catalog tier: run make stripe-sync", extra={"tier": tier_id})
        raise PaymentsUnavailable("Online sign-up for this plan is not available yet. Please get in touch.")
    return prices.data[0].id


def start(tier_id: str, email: str | None) -> dict:
    import stripe as stripe_sdk

    if catalog.catalog().tier(tier_id) is None:
        raise errors.Invalid("There is no such plan.", field="tier")
    if email and has_retainer(email):
        raise errors.Conflict("This email already has a retainer. Change or cancel it in the billing portal.",
                              billing_portal="/billing/")
    origin = settings().site_origin
    try:
        stripe = stripe_client.client()
        params = {
            "mode": "subscription",
            "line_items": [{"price": price_id(stripe, tier_id), "quantity": 1}],
            "success_url": f"{origin}/subscribe/success/?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{origin}/subscribe/cancelled/",
            "metadata": {"tier": tier_id},
            "subscription_data": {"metadata": {"tier": tier_id}},
        }
        if email:
            params["customer_email"] = client_key(email)
        if settings().checkout_promotion_codes:
            params["allow_promotion_codes"] = True
        if settings().checkout_automatic_tax:
            params["automatic_tax"] = {"enabled": True}
            params["billing_address_collection"] = "required"
        session = stripe.v1.checkout.sessions.create(params=params)
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    count("CheckoutsStarted")
    return {"url": session.url, "session_id": session.id}


def status(session_id: str) -> dict:
    """pending until a verified webhook has recorded the session's subscription; then the
    retainer's own status. Reading this never activates anything."""
    import stripe as stripe_sdk

    if not SESSION_ID.match(session_id):
        raise errors.NotFound("No such checkout session.")
    try:
        session = stripe_client.client().v1.checkout.sessions.retrieve(session_id)
    except stripe_sdk.InvalidRequestError:
        raise errors.NotFound("No such checkout session.") from None
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    data = session.to_dict()
    tier = (data.get("metadata") or {}).get("tier")
    email = (data.get("customer_details") or {}).get("email") or data.get("customer_email")
    subscription = data.get("subscription")
    if data.get("status") != "complete" or not subscription or not email:
        return {"status": PENDING, "tier": tier}
    try:
        client = Client.get(client_key(email), consistent_read=True)
    except DoesNotExist:
        return {"status": PENDING, "tier": tier}
    if client.subscription_id != subscription or not client.retainer_status:
        return {"status": PENDING, "tier": tier}
    return {"status": client.retainer_status, "tier": client.tier or tier}
