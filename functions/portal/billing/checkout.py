"""Checkout: a Stripe Checkout Session for a catalog tier or a prepaid block of hours, and what
became of it."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from pynamodb.exceptions import DoesNotExist

from portal import catalog, errors
from portal import language as languages
from portal.billing import lifecycle, stripe_client
from portal.models.clients import Client, client_key, find_by_stripe_customer
from portal.observability import count
from portal.settings import settings

if TYPE_CHECKING:
    from stripe import StripeClient
    from stripe.checkout import Session
    from stripe.params.checkout import SessionCreateParams, SessionCreateParamsLineItemPriceData

logger = Logger(child=True)

SESSION_ID = re.compile(r"^cs_[A-Za-z0-9_]{1,250}$")
PENDING, DUPLICATE = "pending", "duplicate"


class PaymentsUnavailable(errors.DomainError):
    """Stripe could not be reached or is not set up: not the caller's fault, worth a retry."""

    status = HTTPStatus.SERVICE_UNAVAILABLE


def unavailable(error: Exception) -> PaymentsUnavailable:
    logger.warning("stripe call failed", extra={"error_type": type(error).__name__})
    return PaymentsUnavailable(UNAVAILABLE)


UNAVAILABLE = {
    "en": "Online payment is unavailable right now. Please try again in a few minutes.",
    "es": "El pago en línea no está disponible en este momento. Vuelve a intentarlo en unos minutos.",
}
NOT_ON_SALE = {
    "en": "Online sign-up for this plan is not available yet. Please get in touch.",
    "es": "Todavía no es posible contratar este plan en línea. Escríbenos, por favor.",
}
NO_SUCH_PLAN = {"en": "There is no such plan.", "es": "Ese plan no existe."}
NO_SUCH_BLOCK = {
    "en": "There is no block of {hours} hours. Blocks on offer: {offered}.",
    "es": "No hay un bloque de {hours} horas. Bloques disponibles: {offered}.",
}
# The block as Stripe's page names it, in the page's language.
BLOCK_NAME = {"en": "{hours} prepaid hours ({practice})", "es": "{hours} horas prepagadas ({practice})"}
NO_SUCH_SESSION = {"en": "No such checkout session.", "es": "Esa sesión de pago no existe."}


LIVE_IN_STRIPE = ("active", "trialing", "past_due", "unpaid")
ALREADY = {
    "en": "This email already has a retainer, and a second subscription is not possible. To change plan, "
    "update your card or cancel, use the billing portal.",
    "es": "Este correo ya tiene un plan mensual y no es posible una segunda suscripción. Para cambiar "
    "de plan, actualizar tu tarjeta o cancelar, usa el portal de facturación.",
}


def _client(email: str) -> Client | None:
    try:
        return Client.get(client_key(email), consistent_read=True)
    except DoesNotExist:
        return None


def _has_live_subscription(stripe: StripeClient, customer_id: str) -> bool:
    """Whether Stripe knows a live subscription of the customer (its webhook may not have arrived)."""
    listed = stripe.v1.subscriptions.list(params={"customer": customer_id, "limit": 20})
    return any(s.status in LIVE_IN_STRIPE for s in listed.data)


def price_id(stripe: StripeClient, tier_id: str) -> str:
    """The active Price carrying the tier's lookup key (`make stripe-sync` puts it there)."""
    prices = stripe.v1.prices.list(params={"lookup_keys": [tier_id], "active": True, "limit": 1})
    if not prices.data:
        logger.error("no Stripe price for a catalog tier: run make stripe-sync", extra={"tier": tier_id})
        raise PaymentsUnavailable(NOT_ON_SALE)
    return str(prices.data[0].id)


def _in_language(params: SessionCreateParams, metadata: dict[str, str], speaks: str) -> None:
    """Stripe's page in the visitor's language, and its language beside `metadata`: the webhook that
    records the client stores it, for their emails."""
    params["metadata"] = {**metadata, "language": speaks}
    params["locale"] = speaks if speaks in STRIPE_LOCALES else "auto"


# Checkout's own locales among brand.yaml's languages (Stripe reads "auto" as the browser's).
STRIPE_LOCALES = ("en", "es", "fr", "de", "it", "pt", "nl", "ja")


def start(tier_id: str, email: str, language: str | None = None) -> dict[str, Any]:
    """A Checkout Session for the tier, for this email's existing Stripe customer when it has one
    (so Stripe keeps one customer per client); 409 when the client already has a live retainer.
    `language` is the page's: Stripe's page, the pages it returns to and the emails follow it."""
    import stripe as stripe_sdk

    if catalog.catalog().tier(tier_id) is None:
        raise errors.Invalid(NO_SUCH_PLAN, field="tier")
    key = client_key(email)
    client = _client(key)
    if client is not None and client.retainer_status in lifecycle.LIVE:
        raise errors.Conflict(ALREADY, billing_portal="/billing/")
    customer = client.stripe_customer_id if client is not None else None
    speaks = languages.known(language)
    try:
        stripe = stripe_client.client()
        if customer and _has_live_subscription(stripe, customer):
            raise errors.Conflict(ALREADY, billing_portal="/billing/")
        params: SessionCreateParams = {
            "mode": "subscription",
            "line_items": [{"price": price_id(stripe, tier_id), "quantity": 1}],
            "success_url": languages.page_url("/subscribe/success/", speaks)
            + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": languages.page_url("/subscribe/cancelled/", speaks),
            "subscription_data": {"metadata": {"tier": tier_id}},
        }
        _in_language(params, {"tier": tier_id}, speaks)
        if settings().checkout_promotion_codes:
            params["allow_promotion_codes"] = True
        if settings().checkout_automatic_tax:
            params["automatic_tax"] = {"enabled": True}
            params["billing_address_collection"] = "required"
        session = _create_session(stripe, params, customer, key)
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    count("CheckoutsStarted")
    return {"url": session.url, "session_id": session.id}


HAS_RETAINER = {
    "en": "This email has a retainer: its extra hours are approved on your account page, not bought as a "
    "prepaid block.",
    "es": "Este correo tiene un plan mensual: sus horas extra se aprueban en la página de tu cuenta, no "
    "se compran como bloque prepagado.",
}


def start_prepaid(hours: int, email: str, language: str | None = None) -> dict[str, Any]:
    """A Checkout Session (payment mode) for a prepaid block the catalog sells: hours x the hourly
    price, for this email's Stripe customer when it has one; 409 for a client with a live retainer."""
    import stripe as stripe_sdk

    block = catalog.catalog().block(hours)
    if block is None:
        offered = ", ".join(str(h) for h in catalog.catalog().hourly.prepaid_blocks.hours) or "none"
        raise errors.Invalid(
            errors.filled(NO_SUCH_BLOCK, hours=hours, offered=offered),
            field="hours",
        )
    key = client_key(email)
    client = _client(key)
    if client is not None and client.retainer_status in lifecycle.LIVE:
        raise errors.Conflict(HAS_RETAINER, account="/account/")
    speaks = languages.known(language)
    price_data: SessionCreateParamsLineItemPriceData = {
        "currency": catalog.brand().currency,
        "unit_amount": block.price,
        "product_data": {
            "name": languages.pick(BLOCK_NAME, speaks).format(
                hours=hours, practice=catalog.brand().practice_name
            )
        },
    }
    params: SessionCreateParams = {
        "mode": "payment",
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "success_url": languages.page_url("/prepaid/success/", speaks) + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": languages.page_url("/pricing/", speaks) + "#by-the-hour",
        "payment_intent_data": {"metadata": {"kind": "prepaid", "hours": str(hours)}},
    }
    _in_language(params, {"kind": "prepaid", "hours": str(hours)}, speaks)
    if settings().checkout_automatic_tax:
        price_data["tax_behavior"] = "exclusive"
        params["automatic_tax"] = {"enabled": True}
        params["billing_address_collection"] = "required"
    customer = client.stripe_customer_id if client is not None else None
    if not customer:
        params["customer_creation"] = (
            "always"  # one Stripe customer per client, for later blocks and invoices
        )
    try:
        session = _create_session(stripe_client.client(), params, customer, key)
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    return {"url": session.url, "session_id": session.id}


def _create_session(
    stripe: StripeClient, params: SessionCreateParams, customer: str | None, email: str
) -> Session:
    import stripe as stripe_sdk

    if customer:
        try:
            with_customer: SessionCreateParams = {**params, "customer": customer}
            if "automatic_tax" in params:
                with_customer["customer_update"] = {"address": "auto"}
            return stripe.v1.checkout.sessions.create(params=with_customer)
        except stripe_sdk.InvalidRequestError as error:
            if error.param != "customer":
                raise
            logger.warning("the client's Stripe customer is gone: checkout makes a new one")
    return stripe.v1.checkout.sessions.create(params={**params, "customer_email": email})


def status(session_id: str) -> dict[str, Any]:
    """pending until a verified webhook has recorded the session's subscription; then the
    retainer's own status, or duplicate for a second subscription of a client who had a live
    retainer (the assistant was told). Reading this never activates anything."""
    import stripe as stripe_sdk

    if not SESSION_ID.match(session_id):
        raise errors.NotFound(NO_SUCH_SESSION)
    try:
        session = stripe_client.client().v1.checkout.sessions.retrieve(session_id)
    except stripe_sdk.InvalidRequestError:
        raise errors.NotFound(NO_SUCH_SESSION) from None
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    data = session.to_dict()
    if data.get("mode") == "payment":
        return _block_status(data)
    tier = (data.get("metadata") or {}).get("tier")
    email = (data.get("customer_details") or {}).get("email") or data.get("customer_email")
    subscription = data.get("subscription")
    # The email the person typed comes back so the success page can name it (as Stripe's own
    # success-page examples do); the session id is the only key to it.
    if data.get("status") != "complete" or not subscription:
        return {"status": PENDING, "tier": tier, "email": email}
    email = (
        find_by_stripe_customer(data["customer"], subscription) if data.get("customer") else None
    ) or email
    client = _client(email) if email else None
    if client is not None and subscription in (client.other_subscriptions or ()):
        return {
            "status": DUPLICATE,
            "tier": tier,
            "email": email,
        }  # paid while a retainer was live: reported, not used
    if client is None or client.subscription_id != subscription or not client.retainer_status:
        return {"status": PENDING, "tier": tier, "email": email}
    return {"status": client.retainer_status, "tier": client.tier or tier, "email": email}


def _block_status(data: dict[str, Any]) -> dict[str, Any]:
    """pending until the webhook has recorded the paid block; then paid, with its hours."""
    from portal.models.ledger import Purchase, client_pk, purchase_sk

    hours = int((data.get("metadata") or {}).get("hours") or 0) or None
    email = (data.get("customer_details") or {}).get("email") or data.get("customer_email")
    if data.get("status") != "complete" or not email:
        return {"status": PENDING, "tier": None, "hours": hours, "email": email}
    try:
        Purchase.get(client_pk(email), purchase_sk(data["id"]), consistent_read=True)
    except DoesNotExist:
        return {"status": PENDING, "tier": None, "hours": hours, "email": email}
    return {"status": "paid", "tier": None, "hours": hours, "email": email}
