"""POST /api/intake: the client intake questionnaire. Its request schema, here as every route
module keeps its own, says what a valid questionnaire is (every limit, and each refusal in the
form's own words); portal.intake.service stores it once and announces it once."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from portal import api, catalog, error_words, errors, ratelimit
from portal.addresses import ses_deliverable
from portal.intake import service, words


def _limits(max_length: int, min_length: int = 0) -> StringConstraints:
    """A text field's constraints: stripped, then within these lengths."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


def _fail(en: str, es: str) -> PydanticCustomError:
    """A validation error shown to the person as it is (no "Value error, "), in the request's language."""
    return error_words.texts_error({"en": en, "es": es})


def _say(message: tuple[str, str], *types: str) -> WrapValidator:
    """Replaces pydantic's wording with `message` (portal.intake.words) for errors of `types`."""

    def wrap(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as error:
            if not types or any(e["type"] in types for e in error.errors()):
                raise _fail(*message) from None
            raise

    return WrapValidator(wrap)


ShortText = Annotated[str, _limits(120)]
LongText = Annotated[str, _limits(2000)]
Text40 = Annotated[str, _limits(40)]
Text160 = Annotated[str, _limits(160)]
Text500 = Annotated[str, _limits(500)]
Text1000 = Annotated[str, _limits(1000)]
Name = Annotated[str, _limits(120, 1)]
Contact = Annotated[str, _limits(200, 1)]


class _Form(BaseModel):
    # Unknown fields (a "password", say) are a 422 naming the field, never silently stored.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Weekday(str, Enum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


class Channel(str, Enum):
    email = "email"
    phone = "phone"
    video = "video"
    slack = "slack"
    teams = "teams"
    whatsapp = "whatsapp"
    sms = "sms"


class Frequency(str, Enum):
    daily = "daily"
    twice_weekly = "twice-weekly"
    weekly = "weekly"
    fortnightly = "fortnightly"
    monthly = "monthly"
    as_needed = "as-needed"


Clock = Annotated[
    str,
    StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$"),
    _say(words.TIME),
]


class Tools(_Form):
    email: ShortText | None = Field(default=None, description="e.g. Gmail, Outlook")
    calendar: ShortText | None = None
    crm: ShortText | None = None
    accounting: ShortText | None = None
    project_management: ShortText | None = None
    other: Text500 | None = None


class WorkingHours(_Form):
    days: Annotated[list[Weekday], _say(words.A_DAY, "too_short")] = Field(min_length=1, max_length=7)
    start: Clock = Field(description="HH:MM in the client's time zone")
    end: Clock

    @field_validator("days")
    @classmethod
    def _no_repeats(cls, days: list[Weekday]) -> list[Weekday]:
        if len(set(days)) != len(days):
            raise _fail(*words.EACH_DAY_ONCE)
        return days

    @model_validator(mode="after")
    def _start_before_end(self) -> WorkingHours:
        if self.start >= self.end:
            raise _fail(*words.END_AFTER_START)
        return self


class Communication(_Form):
    channel: Annotated[Channel, _say(words.one_of(Channel))]
    frequency: Annotated[Frequency, _say(words.one_of(Frequency))]
    notes: Text1000 | None = None


class Delegation(_Form):
    spending_limit: Annotated[
        int,
        _say(
            words.SPENDING,
            "int_type",
            "int_parsing",
            "int_from_float",
            "greater_than_equal",
        ),
    ] = Field(
        ge=0,
        le=100_000_000,
        description="the most the assistant may spend without asking, in minor units (cents)",
    )
    travel_booking: bool = Field(description="may book travel on the client's behalf")
    send_as_client: bool = Field(description="may send email as the client")
    escalate_when: LongText | None = None
    tone: Text500 | None = None
    vip_contacts: list[Contact] = Field(default_factory=list, max_length=25)


class IntakeRequest(_Form):
    submission_id: UUID | None = Field(
        default=None,
        description="Generated by the client once per questionnaire; a retry sends the same one. "
        "Or send it as the Idempotency-Key header.",
    )
    name: Name
    email: Annotated[
        EmailStr,
        _say(words.EMAIL),
        AfterValidator(ses_deliverable),
    ] = Field(max_length=254)
    phone: Text40 | None = None
    company: Text160 | None = None
    role: ShortText | None = None
    services: Annotated[list[str], _say(words.A_SERVICE, "too_short")] = Field(
        min_length=1, max_length=20, description="service ids from GET /api/catalog"
    )
    hours_per_month: Annotated[int, _say(words.HOURS)] = Field(ge=1, le=200)
    preferred_tier: str | None = Field(
        default=None, description="a tier id from GET /api/catalog; null: not sure yet"
    )
    tools: Tools = Field(default_factory=Tools)
    working_hours: WorkingHours
    timezone: str = Field(max_length=64, description="IANA time zone, e.g. Europe/Madrid")
    communication: Communication
    delegation: Delegation
    access_needed: LongText | None = Field(default=None, description="accounts to share (never passwords)")
    notes: LongText | None = None
    website: Text500 = Field(default="", description="leave empty")  # the honeypot

    @field_validator("services")
    @classmethod
    def _catalog_services(cls, services: list[str]) -> list[str]:
        known = catalog.catalog().service_ids()
        unknown = [s for s in services if s not in known]
        if unknown:
            raise _fail(*words.unknown_service(", ".join(unknown[:3])[:100], ", ".join(sorted(known))))
        if len(set(services)) != len(services):
            raise _fail(*words.EACH_SERVICE_ONCE)
        return services

    @field_validator("preferred_tier")
    @classmethod
    def _catalog_tier(cls, tier: str | None) -> str | None:
        if tier is not None and catalog.catalog().tier(tier) is None:
            ids = ", ".join(t.id for t in catalog.catalog().tiers)
            raise _fail(*words.unknown_tier(ids))
        return tier

    @field_validator("timezone")
    @classmethod
    def _iana_zone(cls, zone: str) -> str:
        if (
            not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}", zone)
            or zone not in _zones()
        ):
            raise _fail(*words.ZONE)
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise _fail(*words.ZONE) from None
        return zone

    @model_validator(mode="wrap")
    @classmethod
    def _honeypot_first(cls, data: Any, handler: ModelWrapValidatorHandler[IntakeRequest]) -> IntakeRequest:
        # A bot that fills the hidden field gets its "success" whatever else it sent.
        try:
            return handler(data)
        except ValidationError:
            if isinstance(data, dict) and isinstance(data.get("website"), str) and data["website"].strip():
                # Only `website` is set: a honeypot hit is answered and nothing else of it is read.
                return cls.model_construct(website=data["website"])  # type: ignore[call-arg]
            raise

    @property
    def is_spam(self) -> bool:
        return bool(self.website)

    def answers(self) -> dict[str, Any]:
        """The answers as stored and fingerprinted (no submission id, no honeypot)."""
        return self.model_dump(mode="json", exclude={"submission_id", "website"})


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


router = Router()


class IntakeCreated(BaseModel):
    id: str


def _created(intake_id: str) -> Response[IntakeCreated]:
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body={"id": intake_id},  # type: ignore[arg-type]  # Powertools validates this dict against the model
    )


@router.post(
    "/api/intake",
    summary="Submit the client intake questionnaire",
    status_code=201,
    middlewares=[ratelimit.limit("intake")],
    responses={
        201: {
            "description": "Stored (or already stored: a retry gets the same id)",
            "content": {"application/json": {"model": IntakeCreated}},
        },
        409: api.error("The submission id was used for different answers"),
        503: api.error("Storing failed: try again with the same submission id"),
        429: api.error("Too many submissions from this address, for this email, or for everyone"),
    },
)
def submit_intake(
    body: IntakeRequest,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key", max_length=64)] = None,
) -> Response[IntakeCreated]:
    if body.is_spam:
        return _created(service.dropped(body.submission_id))
    speaks = errors.request_language(router)  # the questionnaire page's: kept for the client's emails
    return _created(service.submit(body.answers(), body.submission_id, idempotency_key, speaks))
