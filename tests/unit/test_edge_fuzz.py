"""Bad input never reaches a 5xx: every route of the in-process API (the template's, through the
local runner's payload-2.0 events) gets random JSON bodies, query strings and path parameters, and
hand-picked edges (the ends of the calendar, deep nesting, huge numbers, NaN, NUL). Any answer is
fine but a 5xx."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from datetime import date as date_type
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal import settings as settings_module

# Slow (`make check` leaves it out): property-based fuzzing of every route (hypothesis).
pytestmark = pytest.mark.slow

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


@pytest.fixture
def edge(api, monkeypatch):
    """The API with limits lifted: the fuzzer sends more than any visitor may."""
    for name in ("RATE_LIMIT_REQUESTS", "RATE_LIMIT_EMAIL_REQUESTS", "RATE_LIMIT_GLOBAL_REQUESTS"):
        monkeypatch.setenv(name, "100000000")
    settings_module.settings.cache_clear()
    api.deliver_outbox = False
    yield api
    monkeypatch.undo()
    settings_module.settings.cache_clear()


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


# ------------------------------------------------------------------ hand-picked edges


def booking(start: str, tz: str = "UTC", **extra) -> bytes:
    return json.dumps(
        {"name": "Ada", "email": "ada@example.com", "start": start, "timezone": tz, **extra}
    ).encode()


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
    made = send(edge, "POST", "/api/bookings", booking(_first_free(edge), "America/New_York"))
    assert made.status == 201, made.body
    query = dict(part.split("=", 1) for part in made.json()["manage_url"].split("?", 1)[1].split("&"))
    body = json.dumps({"token": query["token"], "start": start}).encode()
    answer = send(edge, "POST", f"/api/bookings/{made.json()['id']}/reschedule", body)
    assert answer.status in (400, 409, 422), answer.body


def _first_free(api) -> str:
    today = datetime.now(UTC).date()
    return api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}").json()["slots"][0][
        "start"
    ]


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

    from portal.models.intakes import Intake

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


# ------------------------------------------------------------------ the fuzzer


def _routes() -> list[tuple[str, str]]:
    from infra.local import template as tpl

    return sorted({(route.method, route.path) for route in tpl.routes()})


ROUTES = _routes()
EDGE_TEXT = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "UTC",
        "ada@example.com",
        "ADA@EXAMPLE.COM",
        "a@b",
        "0001-01-01",
        "9999-12-31",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:30:00-05:00",
        "2026-12-01T10:00:00Z",
        "2026-12-01T10:00:00",
        "professional-20",
        "calendar",
        "\ud800",
        "x" * 3000,
        *ZONES,
    ]
)
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**39), max_value=10**39),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    EDGE_TEXT,
    st.datetimes(
        timezones=st.sampled_from(
            [
                UTC,
                timezone(timedelta(hours=-23, minutes=-59)),
                timezone(timedelta(hours=23, minutes=59)),
            ]
        )
    ).map(datetime.isoformat),
)
JSON = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
DAY = st.dates().map(date_type.isoformat) | st.text(max_size=12) | EDGE_TEXT


def _availability_query():
    def pair(first, span):
        try:
            last = first + timedelta(days=span)
        except OverflowError:
            last = first
        return {"from": first.isoformat(), "to": last.isoformat()}

    today = date_type.today()
    near = st.dates(min_value=today - timedelta(days=70), max_value=today + timedelta(days=400))
    dates = st.builds(pair, near | st.dates(), st.integers(-3, 70))
    zones = st.sampled_from(ZONES[:6]) | st.sampled_from(ZONES) | st.text(max_size=20)
    return st.one_of(dates, dates, st.fixed_dictionaries({}, optional={"from": DAY, "to": DAY})).flatmap(
        lambda query: st.fixed_dictionaries({k: st.just(v) for k, v in query.items()}, optional={"tz": zones})
    )


def _mutated(base: dict):
    """`base` with any field kept, replaced by random JSON or an edge value, or left out, and
    sometimes a field more."""
    fields = {
        name: st.one_of(st.just(value), st.just(value), st.just(value), JSON, EDGE_TEXT)
        for name, value in base.items()
    }
    left_out = st.sampled_from([None, None, *base])
    return st.tuples(st.fixed_dictionaries(fields, optional={"unexpected": JSON}), left_out).map(
        lambda drawn: {k: v for k, v in drawn[0].items() if k != drawn[1]}
    )


def _bodies(path: str, ctx: dict):
    bases = {
        "/api/bookings": {
            "name": "Ada",
            "email": "ada@example.com",
            "start": ctx["slot"],
            "timezone": "America/New_York",
            "notes": "Hello",
        },
        "/api/intake": ctx["form"],
        "/api/bookings/{booking_id}/cancel": {"token": ctx["token"]},
        "/api/bookings/{booking_id}/reschedule": {"token": ctx["token"], "start": ctx["slot"]},
        "/api/checkout": {"tier": "no-such-tier", "email": "ada@example.com"},
        "/api/billing-portal": {"email": "ada@example.com", "website": ""},
    }
    shaped = _mutated(bases[path]) if path in bases else JSON
    return st.one_of(
        shaped.map(lambda v: json.dumps(v, allow_nan=True).encode()),
        JSON.map(lambda v: json.dumps(v, allow_nan=True).encode()),
        st.binary(max_size=64),
    )


def _request(method: str, path: str, ctx: dict):
    param = st.one_of(
        st.text(min_size=1, max_size=70).map(lambda text: quote(text, safe="")), st.just(ctx["id"])
    )
    if path == "/api/availability":
        query = _availability_query()
    elif path == "/api/bookings/{booking_id}":
        query = st.fixed_dictionaries({}, optional={"token": st.just(ctx["token"]) | st.text(max_size=200)})
    else:
        query = st.dictionaries(st.text(max_size=8), st.text(max_size=30), max_size=3)
    return st.tuples(query.map(urlencode), _bodies(path, ctx), param)


@pytest.fixture
def context(edge):
    from pathlib import Path

    made = send(edge, "POST", "/api/bookings", booking(_first_free(edge), "America/New_York")).json()
    query = dict(part.split("=", 1) for part in made["manage_url"].split("?", 1)[1].split("&"))
    form = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())
    return {"id": made["id"], "token": query["token"], "slot": _first_free(edge), "form": form}


@hypothesis_settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_request_reaches_a_5xx(edge, context, data):
    method, path = data.draw(st.sampled_from(ROUTES), label="route")
    query, body, param = data.draw(_request(method, path, context), label="request")
    target = path.replace("{proxy+}", f"fuzz/{param}")
    for name in ("booking_id", "session_id", "token"):
        target = target.replace("{" + name + "}", param)
    method = "POST" if method == "ANY" else method
    send(edge, method, target, body if method in ("POST", "PUT", "PATCH") else None, query)
