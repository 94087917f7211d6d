"""The HTTP edge shared by every function: one resolver class, guarded and with errors mapped.

Each function's handler module builds its resolver with `build_app(*routers)` and keeps a
three-line `lambda_handler`. Requests that cannot be parsed at all (too large, not UTF-8, not JSON)
are answered here, before routing, so no malformed request ever reaches a route or causes a 5xx.
"""
from __future__ import annotations

import base64
import binascii
import json
from http import HTTPStatus

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.api_gateway import Router

from portal import errors, tracing  # noqa: F401  (tracing: before any handler's Tracer())
from portal.settings import settings

_METHODS_WITH_BODY = {"POST", "PUT", "PATCH"}


def _answer(status: HTTPStatus, message: str) -> dict:
    return {
        "statusCode": int(status),
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": message}),
        "isBase64Encoded": False,
    }


def reject_unreadable(event: dict) -> dict | None:
    """Answers a request whose body no route could read; None when the body is fine."""
    body = event.get("body")
    if body is None or body == "":
        return None
    raw: bytes
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return _answer(HTTPStatus.BAD_REQUEST, "The request body is not valid base64.")
    else:
        raw = body.encode("utf-8", "surrogatepass")
    limit = settings().max_body_bytes
    if len(raw) > limit:
        return _answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       f"The request body is larger than {limit // 1024} KiB.")
    method = (event.get("requestContext", {}).get("http", {}).get("method") or "").upper()
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if method in _METHODS_WITH_BODY and content_type != "application/json":
        return _answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                       "Send the request body as JSON with the header Content-Type: application/json.")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return _answer(HTTPStatus.BAD_REQUEST, "The request body must be UTF-8 encoded JSON.")
    return None


class PortalResolver(APIGatewayHttpResolver):
    def resolve(self, event, context):
        return reject_unreadable(event) or super().resolve(event, context)


def build_app(*routers: Router) -> PortalResolver:
    app = PortalResolver(enable_validation=True)
    errors.register(app)
    for router in routers:
        app.include_router(router)
    return app
