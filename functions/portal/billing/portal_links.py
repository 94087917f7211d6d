"""Billing-portal links by email: single use, expiring, only the token's SHA-256 stored.

Asking always gets the same answer, whether or not the email has a retainer (no enumeration).
The emailed link opens a page of the site (/billing/open/?token=...); only its button, a POST,
uses the link up. Mail scanners that follow links with a GET never do.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

from aws_lambda_powertools import Logger
from pynamodb.exceptions import DoesNotExist, UpdateError

from portal import catalog, errors, links, mail
from portal import language as languages
from portal.billing import stripe_client
from portal.billing.checkout import STRIPE_LOCALES, unavailable
from portal.models import connection
from portal.models.billing import BillingLink
from portal.models.clients import Client, client_key
from portal.outbox import service as outbox
from portal.settings import settings

if TYPE_CHECKING:
    from stripe import StripeClient
    from stripe.params.billing_portal import SessionCreateParams

logger = Logger(child=True)

ANSWER = {
    "en": "If this email has a retainer with us, a link to manage billing is on its way. "
    "It works once, for a limited time.",
    "es": "Si este correo tiene un plan mensual con nosotros, le enviamos un enlace para gestionar la "
    "facturación. Funciona una sola vez y por tiempo limitado.",
}
NOT_VALID = {
    "en": "This link is not valid. Ask for a new one on the billing page.",
    "es": "Este enlace no es válido. Pide uno nuevo en la página de facturación.",
}
TOO_OLD = {
    "en": "This link is too old to renew. Ask for a new one on the billing page.",
    "es": "Este enlace es demasiado antiguo para renovarlo. Pide uno nuevo en la página de facturación.",
}
NOT_VALID_OR_USED = {
    "en": "This link is not valid or was already used. Ask for a new one on the billing page.",
    "es": "Este enlace no es válido o ya se usó. Pide uno nuevo en la página de facturación.",
}
USED = {
    "en": "This link was already used. Ask for a new one on the billing page.",
    "es": "Este enlace ya se usó. Pide uno nuevo en la página de facturación.",
}
EXPIRED = {
    "en": "This link has expired. Ask for a new one on the billing page.",
    "es": "Este enlace venció. Pide uno nuevo en la página de facturación.",
}
NO_RETAINER = {"en": "There is no retainer for this link.", "es": "No hay un plan mensual para este enlace."}
LINK_EMAIL = {
    "en": (
        "{practice}: manage your billing",
        "To update your card, change or cancel your plan, or download invoices, open this "
        'page and press "Open the billing portal":\n\n{url}\n\n'
        "The button takes you to Stripe's secure billing portal. It works once, within {minutes} "
        "minutes. If you did not ask for it, ignore this email.\n",
    ),
    "es": (
        "{practice}: gestiona tu facturación",
        "Para actualizar tu tarjeta, cambiar o cancelar tu plan, o descargar tus facturas, abre esta "
        'página y pulsa "Abrir el portal de facturación":\n\n{url}\n\n'
        "El botón te lleva al portal de facturación seguro de Stripe. Funciona una sola vez, durante "
        "{minutes} minutos. Si no lo pediste, ignora este correo.\n",
    ),
}


def answer(texts: dict[str, Any], language: str) -> dict[str, Any]:
    """A 202's body: its message in the request's language."""
    return {"message": errors.in_language(texts, language)}


class LinkGone(errors.DomainError):
    status = HTTPStatus.GONE


PURPOSE = "billing-link"


def request(email: str, now: datetime | None = None, language: str | None = None) -> dict[str, Any]:
    """Queues a single-use link to Stripe's billing portal for `email`, if it has a retainer; its
    email is written in `language` (the page's that asked)."""
    speaks = languages.known(language)
    from pynamodb.transactions import TransactWrite

    key = client_key(email)
    try:
        client = Client.get(key)
    except DoesNotExist:
        return answer(ANSWER, speaks)
    if not client.stripe_customer_id:
        return answer(ANSWER, speaks)
    now = now or datetime.now(UTC)
    link_ref = secrets.token_hex(16)
    digest = links.digest(links.token(PURPOSE, link_ref))
    minutes = settings().billing_link_minutes
    with TransactWrite(connection=connection()) as tx:
        tx.save(
            BillingLink(
                digest,
                link_ref=link_ref,
                email=key,
                created_at=now,
                expires_at=now + timedelta(minutes=minutes),
            ),
            condition=BillingLink.token_sha256.does_not_exist(),
        )
        outbox.add(
            tx, outbox.message("billing.link", digest[:32], now=now, token_sha256=digest, language=speaks)
        )
    return answer(ANSWER, speaks)


def render(params: dict[str, Any]) -> mail.Draft | None:
    """The outbox's billing-link email; nothing once the link was used or expired."""
    try:
        link = BillingLink.get(params["token_sha256"], consistent_read=True)
    except DoesNotExist:
        return None
    if link.expires_at.timestamp() <= time.time() or not link.link_ref or link.used_at:
        return None
    speaks = languages.known(params.get("language"))
    values = {
        "url": page_url(links.token(PURPOSE, link.link_ref), speaks),
        "minutes": settings().billing_link_minutes,
        "practice": catalog.brand().practice_name,
    }
    subject, text = languages.pick(LINK_EMAIL, speaks)
    return mail.Draft(link.email, subject.format(**values), text.format(**values))


RENEWED = {
    "en": "A new link is on its way to the email address this one was sent to. "
    "It works once, for a limited time.",
    "es": "Enviamos un enlace nuevo a la dirección de correo a la que se envió este. "
    "Funciona una sola vez y por tiempo limitado.",
}


def renew(token: str, language: str | None = None) -> dict[str, Any]:
    """ "Send me a new link", from the page of a used or expired one: the new link goes to the
    address the old one was sent to (never to an address the caller names), if it still has a
    retainer. A link long gone (its TTL passed) is a 404: ask on the billing page."""
    if not 20 <= len(token) <= 100:
        raise errors.NotFound(NOT_VALID)
    try:
        link = BillingLink.get(links.digest(token), consistent_read=True)
    except DoesNotExist:
        raise errors.NotFound(TOO_OLD) from None
    speaks = languages.known(language)
    request(link.email, language=speaks)
    return answer(RENEWED, speaks)


def page_url(token: str, language: str | None = None) -> str:
    """The site's page for an emailed link, in `language`: opening it uses nothing; its button does."""
    return f"{languages.page_url('/billing/open/', languages.known(language))}?token={token}"


def open_portal(token: str, language: str | None = None) -> str:
    """Uses the link up (atomically: a second use finds nothing) and returns a fresh Stripe
    billing portal session URL, in the portal's own configuration (`make stripe-sync`)."""
    if not 20 <= len(token) <= 100:
        raise errors.NotFound(NOT_VALID)
    digest = links.digest(token)
    try:
        link = BillingLink.get(digest, consistent_read=True)
    except DoesNotExist:
        raise errors.NotFound(NOT_VALID_OR_USED) from None
    if link.used_at:
        raise errors.NotFound(USED)
    if link.expires_at.timestamp() <= time.time():
        raise LinkGone(EXPIRED)
    try:  # used once: the condition lets one of two concurrent presses through
        link.update(
            actions=[BillingLink.used_at.set(int(time.time()))],
            condition=BillingLink.used_at.does_not_exist(),
        )
    except UpdateError as error:
        if not errors.condition_failed(error):  # an outage is not the link's fault
            raise
        raise errors.NotFound(USED) from None
    try:
        client = Client.get(link.email)
    except DoesNotExist:
        raise errors.NotFound(NO_RETAINER) from None
    if not client.stripe_customer_id:
        raise errors.NotFound(NO_RETAINER)
    return session_url(client.stripe_customer_id, "/billing/", language)


def session_url(customer_id: str, return_path: str, language: str | None) -> str:
    """A Stripe billing portal session for the customer, in the portal's own configuration (the
    plans a client may switch to: `make stripe-sync`) and `language`, returning to `return_path`
    of the site in that language. Both ways in use it: the emailed link and the account page."""
    import stripe as stripe_sdk

    try:
        stripe = stripe_client.client()
        speaks = languages.known(language)
        params: SessionCreateParams = {
            "customer": customer_id,
            "return_url": languages.page_url(return_path, speaks),
            "locale": speaks if speaks in STRIPE_LOCALES else "auto",
        }
        configuration = _configuration(stripe)
        if configuration:
            params["configuration"] = configuration
        session = stripe.v1.billing_portal.sessions.create(params=params)
    except stripe_sdk.StripeError as error:
        raise unavailable(error) from None
    return str(session.url)


_CONFIGURATION: dict[str, Any] = {}  # the client it was looked up with, the id, and when
CONFIGURATION_MAX_AGE = 300


def _configuration(stripe: StripeClient) -> str | None:
    """The id of the portal's billing-portal configuration, looked up at most every five minutes
    per container (a `make stripe-sync` after a deploy is seen soon)."""
    from portal.billing import sync

    cached = _CONFIGURATION.get("value")
    if cached and cached[0] is stripe and time.monotonic() - cached[2] < CONFIGURATION_MAX_AGE:
        return cast("str | None", cached[1])
    found = sync.managed_portal_configuration(stripe)
    if found is None:
        logger.warning(
            "no billing-portal configuration of the portal's own: run make stripe-sync "
            "(Stripe's default allows no plan change)"
        )
    _CONFIGURATION["value"] = (stripe, found.id if found else None, time.monotonic())
    return found.id if found else None
