"""Domain errors, and the one place that maps them (and malformed requests) to HTTP answers.

Domain code raises these without knowing about HTTP; `register(app)` teaches a resolver to answer
each with its status and a JSON body `{"message": ...}` a person can act on, in the request's language
(Accept-Language, portal.language): a message is a str (English) or {"en": ..., "es": ...}.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from portal import error_words

if TYPE_CHECKING:
    # The HTTP side only: the reminder and outbox functions raise these errors but answer no request,
    # and Powertools' event handler (with asyncio, for its AppSync resolvers) costs ~35 ms of CPU to import.
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
    from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

logger = Logger(child=True)


#: A message for people: English as a str, or the same message in each language.
Text = str | Mapping[str, str]


def in_language(text: Text, language: str) -> str:
    """`text` in `language`; a str is English and is the same in every language."""
    if isinstance(text, str):
        return text
    from portal import language as languages

    return text.get(language) or text.get(languages.default()) or text.get("en") or next(iter(text.values()))


def filled(texts: Mapping[str, str], **values: Any) -> dict[str, str]:
    """The same message in each language with its blanks filled."""
    return {code: text.format(**values) for code, text in texts.items()}


def request_language(app: BaseRouter) -> str:
    """The language of the request `app` is answering (its Accept-Language)."""
    from portal import language as languages

    try:
        return languages.of_request(app.current_event.headers)
    except Exception:  # noqa: BLE001 - no current event (a direct call in a test): the practice's own language
        return languages.default()


class DomainError(Exception):
    """A request the rules refuse. `status` is the HTTP answer; `message` is shown to the person."""

    status: HTTPStatus = HTTPStatus.BAD_REQUEST

    def __init__(self, message: Text, **details: Any) -> None:
        self.texts = message
        self.message = in_language(message, "en")
        super().__init__(self.message)
        self.details = details

    def message_in(self, language: str) -> str:
        return in_language(self.texts, language)


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


def json_error(status: int, message: Text, language: str = "en", **extra: Any) -> Response[dict[str, Any]]:
    from aws_lambda_powertools.event_handler import Response, content_types

    return Response(
        status_code=int(status),
        content_type=content_types.APPLICATION_JSON,
        body={"message": in_language(message, language), **extra},
    )


def in_words(field: str, language: str = "en") -> str:
    """A field's path as a person reads it: "working_hours.days.1" -> "working hours, days". The
    message is read by people; `detail[].field` keeps the path for programs."""
    return error_words.field_words(field, language)


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # Powertools locations look like ("body", "email") or ("query", "tz"); people want "email".
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


#: Field names that look like a secret: never accepted anywhere, with a message saying what to do.
_SECRET_NAME = re.compile(
    r"pass(word|wd|code|phrase)?$|^pin$|secret|credential|api_?key|token", re.IGNORECASE
)
PASSWORD_MESSAGE = error_words.PASSWORD_MESSAGE["en"]


def validation_details(errors: Sequence[Any], language: str = "en") -> list[dict[str, Any]]:
    """Per-field details in the shape of the OpenAPI HTTPValidationError schema (loc, msg, type),
    each message in `language` (English keeps pydantic's own wording where it has one)."""
    details = []
    for error in errors:
        loc = list(error.get("loc", ()))
        has_texts = error_words.TEXTS in (error.get("ctx") or {})
        if language == "en" and error.get("msg") and not has_texts:
            message = error["msg"]
        else:
            message = error_words.describe(error, language)
        if error.get("type") == "extra_forbidden" and loc and _SECRET_NAME.search(str(loc[-1])):
            message = in_language(error_words.PASSWORD_MESSAGE, language)
        details.append(
            {"loc": loc, "field": _field_name(loc), "msg": message, "type": error.get("type", "value_error")}
        )
    return details


def _describe(error: dict[str, Any], language: str = "en") -> str:
    return error_words.describe(error, language)


def please_correct(fields: list[str], language: str) -> str:
    words = "; ".join(sorted({in_words(field, language) for field in fields}))
    return in_language(error_words.PLEASE_CORRECT, language).format(fields=words)


def register(app: APIGatewayHttpResolver) -> None:
    """Installs the error mapping on a resolver. Called once per resolver, in portal.api."""
    from aws_lambda_powertools.event_handler.exceptions import ServiceError
    from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _invalid_request(error: RequestValidationError) -> Response[dict[str, Any]]:
        language = request_language(app)
        details = validation_details(error.errors(), language)
        return json_error(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            please_correct([d["field"] for d in details], language),
            language,
            detail=details,
        )

    @app.exception_handler(Invalid)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _invalid_field(error: Invalid) -> Response[dict[str, Any]]:
        language = request_language(app)
        detail = [
            {
                "loc": ["body", *error.field.split(".")],
                "field": error.field,
                "msg": error.message_in(language),
                "type": "value_error",
            }
        ]
        return json_error(error.status, please_correct([error.field], language), language, detail=detail)

    @app.exception_handler(DomainError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _domain(error: DomainError) -> Response[dict[str, Any]]:
        return json_error(error.status, error.texts, request_language(app), **error.details)

    @app.exception_handler(ServiceError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _service(error: ServiceError) -> Response[dict[str, Any]]:
        return json_error(error.status_code, error.msg)

    @app.exception_handler(UnicodeDecodeError)  # type: ignore[untyped-decorator]  # Powertools leaves it unannotated
    def _not_utf8(_error: UnicodeDecodeError) -> Response[dict[str, Any]]:
        return json_error(HTTPStatus.BAD_REQUEST, NOT_UTF8, request_language(app))


NOT_UTF8 = {
    "en": "The request body must be UTF-8 encoded JSON.",
    "es": "El cuerpo de la solicitud debe ser JSON codificado en UTF-8.",
}
