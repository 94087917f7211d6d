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


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class InProcess:
    """The template's routes called in-process with real payload-2.0 events (infra.local.runner)."""

    def __init__(self, runner):
        self.runner = runner

    def request(self, method: str, target: str, body=None, headers: dict | None = None,
                raw: bytes | None = None) -> Answer:
        headers = dict(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        if data:
            headers.setdefault("content-type", "application/json")
        response = self.runner.invoke(method, target, list(headers.items()), data)
        return Answer(response.status, dict(response.headers), response.body)

    def get(self, target: str, **kwargs) -> Answer:
        return self.request("GET", target, **kwargs)

    def post(self, target: str, body=None, **kwargs) -> Answer:
        return self.request("POST", target, body, **kwargs)


@dataclass
class Context:
    api: InProcess
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
        return value(self.path), ctx.raw_body, dict(value(self.headers) or {})


OPERATIONS: list[Operation] = [
    Operation("health", "GET", "/api/health", floor=0, why="answered from the bundled catalog"),
    Operation("catalog", "GET", "/api/catalog", floor=0, why="answered from the bundled catalog"),
    Operation("OpenAPI document", "GET", "/api/openapi.json", floor=0,
              why="built from the handlers' schemas, cached per container"),
]
