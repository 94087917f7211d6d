"""Bad input never reaches a 5xx: every route of the in-process API (the template's, through the
local runner's payload-2.0 events) gets random JSON bodies, query strings and path parameters, and
hand-picked edges (test_edge_cases.py). Any answer is fine but a 5xx."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from datetime import date as date_type
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.unit.edge_helpers import ZONES, booking, first_free, send

# Slow (`make check` leaves it out): property-based fuzzing of every route (hypothesis).
pytestmark = pytest.mark.slow

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

    made = send(edge, "POST", "/api/bookings", booking(first_free(edge), "America/New_York")).json()
    query = dict(part.split("=", 1) for part in made["manage_url"].split("?", 1)[1].split("&"))
    form = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())
    return {"id": made["id"], "token": query["token"], "slot": first_free(edge), "form": form}


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
