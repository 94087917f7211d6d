"""The HTTP edge shared by every function: one resolver class, guarded and with errors mapped.

Each function's handler module builds its resolver with `build_app(*routers)` and keeps a
three-line `lambda_handler`. Requests that cannot be parsed at all (too large, not UTF-8, not JSON)
are answered here, before routing, so no malformed request ever reaches a route or causes a 5xx.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import math
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from portal import errors, snapstart
from portal.settings import settings

if TYPE_CHECKING:  # Powertools' OpenAPI models take ~200 ms to build: only the document needs them
    from aws_lambda_powertools.event_handler.openapi.models import OpenAPI

_METHODS_WITH_BODY = {"POST", "PUT", "PATCH"}
# The one route whose body is not JSON: a time tracker's CSV export (portal.routes.ledger).
TEXT_BODIES = {("POST", "/api/practice/time-entries/import"): "text/csv"}
# A tracker's export is large (a 5,000-row Toggl report is about 1 MB): text bodies may be up to
# 5 MiB, under Lambda's 6 MB request payload; JSON bodies keep settings().max_body_bytes.
TEXT_BODY_MAX_BYTES = 5 * 1024 * 1024
# JSON the portal reads is shallow and its numbers small (a Stripe event nests about 8 deep).
MAX_DEPTH = 32
MAX_DIGITS = 40


# The answers given before routing, in each language (the request's Accept-Language).
NOT_BASE64 = {
    "en": "The request body is not valid base64.",
    "es": "El cuerpo de la solicitud no es base64 válido.",
}
TOO_LARGE = {
    "en": "The request body is larger than {kib} KiB.",
    "es": "El cuerpo de la solicitud supera los {kib} KiB.",
}
NOT_JSON = {
    "en": "Send the request body as JSON with the header Content-Type: application/json.",
    "es": "Envía el cuerpo de la solicitud como JSON, con el encabezado Content-Type: application/json.",
}
UNREADABLE_JSON = {
    "en": "The request body is not JSON this API reads: {problem}.",
    "es": "El cuerpo de la solicitud no es un JSON que esta API pueda leer: {problem}.",
}
NO_ENDPOINT = {"en": "No such endpoint: {method} {path}.", "es": "Esa dirección no existe: {method} {path}."}
NOT_ALLOWED = {"en": "{path} accepts {allowed}, not {method}.", "es": "{path} acepta {allowed}, no {method}."}


class _Language:
    """The request's language, negotiated only when an answer needs it (brand.yaml is not read, nor
    portal.language imported, on the way to a route)."""

    def __init__(self, headers: dict[str, Any]):
        self.headers = headers

    def __str__(self) -> str:
        from portal import language

        return language.of_request(self.headers)


def _answer(
    status: HTTPStatus, message: errors.Text, language: str | _Language = "en", **values: Any
) -> dict[str, Any]:
    return {
        "statusCode": int(status),
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": errors.in_language(message, str(language)).format(**values)}),
        "isBase64Encoded": False,
    }


def reject_unreadable(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """Answers a request whose body no route could read; None when the body is fine."""
    body = event.get("body")
    if body is None or body == "":
        return None
    raw: bytes
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    speaks = _Language(headers)
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return _answer(HTTPStatus.BAD_REQUEST, NOT_BASE64, speaks)
    else:
        raw = body.encode("utf-8", "surrogatepass")
    method = (event.get("requestContext", {}).get("http", {}).get("method") or "").upper()
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    path = event.get("rawPath") or event.get("requestContext", {}).get("http", {}).get("path") or ""
    limit = TEXT_BODY_MAX_BYTES if (method, path) in TEXT_BODIES else settings().max_body_bytes
    if len(raw) > limit:
        return _answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LARGE, speaks, kib=limit // 1024)
    if (
        method in _METHODS_WITH_BODY
        and content_type != "application/json"
        and TEXT_BODIES.get((method, path)) != content_type
    ):
        return _answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, NOT_JSON, speaks)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _answer(HTTPStatus.BAD_REQUEST, errors.NOT_UTF8, speaks)
    if method in _METHODS_WITH_BODY:
        problem = json_problem(text)
        if problem:
            # The problem itself is named in English: it is for the developer of the client.
            return _answer(HTTPStatus.BAD_REQUEST, UNREADABLE_JSON, speaks, problem=problem)
    return None


class _Refused(ValueError):
    pass


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number has more than {MAX_DIGITS} digits")
    return int(text)


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("a number is too large")
    return value


def _constant(name: str) -> NoReturn:
    raise _Refused(f"{name} is not a JSON value")


def json_problem(text: str) -> str | None:
    """Why a JSON body would break a reader rather than fail validation (nesting deeper than
    MAX_DEPTH, huge integers, NaN or Infinity) or is never meant (a NUL character in a text, which
    would be stored and mailed); None when it is fine, or not JSON at all (the resolver answers that
    with a 422 of its own)."""
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except _Refused as refused:
        return str(refused)
    except RecursionError:
        return f"it nests deeper than {MAX_DEPTH} levels"
    except ValueError:
        return None
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return "a text contains a NUL character"
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return f"it nests deeper than {MAX_DEPTH} levels"
            children = [*item, *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


_ROUTE = inspect.signature(APIGatewayHttpResolver.route)


class PortalResolver(APIGatewayHttpResolver):
    def resolve(self, event: Mapping[str, Any], context: LambdaContext | None) -> dict[str, Any]:
        # SnapStart's priming resolves with no context (None), which Powertools only stores.
        return reject_unreadable(event) or super().resolve(event, context)  # type: ignore[arg-type]

    # Takes route()'s own arguments through (*args, **kwargs): the signature is Powertools' own.
    def route(  # type: ignore[override]
        self, *args: Any, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Every route, as it registers (include_router registers a Router's routes through this
        public method too), documents the answers the edge gives before it runs: the body errors of
        a POST/PUT/PATCH and the 429 of a rate-limited route."""
        bound = _ROUTE.bind(self, *args, **kwargs)
        method = bound.arguments["method"]
        methods = {method} if isinstance(method, str) else set(method)
        responses = dict(bound.arguments.get("responses") or {})
        if {m.upper() for m in methods} & _METHODS_WITH_BODY:
            responses = {**BODY_ERRORS, **responses}
        middlewares = bound.arguments.get("middlewares") or []
        if any(getattr(m, "__name__", "").startswith("rate_limit_") for m in middlewares):
            responses = {**responses, **TOO_MANY}
        bound.arguments["responses"] = responses or None
        register: Callable[[Callable[..., Any]], Callable[..., Any]] = super().route(
            *bound.args[1:], **bound.kwargs
        )
        return register

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> OpenAPI:
        """Powertools documents JSON bodies only: TEXT_BODIES' media types are added here."""
        from aws_lambda_powertools.event_handler.openapi.models import RequestBody

        schema = super().get_openapi_schema(*args, **kwargs)
        for (method, path), media_type in TEXT_BODIES.items():
            operation = getattr((schema.paths or {}).get(path), method.lower(), None)
            if operation is not None:
                operation.requestBody = RequestBody.model_validate(
                    {"required": True, "content": {media_type: {"schema": {"type": "string"}}}}
                )
        return schema


class Message(BaseModel):
    """Every error answer: a message for people (and, for some conflicts, a reason for programs)."""

    message: str
    reason: str | None = None


def error(description: str) -> OpenAPIResponse:
    """One documented error answer, for a route's `responses`."""
    return {"description": description, "content": {"application/json": {"model": Message}}}


# What reject_unreadable answers, documented on every route that takes a body.
BODY_ERRORS: dict[int, OpenAPIResponse] = {
    int(HTTPStatus.BAD_REQUEST): error(
        "The body is not UTF-8, not valid base64, or JSON too deep, with numbers "
        "out of range (NaN, Infinity, more than 40 digits) or a NUL character"
    ),
    int(HTTPStatus.REQUEST_ENTITY_TOO_LARGE): error("The body is too large"),
    int(HTTPStatus.UNSUPPORTED_MEDIA_TYPE): error("The body is not sent as application/json"),
}
TOO_MANY: dict[int, OpenAPIResponse] = {
    int(HTTPStatus.TOO_MANY_REQUESTS): error(
        "Too many requests from this address, for this email, or for everyone (portal.ratelimit)"
    )
}


def build_app(*routers: Router) -> PortalResolver:
    app = PortalResolver(enable_validation=True)
    errors.register(app)
    for router in routers:
        app.include_router(router)

    @app.not_found
    def _not_found(_error: Exception) -> Response[dict[str, Any]]:
        method, path = app.current_event.http_method, app.current_event.path
        speaks = errors.request_language(app)
        allowed = allowed_methods(path)
        if allowed:
            message = errors.in_language(NOT_ALLOWED, speaks)
            response = errors.json_error(
                HTTPStatus.METHOD_NOT_ALLOWED,
                message.format(path=path, allowed=", ".join(allowed), method=method),
            )
            response.headers["Allow"] = ", ".join(allowed)
            return response
        message = errors.in_language(NO_ENDPOINT, speaks)
        return errors.json_error(HTTPStatus.NOT_FOUND, message.format(method=method, path=path))

    snapstart.register(prime=lambda: app.resolve(snapstart.priming_event(), None))
    return app


# The whole API's OpenAPI document, written by `make openapi` (portal/openapi.py) from every handler's
# resolver. Read from this file, so neither the document nor a 404/405 (which lists the methods a
# path accepts) imports the other functions' handlers, which their packages do not hold.
OPENAPI_FILE = Path(__file__).parent / "config" / "openapi.json"


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    return document


@lru_cache(maxsize=1)
def openapi_json() -> str:
    """The OpenAPI document as served: serialised once per container."""
    return json.dumps(openapi_document())


def allowed_methods(path: str) -> list[str]:
    """The methods the API documents for `path` (for a 405 that says what would work)."""
    for template, operations in openapi_document().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return sorted(method.upper() for method in operations)
    return []
