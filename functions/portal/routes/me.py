"""The client's own records: the account page, the billing portal, "download my data".

The client is the session's, never an id from the request (portal.auth.guard)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel

from portal import api, language
from portal.account import service
from portal.auth import guard

router = Router()
_CLIENT = [guard.require("client")]
_GUARDED: dict[int, OpenAPIResponse] = {
    401: api.error("Not signed in"),
    403: api.error("Not a client's session, or not from the portal's pages"),
}


class PortalUrl(BaseModel):
    url: str


@router.get(
    "/api/me/account",
    summary="The signed-in client's plan, invoices, calls and intakes",
    middlewares=_CLIENT,
    responses={200: {"description": "OK"}, **_GUARDED},
)
def account() -> dict[str, Any]:
    return service.account(guard.session_of(router).email)


@router.post(
    "/api/me/billing-portal",
    summary="Open Stripe's billing portal for the signed-in client",
    middlewares=_CLIENT,
    responses={
        200: {"description": "OK", "content": {"application/json": {"model": PortalUrl}}},
        409: api.error("No subscription yet"),
        503: api.error("Stripe unavailable"),
        **_GUARDED,
    },
)
def billing_portal() -> PortalUrl:
    speaks = language.of_request(router.current_event.headers)
    return PortalUrl(url=service.billing_portal_url(guard.session_of(router).email, speaks))


@router.get(
    "/api/me/export",
    summary="Every record the portal keeps about the signed-in client, as a JSON file",
    middlewares=_CLIENT,
    responses={200: {"description": "A JSON attachment"}, **_GUARDED},
)
def export():  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation
    body = json.dumps(service.export(guard.session_of(router).email), indent=2, default=str)
    return Response(
        200,
        content_types.APPLICATION_JSON,
        body,
        headers={"Content-Disposition": 'attachment; filename="my-data.json"', "Cache-Control": "no-store"},
    )
