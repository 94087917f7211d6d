"""The client portal's operations for `make bench`: asking for a sign-in link, opening a session
with it, and the account page, each beside its floor of DynamoDB round trips."""
from __future__ import annotations

import secrets
import time

from bench.operations import Context, Operation, _lift_rate_limit

CLIENT = "bench.client@example.com"
ORIGIN = "http://127.0.0.1:8000"


def _client(ctx: Context) -> None:
    from datetime import datetime, timezone

    from portal.models.clients import Client

    _lift_rate_limit()
    now = datetime.now(timezone.utc)
    Client(CLIENT, name="Bench Client", tier="professional-20", hours_per_month=20, retainer_status="active",
           created_at=now, updated_at=now).save()


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
        AuthItem(AuthItem.token_key(links.digest(token)), kind="sign-in-token", email=CLIENT, role="client",
                 created_at=now, expires_at=now + service.TOKEN_SECONDS).save()
        tokens.append(token)
    ctx.state["tokens"] = tokens


def _session(ctx: Context) -> None:
    from portal.auth import service

    _tokens(ctx)
    _, cookie_id, _ = service.open_session(ctx.state["tokens"].pop())
    ctx.state["cookie"] = cookie_id


OPERATIONS = [
    Operation("sign-in link", "POST", "/api/auth/link", expect=202, setup=_client,
              body={"email": CLIENT}, floor=5,
              why="four UpdateItem (per-address and per-email limits, each with its endpoint's ceiling) + one "
                  "TransactWriteItems (the outbox message); the same work for a known and an unknown address"),
    Operation("sign in with the link", "POST", "/api/auth/session", setup=_tokens,
              body=lambda ctx, i: {"token": ctx.state["tokens"][i]}, floor=3,
              why="GetItem + conditional DeleteItem of the token (single use), PutItem of the session; "
                  "+1 above floor: the client record is read for the role"),
    Operation("account page", "GET", "/api/me/account", setup=_session,
              headers=lambda ctx, i: {"cookie": f"va_session={ctx.state['cookie']}", "origin": ORIGIN}, floor=5,
              why="GetItem (session) + GetItem (client) + one Query each on the bookings, intakes and "
                  "invoices by-email indexes"),
]
