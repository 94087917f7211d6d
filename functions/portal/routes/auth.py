"""Sign-in over HTTP: ask for a link, open a session with it, sign out, who am I.

Routes parse and answer; the rules live in portal.auth.service."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field

from portal import api, client_ip, language
from portal.addresses import DeliverableEmail
from portal.auth import guard, service

router = Router()


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: DeliverableEmail = Field(max_length=254)


class TokenBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    token: str = Field(min_length=1, max_length=200)


class Me(BaseModel):
    email: str
    name: str | None = None
    role: str = Field(description="client or assistant")


class Accepted(BaseModel):
    message: str


_SIGNED_OUT: dict[int, OpenAPIResponse] = {401: api.error("Not signed in")}


def me_of(session: service.Session) -> dict[str, Any]:
    from portal.account.service import client_record

    if session.role != "client" or session.name:
        return {"email": session.email, "name": session.name, "role": session.role}
    client = client_record(session.email)
    return {"email": session.email, "name": client.name if client else None, "role": session.role}


@router.post(
    "/api/auth/link",
    summary="Email a sign-in link (same answer for every address)",
    status_code=202,
    responses={
        202: {"description": "Accepted", "content": {"application/json": {"model": Accepted}}},
        429: api.error("Too many requests from this address or for this email"),
    },
)
def request_link(body: LinkRequest) -> Response[Accepted]:
    event = router.current_event
    answer = service.request_link(
        str(body.email),
        client_ip.source_ip(event),  # type: ignore[arg-type]  # the HTTP API's router: a payload-2.0 event
        language=language.of_request(event.headers),
    )
    return Response(202, content_types.APPLICATION_JSON, answer)  # type: ignore[arg-type]  # Powertools validates this dict against the model


@router.post(
    "/api/auth/session",
    summary="Sign in with the emailed link's token (sets the session cookie)",
    responses={
        200: {"description": "Signed in", "content": {"application/json": {"model": Me}}},
        400: api.error("The link expired, was used, or is unknown: ask for a new one"),
    },
)
def open_session(body: TokenBody) -> Response[Me]:
    session, cookie_id, max_age = service.open_session(
        body.token, language=language.of_request(router.current_event.headers)
    )
    return Response(
        200,
        content_types.APPLICATION_JSON,
        me_of(session),  # type: ignore[arg-type]  # Powertools validates this dict against the model
        cookies=[service.cookie(cookie_id, max_age)],  # type: ignore[list-item]  # see service.cookie
    )


@router.post(
    "/api/auth/sign-out",
    summary="End this session",
    status_code=204,
    middlewares=[guard.require()],
    responses={
        204: {"description": "Signed out"},
        401: api.error("Not signed in"),
        403: api.error("Not from the portal's own pages"),
    },
)
def sign_out():  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation
    service.sign_out(guard.session_of(router))
    return Response(204, cookies=[service.cookie("", 0)])  # type: ignore[list-item]  # a Set-Cookie string: Powertools sends str(cookie)


@router.post(
    "/api/auth/sign-out-everywhere",
    summary="End every session of this person",
    status_code=204,
    middlewares=[guard.require()],
    responses={
        204: {"description": "Signed out everywhere"},
        401: api.error("Not signed in"),
        403: api.error("Not from the portal's own pages"),
    },
)
def sign_out_everywhere():  # type: ignore[no-untyped-def]  # its answer is documented by `responses`, not a return annotation
    service.sign_out_everywhere(guard.session_of(router).email)
    return Response(204, cookies=[service.cookie("", 0)])  # type: ignore[list-item]  # a Set-Cookie string: Powertools sends str(cookie)


@router.get(
    "/api/me",
    summary="Who is signed in",
    middlewares=[guard.require()],
    responses={200: {"description": "OK", "content": {"application/json": {"model": Me}}}, **_SIGNED_OUT},
)
def me() -> Me:
    return me_of(guard.session_of(router))
