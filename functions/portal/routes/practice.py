"""The assistant's practice view over HTTP: clients, calls, intakes, erasure, audit.

Every route admits the assistant's session only (portal.auth.guard); changes are audited in the
same transaction (portal.practice.service)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import unquote

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field

from portal import api
from portal.addresses import DeliverableEmail
from portal.auth import guard
from portal.practice import erase as erasure
from portal.practice import service

router = Router()
_ASSISTANT = [guard.require("assistant")]
_GUARDED: dict[int, OpenAPIResponse] = {
    401: api.error("Not signed in"),
    403: api.error("Not the assistant, or not from the portal's pages"),
}
_OK: dict[int, OpenAPIResponse] = {200: {"description": "OK"}}
BookingId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
IntakeId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Email = Annotated[str, Path(min_length=3, max_length=254, description="the client's email, URL-encoded")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NewStart(_Body):
    start: str = Field(min_length=16, max_length=40, description="ISO 8601 with offset")


class EraseConfirm(_Body):
    confirm_email: DeliverableEmail = Field(max_length=254)


def _actor() -> str:
    return guard.session_of(router).email


@router.get(
    "/api/practice/clients",
    summary="Clients, filterable",
    middlewares=_ASSISTANT,
    responses={**_OK, **_GUARDED},
)
def list_clients(
    status: Annotated[Literal["active", "past_due", "canceled", "none"] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    return {"clients": service.clients(status, q)}


@router.get(
    "/api/practice/clients/<email>",
    summary="One client's records",
    middlewares=_ASSISTANT,
    responses={**_OK, 404: api.error("No such client"), **_GUARDED},
)
def get_client(email: Email) -> dict[str, Any]:
    return service.client(unquote(email))


@router.post(
    "/api/practice/clients/<email>/erase",
    summary="Erase a client's personal data (GDPR)",
    middlewares=_ASSISTANT,
    responses={**_OK, 422: api.error("Confirmation does not match"), **_GUARDED},
)
def erase_client(email: Email, body: EraseConfirm) -> dict[str, Any]:
    return erasure.erase(_actor(), unquote(email), str(body.confirm_email))


@router.get(
    "/api/practice/bookings",
    summary="Upcoming or past calls",
    middlewares=_ASSISTANT,
    responses={**_OK, **_GUARDED},
)
def list_bookings(when: Annotated[Literal["upcoming", "past"], Query()] = "upcoming") -> dict[str, Any]:
    return {"bookings": service.bookings(when)}


@router.post(
    "/api/practice/bookings/<booking_id>/cancel",
    summary="Cancel a call on the client's behalf",
    middlewares=_ASSISTANT,
    responses={
        **_OK,
        404: api.error("No such booking"),
        409: api.error("Already cancelled or started"),
        **_GUARDED,
    },
)
def cancel_booking(booking_id: BookingId) -> dict[str, Any]:
    return service.cancel_booking(_actor(), booking_id)


@router.post(
    "/api/practice/bookings/<booking_id>/reschedule",
    summary="Move a call on the client's behalf",
    middlewares=_ASSISTANT,
    responses={**_OK, 404: api.error("No such booking"), 409: api.error("Not a free slot"), **_GUARDED},
)
def reschedule_booking(booking_id: BookingId, body: NewStart) -> dict[str, Any]:
    return service.reschedule_booking(_actor(), booking_id, body.start)


@router.get(
    "/api/practice/intakes",
    summary="Intakes by status",
    middlewares=_ASSISTANT,
    responses={**_OK, **_GUARDED},
)
def list_intakes(
    status: Annotated[Literal["new", "reviewed", "converted"], Query()] = "new",
) -> dict[str, Any]:
    return {"intakes": service.intakes(status)}


@router.post(
    "/api/practice/intakes/<intake_id>/reviewed",
    summary="Mark an intake reviewed",
    middlewares=_ASSISTANT,
    responses={**_OK, 404: api.error("No such intake"), **_GUARDED},
)
def mark_reviewed(intake_id: IntakeId) -> dict[str, Any]:
    return service.mark_reviewed(_actor(), intake_id)


@router.get(
    "/api/practice/audit",
    summary="What the assistant did, newest first",
    middlewares=_ASSISTANT,
    responses={**_OK, **_GUARDED},
)
def audit() -> dict[str, Any]:
    return {"entries": service.audit()}
