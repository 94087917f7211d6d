"""Retainer billing: checkout, checkout status, Stripe webhooks, billing-portal links."""
from __future__ import annotations

import html
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from portal import api, catalog, errors, ratelimit
from portal.api import Message

router = Router()


class CheckoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tier: str = Field(min_length=1, max_length=64, description="a catalog tier id")
    email: EmailStr | None = Field(default=None, max_length=254)


class CheckoutStarted(BaseModel):
    url: str
    session_id: str


class CheckoutStatus(BaseModel):
    status: str = Field(description="pending, active, past_due or canceled")
    tier: str | None


class PortalLinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=254)
    website: str | None = Field(default=None, max_length=200, description="leave empty (honeypot)")


@router.post("/api/checkout", summary="Start a Stripe Checkout for a retainer tier",
             middlewares=[ratelimit.limit("checkout")],
             responses={409: api.error("This email already has a retainer (see billing_portal)"),
                        503: api.error("Online payment is unavailable or not set up for this tier")})
def start_checkout(request: CheckoutRequest) -> CheckoutStarted:
    from portal.billing import checkout

    return CheckoutStarted(**checkout.start(request.tier, str(request.email) if request.email else None))


@router.get("/api/checkout/sessions/<session_id>", summary="What became of a checkout (pending until the webhook)",
            responses={404: api.error("No such checkout session"), 503: api.error("Stripe is unavailable")})
def checkout_status(session_id: Annotated[str, Path(max_length=300)]) -> CheckoutStatus:
    from portal.billing import checkout

    return CheckoutStatus(**checkout.status(session_id))


@router.post("/api/stripe/webhook", summary="Stripe webhook endpoint (signed)",
             responses={400: api.error("Missing, wrong or stale Stripe signature, or a body that is not an event")})
def stripe_webhook():
    from portal.billing import webhooks

    event = router.current_event
    outcome = webhooks.handle(event.decoded_body.encode("utf-8") if isinstance(event.decoded_body, str)
                              else event.decoded_body, event.headers.get("stripe-signature"))
    return {"received": True, "outcome": outcome}


@router.post("/api/billing-portal", summary="Email a link to Stripe's billing portal", status_code=202,
             middlewares=[ratelimit.limit("billing-portal")],
             responses={202: api.error("The same answer for every email")})
def billing_portal_link(request: PortalLinkRequest) -> Response[Message]:
    from portal.billing import portal_links

    if not request.website:  # a filled honeypot gets the same answer and nothing else
        portal_links.request(str(request.email))
    return Response(202, content_types.APPLICATION_JSON, body=portal_links.ANSWER)


@router.get("/api/billing-portal/<token>", summary="Open the billing portal from an emailed link",
            responses={302: {"description": "Redirect to a Stripe billing portal session"},
                       404: {"description": "Unknown or used link (an HTML page)", "content": {"text/html": {}}},
                       410: {"description": "Expired link (an HTML page)", "content": {"text/html": {}}},
                       503: {"description": "Stripe is unavailable (an HTML page)", "content": {"text/html": {}}}})
def open_billing_portal(token: str):
    from portal.billing import portal_links

    try:
        url = portal_links.open_portal(token)
    except errors.DomainError as error:
        return _page(int(error.status), error.message)
    return Response(302, content_types.TEXT_HTML, body="", headers={"Location": url, "Cache-Control": "no-store"})


def _page(status: int, message: str) -> Response:
    practice = html.escape(catalog.brand().practice_name)
    body = ("<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>Billing link - {practice}</title>"
            "<style>body{font:18px system-ui;max-width:36rem;margin:3rem auto;padding:0 1rem}</style>"
            f"<h1>Billing link</h1><p>{html.escape(message)}</p>"
            "<p><a href=/billing/>Ask for a new link</a> &middot; <a href=/>Home</a></p></html>")
    return Response(status, content_types.TEXT_HTML, body=body, headers={"Cache-Control": "no-store"})
