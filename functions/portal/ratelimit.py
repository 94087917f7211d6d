"""Rate limits on public POSTs, counted in DynamoDB: per visitor, per email address, and per endpoint.

A fixed-window counter: one item per key and window, incremented atomically with a condition, so
each limit holds across every Lambda instance. Counters expire by TTL. Three limits, each keyed so
no counter holds personal data as it was typed:

- per address (`enforce`): an IPv4 address, or an IPv6 address's /64 (`client_ip.network`: one
  subscriber holds a whole /64 and can pick a new address in it for every request);
- per email (`enforce_email`): the SHA-256 of the lower-cased address, never the address itself,
  so one mailbox cannot be flooded (or the calendar filled) from many addresses;
- per endpoint (inside `enforce`): every address together, a ceiling that stops a crowd of hosts
  from filling the calendar or the inbox (`RATE_LIMIT_GLOBAL_REQUESTS` per window).

Use `enforce(endpoint, source_ip)` from any route, or `limit(endpoint)` as a route middleware:

    @router.post("/api/intake", middlewares=[ratelimit.limit("intake")])

and `enforce_email(endpoint, email)` once the body is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver as Resolver
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from pynamodb.exceptions import UpdateError

from portal import addresses, client_ip, errors
from portal.models.ratelimits import RateLimit
from portal.settings import settings

#: A Powertools route middleware.
Middleware = Callable[[Resolver, NextMiddleware], Response[Any]]

# Read by people on the page, next to the button they pressed: "network", not "address" or "IP".
MESSAGE = {
    "en": "Too many attempts from this network. Please try again in a few minutes.",
    "es": "Demasiados intentos desde esta red. Vuelve a intentarlo en unos minutos.",
}
EMAIL_MESSAGE = {
    "en": "Too many attempts for this email address. Please try again in a while.",
    "es": "Demasiados intentos con esta dirección de correo. Vuelve a intentarlo más tarde.",
}
BUSY_MESSAGE = {
    "en": "We are receiving too many requests right now. Please try again in a few minutes.",
    "es": "Estamos recibiendo demasiadas solicitudes en este momento. Vuelve a intentarlo en unos minutos.",
}


def window_key(endpoint: str, source_ip: str, now: float, window_seconds: int) -> tuple[str, int]:
    """The counter's key and the window's end (epoch seconds)."""
    start = int(now) - int(now) % window_seconds
    stamp = datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{endpoint}#{source_ip or 'unknown'}#{stamp}", start + window_seconds


def _count(
    endpoint: str, who: str, limit: int, window_seconds: int, now: float | None, message: errors.Text
) -> int:
    """Counts one request against `who`'s counter; TooManyRequests(message) once it is used up."""
    key, window_end = window_key(endpoint, who, time.time() if now is None else now, window_seconds)
    counter = RateLimit(key)
    try:
        counter.update(
            actions=[
                RateLimit.requests.add(1),
                RateLimit.expires_at.set(datetime.fromtimestamp(window_end, UTC) + timedelta(hours=1)),
            ],
            condition=RateLimit.requests.does_not_exist() | (RateLimit.requests < limit),
        )
    except UpdateError as error:
        if errors.condition_failed(error):
            raise errors.TooManyRequests(message) from None
        raise
    return int(counter.requests)


def enforce(
    endpoint: str,
    source_ip: str,
    *,
    limit: int | None = None,
    window_seconds: int | None = None,
    now: float | None = None,
) -> int:
    """Counts one request from `source_ip` (its /64 for IPv6) and one toward the endpoint's ceiling;
    raises errors.TooManyRequests when either is used up. Returns the address's count so far."""
    current = settings()
    counted = _count(
        endpoint,
        client_ip.network(source_ip),
        limit or current.rate_limit_requests,
        window_seconds or current.rate_limit_window_seconds,
        now,
        MESSAGE,
    )
    _count(
        endpoint,
        "*",
        current.rate_limit_global_requests,
        current.rate_limit_global_window_seconds,
        now,
        BUSY_MESSAGE,
    )
    return counted


def email_key(email: str) -> str:
    """What a per-email counter is keyed by: the SHA-256 of the trimmed, lower-cased address."""
    return "email:" + addresses.fingerprint(email)


def enforce_email(
    endpoint: str,
    email: str,
    *,
    limit: int | None = None,
    window_seconds: int | None = None,
    now: float | None = None,
) -> int:
    """Counts one request for `email` at `endpoint` (whatever address it comes from); raises
    errors.TooManyRequests once the window's limit is used up. Returns the count so far."""
    current = settings()
    return _count(
        endpoint,
        email_key(email),
        limit or current.rate_limit_email_requests,
        window_seconds or current.rate_limit_email_window_seconds,
        now,
        EMAIL_MESSAGE,
    )


def limit(endpoint: str, **options: Any) -> Middleware:
    """A Powertools route middleware that enforces the limit for `endpoint` before the route runs."""

    def middleware(app: Resolver, next_middleware: NextMiddleware) -> Response[Any]:
        enforce(endpoint, client_ip.source_ip(app.current_event), **options)
        return next_middleware(app)

    middleware.__name__ = f"rate_limit_{endpoint}"
    return middleware
