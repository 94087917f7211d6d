"""Discovery-call booking over HTTP: availability, book, and the private manage link's actions.

Routes parse and answer; every rule lives in portal.bookings (service and slots)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from portal import api, language, ratelimit
from portal.addresses import DeliverableEmail
from portal.bookings import service, slots

router = Router()


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _instant(value: str) -> str:
    try:
        slots.parse_instant(value)
    except ValueError:
        raise ValueError("Give an ISO 8601 time with its offset, e.g. 2026-12-01T10:00:00-05:00.") from None
    return value


class NewBooking(_Body):
    name: str = Field(min_length=1, max_length=120)
    email: DeliverableEmail = Field(max_length=254)
    start: str = Field(min_length=16, max_length=40, description="ISO 8601 with offset")
    timezone: str = Field(min_length=1, max_length=64, description="The booker's IANA time zone")
    notes: str | None = Field(default=None, max_length=2000)
    phone: str | None = Field(
        default=None,
        max_length=40,
        description="The number to call, with its country code (required when the calls are by phone)",
    )

    _start = field_validator("start")(_instant)


class Token(_Body):
    token: str = Field(min_length=1, max_length=128)


class Reschedule(Token):
    start: str = Field(min_length=16, max_length=40)

    _start = field_validator("start")(_instant)


class Slot(BaseModel):
    start: str
    end: str


class Meeting(BaseModel):
    kind: Literal["video", "phone"]


class Availability(BaseModel):
    timezone: str
    home_timezone: str
    duration_minutes: int
    booking_window_days: int
    meeting: Meeting
    slots: list[Slot]


class Location(BaseModel):
    kind: Literal["video", "phone"]
    url: str | None = None
    phone: str | None = None


class BookingView(BaseModel):
    id: str
    status: str
    start: str
    end: str
    start_utc: str
    timezone: str
    duration_minutes: int
    name: str
    language: str
    location: Location


class NewBookingView(BookingView):
    manage_url: str


def _answers(success: int, model: type[BaseModel], *codes: int) -> dict[int, OpenAPIResponse]:
    """The route's documented answers: its success with `model`, and each error as {"message"}."""
    described = {
        404: "No such booking (or a wrong token)",
        409: "Not a free slot under the rules, the booking changed, or its stored time is unreadable",
        503: "Try again later",
    }
    answers: dict[int, OpenAPIResponse] = {
        success: {"description": "OK", "content": {"application/json": {"model": model}}}
    }
    for code in codes:
        answers[code] = api.error(described[code])
    return answers


BookingId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get(
    "/api/availability",
    summary="Free discovery-call slots, in the booker's time zone",
    responses=_answers(200, Availability, 503),
)
def get_availability(
    date_from: Annotated[date, Query(alias="from")],
    date_to: Annotated[date, Query(alias="to")],
    tz: Annotated[str, Query(min_length=1, max_length=64)] = "UTC",
) -> Availability:
    return service.availability(date_from, date_to, tz)


@router.post(
    "/api/bookings",
    summary="Book a discovery call",
    status_code=201,
    middlewares=[ratelimit.limit("bookings")],
    responses=_answers(201, NewBookingView, 409, 503),
)
def create_booking(booking: NewBooking) -> NewBookingView:
    ratelimit.enforce_email("bookings", booking.email)
    key = router.current_event.headers.get("idempotency-key")
    # The booker's emails and invites are written in the language of the page they booked on.
    request = {
        **booking.model_dump(mode="json"),
        "language": language.of_request(router.current_event.headers),
    }
    return service.create_idempotent(request, key[:128] if key else None, router.lambda_context)


@router.get(
    "/api/bookings/<booking_id>",
    summary="A booking, through its private manage link",
    responses=_answers(200, BookingView, 404, 409),
)
def get_booking(booking_id: BookingId, token: Annotated[str, Query(max_length=128)] = "") -> BookingView:
    return service.show(booking_id, token)


@router.post(
    "/api/bookings/<booking_id>/cancel",
    summary="Cancel a booking",
    middlewares=[ratelimit.limit("booking-changes")],
    responses=_answers(200, BookingView, 404, 409, 503),
)
def cancel_booking(booking_id: BookingId, body: Token) -> BookingView:
    return service.cancel(booking_id, body.token)


@router.post(
    "/api/bookings/<booking_id>/reschedule",
    summary="Move a booking to another free slot",
    middlewares=[ratelimit.limit("booking-changes")],
    responses=_answers(200, BookingView, 404, 409, 503),
)
def reschedule_booking(booking_id: BookingId, body: Reschedule) -> BookingView:
    return service.reschedule(booking_id, body.token, body.start)
