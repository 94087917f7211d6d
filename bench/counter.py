"""Counts DynamoDB round trips (HTTP requests, retries included) made by any botocore client.

boto3 (portal.aws.client) and pynamodb (its Connection) both create their clients with
`botocore.session.Session.create_client`; while installed, every client created that way gets a
`before-send.dynamodb` handler on its own event system. `before-send` fires once per HTTP attempt,
so a retried call counts twice, as DynamoDB would bill and as the latency would show. Install it
before the code under test creates its clients (the bench installs it before any handler runs).

It also times each attempt in flight: from `before-send` to `before-parse` (the response's body
read, not yet parsed), the time DynamoDB (Local) and the loopback take for the very requests an
operation makes, whatever their size: its latency floor if our code, botocore's included, took none.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import botocore.session

_original_create_client = botocore.session.Session.create_client
_lock = threading.Lock()
_calls: list[str] = []  # operation names, in order, since the process installed the counter
_flight: list[float] = []  # seconds each attempt was in flight, in the same order
_sent = threading.local()  # when this thread's current attempt went out
_installed = False


def _on_send(request=None, **kwargs) -> None:
    # event name: before-send.dynamodb.<Operation>; returning None lets the request go out.
    name = kwargs.get("event_name", "").rsplit(".", 1)[-1]
    with _lock:
        _calls.append(name)
    _sent.at = time.perf_counter()


def _on_answer(**kwargs) -> None:
    at = getattr(_sent, "at", None)
    if at is not None:
        _sent.at = None
        with _lock:
            _flight.append(time.perf_counter() - at)


def _create_client(self, service_name, *args, **kwargs):
    client = _original_create_client(self, service_name, *args, **kwargs)
    if client.meta.service_model.service_name == "dynamodb":
        # First: a before-send handler that answers without sending (a stub) stops the handlers after it.
        client.meta.events.register_first("before-send.dynamodb", _on_send, unique_id="bench-counter")
        client.meta.events.register_first("before-parse.dynamodb", _on_answer, unique_id="bench-flight")
    return client


def install() -> None:
    """Counts from now on, for clients created from now on. Idempotent."""
    global _installed
    if not _installed:
        botocore.session.Session.create_client = _create_client
        _installed = True


def uninstall() -> None:
    global _installed
    botocore.session.Session.create_client = _original_create_client
    _installed = False


class Count:
    """`with Count() as c: ...` then `c.total` and `c.operations` (e.g. {'Query': 1})."""

    def __enter__(self) -> Count:
        install()
        with _lock:
            self._start, self._flight_start = len(_calls), len(_flight)
        return self

    def __exit__(self, *exc) -> None:
        with _lock:
            self.calls = list(_calls[self._start :])
            self.in_flight = sum(_flight[self._flight_start :])

    @property
    def total(self) -> int:
        return len(self.calls)

    @property
    def operations(self) -> dict[str, int]:
        return dict(Counter(self.calls))

    def describe(self) -> str:
        if not self.calls:
            return "0"
        return (
            f"{self.total} ("
            + ", ".join(f"{n}×{op}" if n > 1 else op for op, n in self.operations.items())
            + ")"
        )
