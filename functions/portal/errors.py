"""Domain errors, and the one place that maps them (and malformed requests) to HTTP answers.

Domain code raises these without knowing about HTTP; `register(app)` teaches a resolver to answer
each with its status and a JSON body `{"message": ...}` a person can act on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.exceptions import ServiceError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

logger = Logger(child=True)

#: A message for people: English text, or the same in each language by code ({"en": ..., "es": ...}).
Text = str | dict[str, str]


class DomainError(Exception):
    """A request the rules refuse. `status` is the HTTP answer; `message` is shown to the person."""

    status: HTTPStatus = HTTPStatus.BAD_REQUEST

    def __init__(self, message: Text, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class BadRequest(DomainError):
    status = HTTPStatus.BAD_REQUEST


class Unauthorized(DomainError):
    """No valid session: sign in first."""

    status = HTTPStatus.UNAUTHORIZED


class Forbidden(DomainError):
    status = HTTPStatus.FORBIDDEN


class NotFound(DomainError):
    status = HTTPStatus.NOT_FOUND


class Conflict(DomainError):
    status = HTTPStatus.CONFLICT


class PayloadTooLarge(DomainError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE


class UnsupportedMediaType(DomainError):
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE


class Invalid(DomainError):
    """A field that passed the schema but breaks a rule (an unknown service id, say)."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self, message: Text, field: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.field = field


class TooManyRequests(DomainError):
    status = HTTPStatus.TOO_MANY_REQUESTS


class Unavailable(DomainError):
    """A dependency (DynamoDB, say) failed: the request may succeed if tried again later."""

    status = HTTPStatus.SERVICE_UNAVAILABLE


def condition_failed(error: Exception) -> bool:
    """Whether a pynamodb write error is DynamoDB refusing its condition (not an outage)."""
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


def cancellation_codes(error: Exception) -> list[Any]:
    """The per-action reasons of a cancelled transaction (None where that action was fine)."""
    return [getattr(reason, "code", None) for reason in (getattr(error, "cancellation_reasons", None) or [])]


def failed_conditions(error: Exception) -> list[bool]:
    """Per action of a cancelled transaction, whether DynamoDB refused its condition; [] when the
    error is not a cancellation (an outage, a throttle): the one reading of a refused transaction."""
    return [code == "ConditionalCheckFailed" for code in cancellation_codes(error)]


def only_contention(error: Exception) -> bool:
    """A cancelled transaction that only met another transaction on its items: worth trying again."""
    codes = cancellation_codes(error)
    return bool(codes) and all(code in (None, "None", "TransactionConflict") for code in codes)


def json_error(status: int, message: Text, **extra: Any) -> Response[dict[str, Any]]:
    return Response(
        status_code=int(status),
        content_type=content_types.APPLICATION_JSON,
        body={"message": message, **extra},
    )


def in_words(field: str) -> str:
    """A field's path as a person reads it: "working_hours.days.1" -> "working hours, days". The
    message is read by people; `detail[].field` keeps the path for programs."""
    parts = [part.replace("_", " ") for part in field.split(".") if not part.isdigit()]
    return ", ".join(parts) or "the request"


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # Powertools locations look like ("body", "email") or ("query", "tz"); people want "email".
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


#: Field names that look like a secret: never accepted anywhere, with a message saying what to do.
_SECRET_NAME = re.compile(
    r"pass(word|wd|code|phrase)?$|^pin$|secret|credential|api_?key|token", re.IGNORECASE
)
PASSWORD_MESSAGE = (
    "Passwords are never accepted. List the accounts you want to share and you will get "
    "an invitation to a shared password vault instead."
)


def validation_details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Per-field details in the shape of the OpenAPI HTTPValidationError schema (loc, msg, type)."""
    details = []
    for error in errors:
        loc = list(error.get("loc", ()))
        message = error.get("msg") or _describe(error)
        if error.get("type") == "extra_forbidden" and loc and _SECRET_NAME.search(str(loc[-1])):
            message = PASSWORD_MESSAGE
        details.append(
            {"loc": loc, "field": _field_name(loc), "msg": message, "type": error.get("type", "value_error")}
        )
    return details


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "This field is required."
    if kind == "json_invalid":
        return "The request body is not valid JSON."
    if kind == "extra_forbidden":
        return "This field is not accepted."
    return "This value is not valid."


def register(app: APIGatewayHttpResolver) -> None:
    """Installs the error mapping on a resolver. Called once per resolver, in portal.api."""

    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _invalid_request(error: RequestValidationError) -> Response[dict[str, Any]]:
        details = validation_details(error.errors())
        fields = "; ".join(sorted({in_words(d["field"]) for d in details}))
        return json_error(
            HTTPStatus.UNPROCESSABLE_ENTITY, f"Please correct these fields: {fields}.", detail=details
        )

    @app.exception_handler(Invalid)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _invalid_field(error: Invalid) -> Response[dict[str, Any]]:
        detail = [
            {
                "loc": ["body", *error.field.split(".")],
                "field": error.field,
                "msg": error.message,
                "type": "value_error",
            }
        ]
        return json_error(
            error.status, f"Please correct these fields: {in_words(error.field)}.", detail=detail
        )

    @app.exception_handler(DomainError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _domain(error: DomainError) -> Response[dict[str, Any]]:
        return json_error(error.status, error.message, **error.details)

    @app.exception_handler(ServiceError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _service(error: ServiceError) -> Response[dict[str, Any]]:
        return json_error(error.status_code, error.msg)

    @app.exception_handler(UnicodeDecodeError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _not_utf8(_error: UnicodeDecodeError) -> Response[dict[str, Any]]:
        return json_error(HTTPStatus.BAD_REQUEST, "The request body must be UTF-8 encoded JSON.")
