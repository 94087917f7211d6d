"""The client portal's operations for `make bench`: asking for a sign-in link, opening a session
with it, and the account page, each beside its floor of DynamoDB round trips."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime

from bench.operations import Context, Operation, _lift_rate_limit

CLIENT = "bench.client@example.com"
ORIGIN = "http://127.0.0.1:8000"


def _origin() -> str:
    """The site's own origin, as a browser on the stack's pages sends it."""
    from portal.settings import settings

    return settings().site_origin


def _client(ctx: Context) -> None:
    from datetime import datetime

    from portal.models.clients import Client

    _lift_rate_limit()
    now = datetime.now(UTC)
    Client(
        CLIENT,
        name="Bench Client",
        tier="professional-20",
        hours_per_month=20,
        retainer_status="active",
        created_at=now,
        updated_at=now,
    ).save()


def _tokens(ctx: Context) -> None:
    """One unused sign-in token per request, stored as the outbox would store it."""
    from portal import links
    from portal.auth import service
    from portal.models.auth import AuthItem

    _client(ctx)
    now = int(time.time())
    tokens = []
    for _ in range(ctx.state["iterations"] + 2):
        token = links.token(service.PURPOSE, secrets.token_hex(16))
        AuthItem(
            AuthItem.token_key(links.digest(token)),
            kind="sign-in-token",
            email=CLIENT,
            role="client",
            created_at=now,
            expires_at=datetime.fromtimestamp(now + service.TOKEN_SECONDS, UTC),
        ).save()
        tokens.append(token)
    ctx.state["tokens"] = tokens


def _session(ctx: Context) -> None:
    from portal.auth import service

    _tokens(ctx)
    _, cookie_id, _ = service.open_session(ctx.state["tokens"].pop())
    ctx.state["cookie"] = cookie_id


OPERATIONS = [
    Operation(
        "sign-in link",
        "POST",
        "/api/auth/link",
        expect=202,
        setup=_client,
        # An address per request: the per-email limit (5 links in 15 minutes) would stop one address.
        body=lambda ctx, i: {"email": f"bench.client+{i}@example.com"},
        floor=4,
        why="three UpdateItem (per-address, every-address ceiling and per-email limits) + one "
        "TransactWriteItems (the outbox message); the same work for a known and an unknown address",
    ),
    Operation(
        "sign in with the link",
        "POST",
        "/api/auth/session",
        setup=_tokens,
        body=lambda ctx, i: {"token": ctx.state["tokens"][i]},
        floor=3,
        why="GetItem + conditional DeleteItem of the token (single use), PutItem of the session; "
        "+1 above floor: the client record is read for the role",
    ),
    Operation(
        "account page",
        "GET",
        "/api/me/account",
        setup=_session,
        headers=lambda ctx, i: {"cookie": f"va_session={ctx.state['cookie']}", "origin": _origin()},
        floor=5,
        why="GetItem (session) + GetItem (client) + one Query each on the bookings, intakes and "
        "invoices by-email indexes",
    ),
]


# ------------------------------------------------------------------ the hours ledger


def _retainer_session(ctx: Context) -> None:
    """A retainer client with a current period, and the assistant's session."""
    from datetime import datetime, timedelta

    from portal.models.clients import Client
    from portal.settings import settings

    _lift_rate_limit()
    now = datetime.now(UTC)
    Client(
        CLIENT,
        name="Bench Client",
        tier="executive-40",
        hours_per_month=40,
        retainer_status="active",
        created_at=now,
        updated_at=now,
        current_period_start=now - timedelta(days=1),
        current_period_end=now + timedelta(days=29),
    ).save()
    ctx.state["assistant"] = _cookie(ctx, settings().assistant_email, "assistant")
    ctx.state["client"] = _cookie(ctx, CLIENT, "client")


def _cookie(ctx: Context, email: str, role: str) -> str:
    from portal import links
    from portal.auth import service
    from portal.models.auth import AuthItem

    token = links.token(service.PURPOSE, secrets.token_hex(16))
    now = int(time.time())
    AuthItem(
        AuthItem.token_key(links.digest(token)),
        kind="sign-in-token",
        email=email,
        role=role,
        created_at=now,
        expires_at=datetime.fromtimestamp(now + service.TOKEN_SECONDS, UTC),
    ).save()
    return service.open_session(token)[1]


def _entry(ctx: Context, i: int) -> dict:
    from datetime import datetime

    return {
        "client_email": CLIENT,
        "date": datetime.now(UTC).date().isoformat(),
        "minutes": 15,
        "service": "email",
        "description": f"Bench entry {i}",
    }


def _as(who: str):
    return lambda ctx, i: {
        "cookie": f"va_session={ctx.state[who]}",
        "origin": _origin(),
        **({"idempotency-key": f"bench-{i}-{secrets.token_hex(4)}"} if who == "assistant" else {}),
    }


def _meter_setup(ctx: Context) -> None:
    _retainer_session(ctx)
    for i in range(ctx.size):  # the period's entries the meter lists
        answer = ctx.api.post("/api/practice/time-entries", _entry(ctx, i), headers=_as("assistant")(ctx, i))
        assert answer.status == 201, answer.body


OPERATIONS += [
    Operation(
        "log time",
        "POST",
        "/api/practice/time-entries",
        expect=201,
        setup=_retainer_session,
        body=_entry,
        headers=_as("assistant"),
        floor=3,
        why="GetItem (session) + GetItem (client: its period and plan) + one TransactWriteItems (entry, "
        "period totals and alerts, audit); +1 above floor: the Period is read for its version and totals",
    ),
    Operation(
        "hours meter",
        "GET",
        "/api/me/hours",
        setup=_meter_setup,
        headers=_as("client"),
        floor=4,
        why="GetItem (session) + GetItem (client) + GetItem (the period's totals) + Query (its entries); "
        "+1 above floor: a Query of the closed periods' statements",
    ),
]
