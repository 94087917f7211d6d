"""Route middlewares that admit a session: `require()` any signed-in person, `require("assistant")`
the assistant only. The session comes from the cookie, never from anything else in the request;
a route reads it with `session_of(router)`. State-changing requests must come from the site's own
origin (the Origin header browsers send), so another site cannot act with the visitor's cookie."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from portal import errors
from portal.auth import service
from portal.settings import settings

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
    from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

    from portal.ratelimit import Middleware


_SAFE = {"GET", "HEAD", "OPTIONS"}
SIGN_IN = {"en": "Please sign in.", "es": "Inicia sesión, por favor."}
OWN_PAGES = {
    "en": "This request must come from the portal's own pages.",
    "es": "Esta solicitud debe venir de las páginas del propio portal.",
}
ASSISTANT_ONLY = {
    "en": "This page is for the assistant only.",
    "es": "Esta página es solo para quien administra el portal.",
}
CLIENTS_ONLY = {"en": "This page is for clients.", "es": "Esta página es para clientes."}
# The admitted session, per request. Not the router's context: a Router included in two resolvers
# (the OpenAPI document builds every function's) reads the context of whichever included it last.
_current: ContextVar[service.Session | None] = ContextVar("portal_session", default=None)


def cookie_value(cookies: list[str] | None) -> str | None:
    for item in cookies or []:
        name, _, value = item.strip().partition("=")
        if name == service.COOKIE and value:
            return value
    return None


def require(role: str | None = None) -> Middleware:
    def middleware(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response[Any]:
        event = app.current_event
        session = service.session_of(cookie_value(event.cookies))
        if session is None:
            raise errors.Unauthorized(SIGN_IN, reason="signed-out")
        if (
            event.http_method.upper() not in _SAFE
            and (event.headers or {}).get("origin") != settings().site_origin
        ):
            raise errors.Forbidden(OWN_PAGES, reason="origin")
        if role and session.role != role:
            raise errors.Forbidden(ASSISTANT_ONLY if role == "assistant" else CLIENTS_ONLY, reason="role")
        token = _current.set(session)
        try:
            return next_middleware(app)
        finally:
            _current.reset(token)

    middleware.__name__ = f"session_{role or 'any'}"
    return middleware


def session_of(router: object = None) -> service.Session:
    """The session `require` admitted for the request being handled."""
    session = _current.get()
    if session is None:
        raise errors.Unauthorized(SIGN_IN, reason="signed-out")
    return session
