"""A client's records, as their account page, the practice view and "download my data" show them.

Every function takes the client's email from the caller's session (or, for the assistant, from the
client she opened): one client's reads never reach another's records, because each read is a
Query on that email's own index.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist

from portal import catalog, errors

if TYPE_CHECKING:
    from portal.models.clients import Client


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


def client_record(email: str) -> Client | None:
    from portal.models.clients import Client

    try:
        return Client.get(email)
    except DoesNotExist:
        return None


def retainer(client: Client | None) -> dict[str, Any] | None:
    if client is None or not client.tier:
        return None
    tier = catalog.catalog().tier(client.tier)
    return {
        "tier": client.tier,
        "tier_name": tier.name if tier else client.tier,
        "hours_per_month": int(client.hours_per_month or (tier.hours_per_month if tier else 0)),
        "price": {"amount": tier.price if tier else 0, "currency": catalog.brand().currency},
        "status": client.retainer_status or "incomplete",
        "current_period_start": _iso(client.current_period_start),
        "current_period_end": _iso(client.current_period_end),
    }


def invoices(email: str) -> list[dict[str, Any]]:
    from portal.models.billing import Invoice

    found = [
        {
            "id": i.invoice_id,
            "number": None,
            "status": i.status,
            "amount_due": int(i.amount) if i.status != "paid" else 0,
            "amount_paid": int(i.amount) if i.status == "paid" else 0,
            "currency": i.currency,
            "created": _iso(i.updated_at),
            "period_start": _iso(i.period_start),
            "period_end": _iso(i.period_end),
            "hosted_invoice_url": i.hosted_invoice_url,
        }
        for i in Invoice.by_email.query(email)
    ]
    return sorted(found, key=lambda i: i["period_start"] or "", reverse=True)


def bookings(email: str, with_links: bool = True) -> dict[str, Any]:
    from portal.bookings import service, views
    from portal.models.bookings import Booking

    now = service.now()
    upcoming: list[dict[str, Any]] = []
    past: list[dict[str, Any]] = []
    for booking in Booking.by_email.query(email):
        try:
            shown = {
                **views.view(booking),
                "email": booking.email,
                "manage_url": service.manage_url_of(booking) if with_links else None,
            }
            (upcoming if booking.start > now and booking.status == "confirmed" else past).append(shown)
        except (ValueError, KeyError):
            continue  # an item hand-edited into an unreadable shape: skip it, never fail the page
    past.reverse()
    return {"upcoming": upcoming, "past": past}


def intakes(email: str) -> list[dict[str, Any]]:
    from portal.intake.emails import answers_of
    from portal.models.intake import Intake

    return [
        {
            "id": i.id,
            "created_at": _iso(i.created_at),
            "status": i.status,
            "services": list(i.services),
            "hours_per_month": int(i.hours_per_month),
            "answers": answers_of(i),
        }
        for i in Intake.by_client.query(email)
    ]


def account(email: str) -> dict[str, Any]:
    client = client_record(email)
    return {
        "email": email,
        "name": client.name if client else None,
        "company": client.company if client else None,
        "retainer": retainer(client),
        "invoices": invoices(email),
        "bookings": bookings(email),
        "intakes": intakes(email),
    }


def export(email: str) -> dict[str, Any]:
    """Every record the portal keeps about `email` ("download my data")."""
    from portal.models.auth import AuthItem

    client = client_record(email)
    document = account(email)
    document["client_record"] = (
        {k: _iso(v) if isinstance(v, datetime) else v for k, v in client.attribute_values.items()}
        if client
        else None
    )
    document["sessions"] = [
        {"id_digest": item.id.split("#", 1)[1][:12] + "…"} for item in AuthItem.by_email.query(email)
    ]
    from portal.ledger import records as ledger

    document["hours_ledger"] = ledger.export(email)
    document["exported_at"] = _iso(datetime.now(UTC))
    return document


NO_CUSTOMER = {
    "en": "There is no subscription to manage yet: choose a plan on the pricing page.",
    "es": "Todavía no hay una suscripción que gestionar: elige un plan en la página de precios.",
}


def billing_portal_url(email: str, language: str | None = None) -> str:
    """Stripe's billing portal for the client, in `language` (the account page's), returning to it."""
    from portal.billing import portal_links

    client = client_record(email)
    if client is None or not client.stripe_customer_id:
        raise errors.Conflict(NO_CUSTOMER, reason="no-customer")
    return portal_links.session_url(client.stripe_customer_id, "/account/", language)
