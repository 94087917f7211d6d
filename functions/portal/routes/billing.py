"""Retainer billing: checkout, checkout status, Stripe webhooks, billing-portal links (emailed,
then used by a POST from the page they open, never by a GET)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, ConfigDict, Field

from portal import api, errors, ratelimit
from portal.addresses import DeliverableEmail
from portal.api import Message

router = Router()


class CheckoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tier: str = Field(min_length=1, max_length=64, description="a catalog tier id")
    email: DeliverableEmail = Field(
        max_length=254, description="the client's email: their retainer and Stripe customer"
    )


class PrepaidCheckoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hours: int = Field(
        ge=1, le=1000, description="a prepaid block size the catalog sells (hourly.prepaid_blocks)"
    )
    email: DeliverableEmail = Field(
        max_length=254, description="the client's email: their hours and Stripe customer"
    )


class CheckoutStarted(BaseModel):
    url: str
    session_id: str


class CheckoutStatus(BaseModel):
    status: str = Field(
        description="pending, active, past_due, canceled, or duplicate (a second subscription "
        "while a retainer was live: not used, the assistant refunds it); for a "
        "prepaid block: pending or paid (its hours are credited)"
    )
    tier: str | None
    hours: int | None = Field(default=None, description="a prepaid block's hours")
    email: str | None = Field(
        default=None, description="the email the retainer is under, for the success page to name"
    )


class PortalOpenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200, description="the token of the emailed link")


class PortalOpened(BaseModel):
    url: str = Field(description="a fresh Stripe billing portal session: go there now")


class PortalLinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: DeliverableEmail = Field(max_length=254)
    website: str | None = Field(default=None, max_length=200, description="leave empty (honeypot)")


@router.post(
    "/api/checkout",
    summary="Start a Stripe Checkout for a retainer tier",
    middlewares=[ratelimit.limit("checkout")],
    responses={
        409: api.error("This email already has a live retainer: no second subscription (see billing_portal)"),
        503: api.error("Online payment is unavailable or not set up for this tier"),
    },
)
def start_checkout(request: CheckoutRequest) -> CheckoutStarted:
    from portal.billing import checkout

    speaks = errors.request_language(router)
    return CheckoutStarted(**checkout.start(request.tier, str(request.email), speaks))


@router.post(
    "/api/checkout/prepaid",
    summary="Start a Stripe Checkout (payment mode) for a prepaid block of hours",
    middlewares=[ratelimit.limit("checkout")],
    responses={
        409: api.error("This email has a live retainer: extra hours are approved on the account page"),
        503: api.error("Online payment is unavailable"),
    },
)
def start_prepaid_checkout(request: PrepaidCheckoutRequest) -> CheckoutStarted:
    from portal.billing import checkout

    speaks = errors.request_language(router)
    return CheckoutStarted(**checkout.start_prepaid(request.hours, str(request.email), speaks))


@router.get(
    "/api/checkout/sessions/<session_id>",
    summary="What became of a checkout (pending until the webhook)",
    responses={404: api.error("No such checkout session"), 503: api.error("Stripe is unavailable")},
)
def checkout_status(session_id: Annotated[str, Path(max_length=300)]) -> CheckoutStatus:
    from portal.billing import checkout

    return CheckoutStatus(**checkout.status(session_id))


@router.post(
    "/api/stripe/webhook",
    summary="Stripe webhook endpoint (signed)",
    responses={400: api.error("Missing, wrong or stale Stripe signature, or a body that is not an event")},
)
def stripe_webhook():  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation
    from portal.billing import webhooks

    event = router.current_event
    outcome = webhooks.handle(
        # A POST without a body is None here, which verify() does not expect (see the gate's report).
        event.decoded_body.encode("utf-8") if isinstance(event.decoded_body, str) else event.decoded_body,  # type: ignore[arg-type]
        event.headers.get("stripe-signature"),
    )
    return {"received": True, "outcome": outcome}


@router.post(
    "/api/billing-portal",
    summary="Email a link to Stripe's billing portal",
    status_code=202,
    middlewares=[ratelimit.limit("billing-portal")],
    responses={202: api.error("The same answer for every email")},
)
def billing_portal_link(request: PortalLinkRequest) -> Response[Message]:
    from portal.billing import portal_links

    speaks = errors.request_language(router)
    if not request.website:  # a filled honeypot gets the same answer and nothing else
        portal_links.request(str(request.email), language=speaks)
    return Response(
        202,
        content_types.APPLICATION_JSON,
        body=portal_links.answer(portal_links.ANSWER, speaks),  # type: ignore[arg-type]  # Powertools validates this dict against the model
    )


@router.post(
    "/api/billing-portal/open",
    summary="Open the billing portal: uses the emailed link once",
    middlewares=[ratelimit.limit("billing-portal-open")],
    responses={
        404: api.error("Unknown or already used link"),
        410: api.error("Expired link"),
        503: api.error("Stripe is unavailable"),
    },
)
def open_billing_portal(request: PortalOpenRequest) -> PortalOpened:
    """Called by the page the emailed link opens (/billing/open/), when the person presses its
    button: a mail scanner following the link never uses it up."""
    from portal.billing import portal_links

    speaks = errors.request_language(router)
    return PortalOpened(url=portal_links.open_portal(request.token, speaks))


@router.post(
    "/api/billing-portal/renew",
    summary="Email a new link in place of a used or expired one",
    status_code=202,
    middlewares=[ratelimit.limit("billing-portal")],
    responses={
        202: api.error("A new link goes to the address of the old one"),
        404: api.error("Unknown link, or one too old to renew"),
    },
)
def renew_billing_portal_link(request: PortalOpenRequest) -> Response[Message]:
    """One click on the page of a used or expired link: no email to type again."""
    from portal.billing import portal_links

    speaks = errors.request_language(router)
    return Response(202, content_types.APPLICATION_JSON, body=portal_links.renew(request.token, speaks))  # type: ignore[arg-type]  # Powertools validates this dict against the model


@router.get(
    "/api/billing-portal/<token>",
    summary="An emailed link of an earlier version: its page, unused",
    responses={
        303: {
            "description": "Redirect to the page that opens the billing portal (nothing is used)",
            "content": {"text/html": {}},
        }
    },
)
def billing_portal_link_page(token: Annotated[str, Path(max_length=200)]):  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation
    """Links emailed before the page existed pointed here. A GET changes nothing: it sends the
    person to the page whose button uses the link."""
    speaks = errors.request_language(router)
    from portal import language

    location = language.page_path("/billing/open/", speaks) + "?" + urlencode({"token": token})
    return Response(
        303, content_types.TEXT_HTML, body="", headers={"Location": location, "Cache-Control": "no-store"}
    )
