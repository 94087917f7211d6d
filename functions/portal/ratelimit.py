"""Per-source-IP, per-endpoint rate limits for public POSTs, counted in DynamoDB.

A fixed-window counter: one item per endpoint, source IP and window, incremented atomically with
a condition, so the limit holds across every Lambda instance. Counters expire by TTL.

Use `enforce(endpoint, source_ip)` from any route, or `limit(endpoint)` as a route middleware:

    @router.post("/api/intake", middlewares=[ratelimit.limit("intake")])
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from pynamodb.exceptions import UpdateError

from portal import client_ip, errors
from portal.models.ratelimits import RateLimit
from portal.settings import settings

MESSAGE = "Too many requests from your address. Please wait a few minutes and try again."


def window_key(endpoint: str, source_ip: str, now: float, window_seconds: int) -> tuple[str, int]:
    """The counter's key and the window's end (epoch seconds)."""
    start = int(now) - int(now) % window_seconds
    stamp = datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{endpoint}#{source_ip or 'unknown'}#{stamp}", start + window_seconds


def enforce(endpoint: str, source_ip: str, *, limit: int | None = None, window_seconds: int | None = None,
            now: float | None = None) -> int:
    """Counts one request; raises errors.TooManyRequests when the window's limit is used up.
    Returns the number of requests counted in this window so far."""
    current = settings()
    limit = limit or current.rate_limit_requests
    window_seconds = window_seconds or current.rate_limit_window_seconds
    key, window_end = window_key(endpoint, source_ip, time.time() if now is None else now, window_seconds)
    counter = RateLimit(key)
    try:
        counter.update(
            actions=[RateLimit.requests.add(1),
                     RateLimit.expires_at.set(datetime.fromtimestamp(window_end, timezone.utc) + timedelta(hours=1))],
            condition=RateLimit.requests.does_not_exist() | (RateLimit.requests < limit),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise errors.TooManyRequests(MESSAGE) from None
        raise
    return int(counter.requests)


def limit(endpoint: str, **options):
    """A Powertools route middleware that enforces the limit for `endpoint` before the route runs."""

    def middleware(app, next_middleware):
        enforce(endpoint, client_ip.source_ip(app.current_event), **options)
        return next_middleware(app)

    middleware.__name__ = f"rate_limit_{endpoint}"
    return middleware
