"""The API called in-process, as a client would call it over HTTP (the tests and the bench): each
request goes through the template's route table (runner.LocalApi) as a payload-2.0 event, and the
outbox is delivered after it as its stream would."""

from __future__ import annotations

import json
from dataclasses import dataclass

from infra.local.runner import LocalApi


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class InProcessApi:
    """Calls the template's routes in-process with real payload-2.0 events (tests, the bench).
    After each request the outbox is delivered as its stream would (deliver_outbox=False leaves it
    to the caller: `self.outbox.stream_once()`)."""

    def __init__(self, runner: LocalApi | None = None, deliver_outbox: bool = True):
        from infra.local.outbox import OutboxPump

        self.runner = runner or LocalApi()
        self.outbox = OutboxPump(self.runner)
        self.deliver_outbox = deliver_outbox

    def request(
        self, method: str, target: str, body=None, headers: dict | None = None, raw: bytes | None = None
    ) -> Answer:
        headers = dict(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        if body is not None:
            headers.setdefault("content-type", "application/json")
        response = self.runner.invoke(method, target, list(headers.items()), data)
        if self.deliver_outbox:
            self.outbox.stream_once()
        return Answer(response.status, dict(response.headers), response.body)

    def get(self, target: str, **kwargs) -> Answer:
        return self.request("GET", target, **kwargs)

    def post(self, target: str, body=None, **kwargs) -> Answer:
        return self.request("POST", target, body, **kwargs)
