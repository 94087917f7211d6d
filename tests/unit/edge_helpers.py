"""What the edge tests send (test_edge_cases.py, test_edge_fuzz.py; the `edge` API, limits lifted, is
a fixture in tests/unit/conftest.py): time zones real and hostile, a booking, the first free slot,
and a request that must not be answered with a 5xx."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

ZONES = [
    "UTC",
    "America/New_York",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Australia/Lord_Howe",
    "Nowhere/Land",
    "../../etc/passwd",
    "",
    " UTC",
    "UTC\x00",
    "\x00",
]


def send(
    api, method: str, path: str, body: bytes | None = None, query: str = "", headers: dict | None = None
):
    target = path + (f"?{query}" if query else "")
    headers = (
        {"content-type": "application/json", **(headers or {})} if body is not None else dict(headers or {})
    )
    answer = api.request(method, target, raw=body or b"", headers=headers)
    assert answer.status < 500, (method, target, (body or b"")[:300], answer.status, answer.body[:300])
    return answer


def booking(start: str, tz: str = "UTC", **extra) -> bytes:
    return json.dumps(
        {"name": "Ada", "email": "ada@example.com", "start": start, "timezone": tz, **extra}
    ).encode()


def first_free(api) -> str:
    today = datetime.now(UTC).date()
    return api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}").json()["slots"][0][
        "start"
    ]
