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
models, and keep what later requests need in `ctx.state`. `floor` is the fewest DynamoDB round
trips the operation could need; `expect` the HTTP status every request must get (a different one
stops the bench, so it never times an error page).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from infra.local.runner import InProcessApi


@dataclass
class Context:
    api: InProcessApi  # .get(path), .post(path, body), .request(method, path, body, headers, raw)
    size: int  # how much data setup() seeds (--size)
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
    Operation("OpenAPI document", "GET", "/api/openapi.json", floor=0,
              why="built from the handlers' schemas, cached per container"),
]
