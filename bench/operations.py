"""The API operations the bench measures: DynamoDB round trips beside their floor, warm latency.

To measure a new endpoint, append an `Operation` to OPERATIONS:

    Operation("availability, 62 days", "GET", "/api/availability?days=62",
              floor=1, why="one Query on the bookings GSI, however many bookings exist",
              setup=seed_bookings)

`path`, `body` and `headers` are values or functions `(ctx, i) -> value`, where `i` counts the
requests of this operation (0 is the first, cold, request), so each request can book a new slot.
`body` is sent as JSON; a `headers` function is called after `body`, with its bytes in
`ctx.raw_body` (to sign a webhook). `setup(ctx)` runs once before the first request: seed data
there, `ctx.size` of it (`--size`), through `ctx.api` (the in-process API) or the pynamodb
models, and keep what later requests need in `ctx.state`; `ctx.stripe` is the local stack's
Stripe stand-in (to pay, renew, fail or cancel a retainer and get Stripe's events). `floor` is the
fewest DynamoDB round trips the operation could need; `expect` the HTTP status every request must
get (a different one stops the bench, so it never times an error page).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from bench import stripe_events
from infra.local.inprocess import InProcessApi


@dataclass
class Context:
    api: InProcessApi  # .get(path), .post(path, body), .request(method, path, body, headers, raw)
    size: int  # how much data setup() seeds (--size)
    stripe: Any = None  # the local stack's Stripe stand-in (infra.stripe_standin.StandIn)
    state: dict = field(default_factory=dict)
    raw_body: bytes = b""


Value = Any  # a value, or a function (ctx, i) -> value


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: Value
    body: Value = None
    floor: int = 0  # the fewest DynamoDB round trips this operation could need
    setup: Callable[[Context], None] | None = None
    headers: Value = None
    expect: int = 200
    why: str = ""  # what the floor is made of

    def request(self, ctx: Context, i: int) -> tuple[str, bytes, dict]:
        def value(v):
            return v(ctx, i) if callable(v) else v

        body = value(self.body)
        ctx.raw_body = json.dumps(body).encode() if body is not None else b""
        headers = dict(value(self.headers) or {})
        if body is not None:
            headers.setdefault("content-type", "application/json")
        return value(self.path), ctx.raw_body, headers


OPERATIONS: list[Operation] = [
    Operation("health", "GET", "/api/health", floor=0, why="answered from the bundled catalog"),
    Operation("catalog", "GET", "/api/catalog", floor=0, why="answered from the bundled catalog"),
    Operation(
        "OpenAPI document",
        "GET",
        "/api/openapi.json",
        floor=0,
        why="built from the handlers' schemas, cached per container",
    ),
]


# ------------------------------------------------------------------ booking


def _widen_booking_rules(ctx: Context) -> None:
    """The bench books hundreds of calls: open every hour of every day for a year, with no cap,
    so each request finds a free slot. The rules are checked exactly as in production."""
    if ctx.state.get("rules widened"):
        return
    _lift_rate_limit()
    from portal.bookings import service

    strict = service.rules()
    every_day = {
        day: ("00:00-23:45",)
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    }
    wide = strict.model_copy(
        update={
            "booking_window_days": 400,
            "daily_cap": 100,
            "minimum_notice_hours": 0,
            "working_hours": every_day,
            "blackout_dates": frozenset(),
        }
    )
    # Every booking module that imported rules() reads the widened ones (service, free, views...).
    import sys

    original = service.rules
    for name, module in list(sys.modules.items()):
        if name.startswith("portal.bookings") and getattr(module, "rules", None) is original:
            module.rules = lambda: wide
    ctx.state["rules widened"] = True


def _hour(offset_days: int, hours: int) -> str:
    from datetime import datetime, timedelta

    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=offset_days)
    return (base + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _booking(start: str, n: int) -> dict:
    return {
        "name": f"Bench Booker {n}",
        "email": f"bench{n}@example.com",
        "start": start,
        "timezone": "America/New_York",
    }


def seed_bookings(ctx: Context) -> None:
    """`ctx.size` confirmed bookings spread over the next 62 days, written straight to the table
    with their days' counters as the booking transaction writes them (the count and each call's
    entry: portal.bookings.day_spans), which is what availability reads. No slot locks: nothing
    here reads them, and the booking operation books months later."""
    from collections import defaultdict
    from datetime import datetime, timedelta

    from portal.bookings import day_spans, service, store
    from portal.models.bookings import CONFIRMED, Booking, DayCount

    current = service.rules()  # availability is measured under the practice's own rules
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    step = timedelta(minutes=62 * 24 * 60 // max(ctx.size, 1))
    days: dict[str, set[str]] = defaultdict(set)
    with Booking.batch_write() as batch:
        for n in range(ctx.size):
            start = now + timedelta(days=1) + n * step
            booking = Booking(
                f"bench{n:06d}",
                status=CONFIRMED,
                timezone="America/New_York",
                name=f"Seeded {n}",
                email=f"seed{n}@example.com",
                token_sha256="-",
                sequence=0,
                created_at=now,
                updated_at=now,
            )
            service._placed(booking, start, current.zone, current)
            batch.save(booking)
            days[store.day_key(current, start)].add(
                day_spans.entry(booking.id, booking.start_utc, booking.end_utc, 0)[1]
            )
    with DayCount.batch_write() as batch:
        for key, entries in days.items():
            batch.save(DayCount(key, bookings=len(entries), spans_even=entries))


def _cancel_setup(ctx: Context) -> None:
    _widen_booking_rules(ctx)
    made = []
    for n in range(ctx.state.get("iterations", 1) + 1):
        answer = ctx.api.post("/api/bookings", _booking(_hour(200, n * 2), 900_000 + n))
        if answer.status != 201:
            raise RuntimeError(f"cancel setup: booking answered {answer.status}: {answer.body[:300]!r}")
        created = answer.json()
        made.append((created["id"], created["manage_url"].split("token=")[1]))
    ctx.state["bookings"] = made


OPERATIONS += [
    Operation(
        "availability, 62 days",
        "GET",
        lambda ctx, i: (
            f"/api/availability?from={_hour(0, 0)[:10]}&to={_hour(61, 0)[:10]}&tz=Australia/Sydney"
        ),
        floor=1,
        setup=seed_bookings,
        why="one BatchGetItem of the days' counters, which list their calls' times (portal.bookings."
        "day_spans), however many bookings exist",
    ),
    Operation(
        "booking",
        "POST",
        "/api/bookings",
        expect=201,
        setup=_widen_booking_rules,
        body=lambda ctx, i: _booking(_hour(100, i * 2), i),
        floor=5,
        why="three UpdateItem (rate limits: the address, the endpoint's ceiling, the email) + one "
        "BatchGetItem (is the slot free under the rules: its days' counters) + one TransactWriteItems "
        "(booking, client, slot locks, day counter, and its emails and reminder as outbox items: "
        "nothing is sent inside the request)",
    ),
    Operation(
        "cancel",
        "POST",
        lambda ctx, i: f"/api/bookings/{ctx.state['bookings'][i][0]}/cancel",
        body=lambda ctx, i: {"token": ctx.state["bookings"][i][1]},
        setup=_cancel_setup,
        floor=4,
        why="two UpdateItem (rate limits: the address, the endpoint's ceiling) + one GetItem (the "
        "booking, to check the token) + one TransactWriteItems (status, locks freed, day counter)",
    ),
]


# ------------------------------------------------------------------ intake


def _lift_rate_limit() -> None:
    """Every bench request comes from one address: lift the limits (the counters still run)."""
    import os

    from portal.settings import settings

    for name in ("RATE_LIMIT_REQUESTS", "RATE_LIMIT_EMAIL_REQUESTS", "RATE_LIMIT_GLOBAL_REQUESTS"):
        os.environ[name] = "1000000"
    settings.cache_clear()


def _intake_setup(ctx: Context) -> None:
    from pathlib import Path

    _lift_rate_limit()
    ctx.state["intake"] = json.loads(
        (Path(__file__).parents[1] / "tests" / "events" / "intake.json").read_text()
    )


def _intake(ctx: Context, i: int) -> dict:
    import uuid

    return {**ctx.state["intake"], "submission_id": str(uuid.UUID(int=i + 1))}


OPERATIONS += [
    Operation(
        "intake",
        "POST",
        "/api/intake",
        expect=201,
        setup=_intake_setup,
        body=_intake,
        floor=4,
        why="three UpdateItem (rate limits: the address, the endpoint's ceiling, the email) + one "
        "TransactWriteItems (intake, client, its two emails)",
    ),
]


# ------------------------------------------------------------------ Stripe webhooks


_EVENT_ROUND_TRIPS = (
    "one GetItem (was this event id applied?) + one Query (the client of the Stripe customer, "
    "index by-stripe-customer) + one GetItem (the client, which the rules read) "
    "+ one TransactWriteItems (event marker, client"
)
OPERATIONS += [
    Operation(
        f"webhook: {kind}",
        "POST",
        "/api/stripe/webhook",
        setup=stripe_events.setup(kind),
        body=stripe_events.event,
        headers=stripe_events.signature,
        floor=4,
        why=_EVENT_ROUND_TRIPS + extra,
    )
    for kind, extra in (
        ("checkout.session.completed", ")"),
        (
            "invoice.paid",
            ", invoice); and one Stripe API call per container (the price's tier), not counted here",
        ),
        ("invoice.payment_failed", ", invoice)"),
        ("customer.subscription.updated", ")"),
        ("customer.subscription.deleted", ")"),
    )
]
