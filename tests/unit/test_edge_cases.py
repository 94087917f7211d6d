"""Bad input never reaches a 5xx, hand-picked: the ends of the calendar, hostile bodies (deep
nesting, huge numbers, NaN, NUL) on every route with a body, an intake with numbers out of range
(the fuzzer: test_edge_fuzz.py)."""

from __future__ import annotations

import json

import pytest

from tests.unit.edge_helpers import booking, first_free, send

# ------------------------------------------------------------------ hand-picked edges


CALENDAR_ENDS = [
    "from=0001-01-01&to=9999-12-31",
    "from=9999-12-31&to=9999-12-31",
    "from=0001-01-01&to=0001-01-01",
    "from=9999-12-01&to=9999-12-31&tz=Pacific/Kiritimati",
    "from=9999-12-31&to=9999-12-31&tz=Etc/GMT%2B12",
    "from=0001-01-01&to=0001-01-02&tz=Pacific/Kiritimati",
    "from=0001-01-01&to=0001-01-01&tz=Etc/GMT-14",
    "from=9999-12-31&to=0001-01-01",
    "from=10000-01-01&to=10000-01-02",
    "from=0000-12-31&to=0001-01-01",
    "from=2026-02-29&to=2026-03-01",
    "from=2026-12-01&to=2026-12-01&tz=UTC%00",
    "from=%00&to=%00",
    "from=2026-12-01&to=2026-12-01&tz=" + "A" * 5000,
]


@pytest.mark.parametrize("query", CALENDAR_ENDS)
def test_availability_at_the_ends_of_the_calendar(edge, query):
    answer = send(edge, "GET", "/api/availability", query=query)
    assert answer.status in (200, 422), answer.body


STARTS = [
    "9999-12-31T23:30:00-05:00",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T20:00:00+00:00",
    "9999-12-31T23:59:59.999999+00:00",
    "0001-01-01T00:00:00+05:00",
    "0001-01-01T00:00:00+23:59",
    "0001-01-01T00:00:00Z",
    "0001-01-01T23:00:00-01:00",
    "2026-12-01T10:00:00+24:00",
    "2026-13-01T10:00:00Z",
    "2026-12-01T10:00:00\x00Z",
]


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("tz", ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_booking_starts_at_the_ends_of_the_calendar(edge, start, tz):
    answer = send(edge, "POST", "/api/bookings", booking(start, tz))
    assert answer.status in (400, 409, 422), answer.body


@pytest.mark.parametrize("start", STARTS)
def test_reschedule_to_the_ends_of_the_calendar(edge, start):
    made = send(edge, "POST", "/api/bookings", booking(first_free(edge), "America/New_York"))
    assert made.status == 201, made.body
    query = dict(part.split("=", 1) for part in made.json()["manage_url"].split("?", 1)[1].split("&"))
    body = json.dumps({"token": query["token"], "start": start}).encode()
    answer = send(edge, "POST", f"/api/bookings/{made.json()['id']}/reschedule", body)
    assert answer.status in (400, 409, 422), answer.body


HOSTILE_BODIES = [
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,  # deeper than any parser's recursion
    b"[" * 200_000 + b"]" * 200_000,
    b'{"a":' * 200 + b"1" + b"}" * 200,  # deep, but within the recursion limit
    b"1" * 5000,  # an integer too long to convert
    b'{"name": ' + b"9" * 5000 + b"}",
    b'{"hours_per_month": 1' + b"0" * 400 + b"}",
    b'{"name": 1e999}',
    b'{"name": -1e999}',
    b"NaN",
    b'{"name": NaN}',
    b'{"name": Infinity}',
    b"-Infinity",
    b'{"name": "\\u0000"}',
    b'{"token": "a\\u0000b"}',
    b'"\\ud800"',
    b'{"\\ud800": 1}',
    b"\x00",
    b'{"email": "a\\u0000@example.com", "name": "A", "start": "2026-12-01T10:00:00Z", "timezone": "UTC"}',
    b"",
    b"{}",
    b"[]",
    b"null",
    b"{",
    b'{"a": 1,}',
    b"\xff\xfe",
]
BODY_ROUTES = [
    "/api/bookings",
    "/api/intake",
    "/api/bookings/abc/cancel",
    "/api/bookings/abc/reschedule",
    "/api/checkout",
    "/api/billing-portal",
    "/api/stripe/webhook",
]


@pytest.mark.parametrize("path", BODY_ROUTES)
def test_hostile_bodies_are_4xx(edge, path):
    for body in HOSTILE_BODIES:
        answer = send(edge, "POST", path, body)
        assert 400 <= answer.status < 500, (body[:60], answer.status, answer.body[:200])


def test_an_intake_with_numbers_out_of_range_or_nul_is_refused_and_stores_nothing(edge):
    from pathlib import Path

    from portal.models.intake import Intake

    form = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())
    for field, value in (
        ("hours_per_month", 10**30),
        ("hours_per_month", -1),
        ("hours_per_month", 1e308),
        ("delegation", {**form["delegation"], "spending_limit": 10**35}),
        ("delegation", {**form["delegation"], "spending_limit": -5}),
    ):
        answer = send(edge, "POST", "/api/intake", json.dumps({**form, field: value}).encode())
        assert answer.status == 422, (field, answer.body[:300])
    for field, value in (
        ("submission_id", "\x00"),
        ("name", "\x00" * 10),
        ("timezone", "UTC\x00"),
        ("notes", "fine\x00"),
        ("tools", {**form["tools"], "crm\x00": "x"}),
    ):
        answer = send(edge, "POST", "/api/intake", json.dumps({**form, field: value}).encode())
        assert answer.status == 400 and "NUL" in answer.json()["message"], (field, answer.body[:300])
    assert list(Intake.scan()) == []
