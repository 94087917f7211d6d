"""The hours ledger over HTTP: the client's meter and extra-hours approval (their own session only),
the assistant's time entries, imports and tracker names (portal.ledger)."""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field

from portal import api, errors, language
from portal.addresses import DeliverableEmail
from portal.auth import guard
from portal.ledger import entries, extra, imports, meter, words
from portal.ledger import service as ledger

router = Router()
_CLIENT = [guard.require("client")]
_ASSISTANT = [guard.require("assistant")]
_GUARDED: dict[int, OpenAPIResponse] = {
    401: api.error("Not signed in"),
    403: api.error("Wrong role, or not from the portal's pages"),
}
_OK: dict[int, OpenAPIResponse] = {200: {"description": "OK"}}
_CLOSED: dict[int, OpenAPIResponse] = {
    409: api.error("The period is closed, or the client has no retainer period")
}
EntryId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Email = Annotated[str, Path(min_length=3, max_length=254, description="the client's email, URL-encoded")]
Surcharge = Literal["rush", "evenings_weekends"] | None


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ExtraHours(_Body):
    hours: int = Field(ge=1, le=200)


class NewEntry(_Body):
    client_email: DeliverableEmail = Field(max_length=254)
    date: Date
    minutes: int = Field(gt=0, le=1440)
    service: str = Field(min_length=1, max_length=64)
    description: str = Field(min_length=1, max_length=1000)
    surcharge: Surcharge = None


class EntryChanges(_Body):
    date: Date | None = None
    minutes: int | None = Field(default=None, gt=0, le=1440)
    service: str | None = Field(default=None, min_length=1, max_length=64)
    description: str | None = Field(default=None, max_length=1000)
    surcharge: Surcharge = None


class TrackerNames(_Body):
    names: list[Annotated[str, Field(max_length=imports.MAX_NAME)]] = Field(max_length=imports.MAX_NAMES)


def _actor() -> str:
    return guard.session_of(router).email


@router.get(
    "/api/me/hours",
    summary="The signed-in client's hours this period",
    middlewares=_CLIENT,
    responses={**_OK, 404: api.error("No retainer: no hours ledger"), **_GUARDED},
)
def my_hours() -> dict[str, Any]:
    found = meter.hours(_actor())
    if found is None:
        raise errors.NotFound(words.NO_PERIOD)
    return found


@router.get(
    "/api/me/statements/<period_start>",
    summary="A closed period's statement, as CSV",
    middlewares=_CLIENT,
    responses={
        200: {"description": "A CSV attachment"},
        404: api.error("No closed period starts then"),
        **_GUARDED,
    },
)
def my_statement(  # type: ignore[no-untyped-def]  # its answer is documented by `responses`
    period_start: Annotated[str, Path(min_length=10, max_length=40, pattern=r"^[0-9TZ:-]+$")],
):
    from portal.ledger import statements

    speaks = language.of_request(router.current_event.headers)  # the account page's language
    name, text = statements.statement(guard.session_of(router).email, unquote(period_start), speaks)
    return Response(
        200,
        "text/csv; charset=utf-8",
        text,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


@router.post(
    "/api/me/extra-hours",
    summary="Approve extra hours (once the period's hours are used)",
    middlewares=_CLIENT,
    responses={**_OK, 409: api.error("Not allowed now, or over the cap"), **_GUARDED},
)
def approve_extra(body: ExtraHours) -> dict[str, Any]:
    return extra.approve_extra(_actor(), body.hours)


@router.post(
    "/api/practice/time-entries",
    summary="Log time for a client",
    status_code=201,
    middlewares=_ASSISTANT,
    responses={
        201: {"description": "Logged (a retry with the same Idempotency-Key: the same id)"},
        404: api.error("No such client"),
        **_CLOSED,
        **_GUARDED,
    },
)
def log_time(  # type: ignore[no-untyped-def]  # its answer is documented by `responses`
    body: NewEntry,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key", max_length=64)] = None,
):
    email = str(body.client_email)
    entries.check_service(body.service)
    r = ledger.require_retainer(email)
    entry_id, _ = entries.log(
        _actor(),
        r,
        day=body.date.isoformat(),
        minutes=body.minutes,
        service=body.service,
        description=body.description,
        surcharge=body.surcharge,
        entry_id=entries.entry_id_for(email, idempotency_key) if idempotency_key else None,
    )
    return Response(201, content_types.APPLICATION_JSON, {"id": entry_id})


@router.patch(
    "/api/practice/time-entries/<entry_id>",
    summary="Edit a time entry",
    middlewares=_ASSISTANT,
    responses={**_OK, 404: api.error("No such entry"), **_CLOSED, **_GUARDED},
)
def edit_time(entry_id: EntryId, body: EntryChanges) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    for name in ("date", "minutes", "service"):
        if name in changes and changes[name] is None:
            raise errors.Invalid(words.NOT_EMPTIED, field=name)
    if "date" in changes:
        changes["date"] = changes["date"].isoformat()
    if "service" in changes:
        entries.check_service(changes["service"])
    return entries.change(_actor(), entry_id, changes)


@router.delete(
    "/api/practice/time-entries/<entry_id>",
    summary="Delete a time entry",
    middlewares=_ASSISTANT,
    responses={204: {"description": "Deleted"}, 404: api.error("No such entry"), **_CLOSED, **_GUARDED},
)
def delete_time(entry_id: EntryId):  # type: ignore[no-untyped-def]  # its answer is documented by `responses`  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation  # type: ignore[no-untyped-def]  # its answer is documented by `responses`
    entries.change(_actor(), entry_id, None)
    return Response(204, content_types.APPLICATION_JSON, "")


@router.post(
    "/api/practice/time-entries/import",
    summary="Import a time tracker's detailed CSV export (body: text/csv)",
    description="The request body is the CSV file itself, sent with Content-Type: text/csv.",
    middlewares=_ASSISTANT,
    responses={**_OK, 422: api.error("The file is not a readable export of this format"), **_GUARDED},
)
def import_time(
    format: Annotated[Literal["toggl", "clockify", "harvest"], Query()],
    dry_run: Annotated[bool, Query()] = False,
) -> dict[str, Any]:
    event = router.current_event
    content_type = (event.headers or {}).get("content-type", "").split(";")[0].strip().lower()
    if content_type != "text/csv":
        raise errors.UnsupportedMediaType(words.NOT_CSV)
    return imports.import_csv(_actor(), format, event.decoded_body or "", dry_run)


@router.get(
    "/api/practice/clients/<email>/tracker-names",
    summary="The client's names in the time tracker",
    middlewares=_ASSISTANT,
    responses={**_OK, 404: api.error("No such client"), **_GUARDED},
)
def get_tracker_names(email: Email) -> dict[str, Any]:
    return {"names": imports.tracker_names(unquote(email))}


@router.put(
    "/api/practice/clients/<email>/tracker-names",
    summary="Set the client's names in the time tracker",
    middlewares=_ASSISTANT,
    responses={**_OK, 404: api.error("No such client"), **_GUARDED},
)
def set_tracker_names(email: Email, body: TrackerNames) -> dict[str, Any]:
    return {"names": imports.set_tracker_names(_actor(), unquote(email), body.names)}
