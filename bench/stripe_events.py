"""What the bench's Stripe webhook operations send (bench/operations.py lists them): for each event
type, a paid retainer of its own and the event the stand-in sent for it, re-sent under a new id
with a fresh signature on every timed request."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.operations import Context


def setup(kind: str) -> Callable[[Context], None]:
    """A paid retainer of its own for each event type, made as a person makes one (POST
    /api/checkout, then the stand-in's payment, its events delivered to the stack), and the event
    of `kind` that the stand-in then sends, kept as the template every request re-sends under a new
    id. The signing secret is the one the local stack put in its SSM for the function."""

    def prepare(ctx: Context) -> None:
        import os

        import boto3

        from bench.operations import _lift_rate_limit

        if ctx.stripe is None:
            raise RuntimeError(
                "the webhook operations need the offline Stripe stand-in: unset STRIPE_SECRET_KEY"
            )
        _lift_rate_limit()
        ssm = boto3.client("ssm")
        ctx.state["secret"] = (
            ssm.get_parameter(Name=os.environ["STRIPE_WEBHOOK_SECRET_PARAM"], WithDecryption=True)[
                "Parameter"
            ]["Value"]
            .split(",")[0]
            .strip()
        )
        started = ctx.api.post(
            "/api/checkout", {"tier": "essentials-10", "email": f"bench-{kind}@example.com"}
        )
        if started.status != 200:
            raise RuntimeError(f"webhook setup: checkout answered {started.status}: {started.body[:300]!r}")
        standin = ctx.stripe
        events = _applied(standin, standin.pay(started.json()["session_id"]))
        subscription = events[-1]["data"]["object"]["id"]
        if kind == "invoice.payment_failed":
            events = _applied(standin, standin.fail(subscription))
        elif kind == "customer.subscription.updated":
            events = _applied(standin, standin.renew(subscription))
        elif kind == "customer.subscription.deleted":
            standin.cancel(subscription)
            events = _applied(standin, standin.events[-1:])
        ctx.state["event"] = next(e for e in events if e["type"] == kind)

    return prepare


def _applied(standin, events: list[dict], timeout: float = 60) -> list[dict]:
    """Waits until the stand-in delivered `events` (in the background, as Stripe does) and the
    stack answered 200 to each, so no setup request overlaps a timed one."""
    import time

    ids, deadline = {e["id"] for e in events}, time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = {d["event"]: d["status"] for d in list(standin.deliveries) if d["event"] in ids}
        if len(done) == len(ids):
            if set(done.values()) != {200}:
                raise RuntimeError(f"webhook setup: a delivery was answered {done}")
            return events
        time.sleep(0.05)
    raise RuntimeError("webhook setup: the stand-in's events were not delivered in time")


def event(ctx: Context, i: int) -> dict:
    """The template event under a new id, created now (as a new event of that type would be)."""
    import time
    import uuid

    return {
        **json.loads(json.dumps(ctx.state["event"])),
        "id": f"evt_bench{uuid.uuid4().hex[:20]}",
        "created": int(time.time()),
    }


def signature(ctx: Context, i: int) -> dict:
    import stripe

    return {
        "stripe-signature": stripe.WebhookSignature.generate_signature_header(
            ctx.raw_body.decode(), ctx.state["secret"]
        )
    }
