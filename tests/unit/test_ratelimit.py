"""Limits that hold: an IPv6 visitor counts by its /64, one email address by its hash, every address
together under a ceiling per endpoint; and the HTTP API's own throttles (shared by everyone) leave
that work to them."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

import pytest

from infra.local import template as tpl
from portal import client_ip, errors, ratelimit
from portal import settings as settings_module

NOW = 1_800_000_000  # a window boundary for 600 s windows
TODAY = date.today()


@pytest.fixture
def limits(monkeypatch):
    """Sets limits through the environment, as template.yaml would."""

    def apply(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, str(value))
        settings_module.settings.cache_clear()

    yield apply
    monkeypatch.undo()
    settings_module.settings.cache_clear()


def counter_keys() -> list[str]:
    from portal.models.ratelimits import RateLimit

    return [item.key for item in RateLimit.scan()]


@pytest.mark.parametrize(
    "address, counted",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:0:0:0:9", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4 visitor written the IPv6 way is that IPv4 visitor
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "not an address"),
    ],
)
def test_an_ipv6_visitor_counts_by_its_64(address, counted):
    assert client_ip.network(address) == counted


def test_every_address_of_one_64_shares_one_counter(aws):
    for address in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:fffe"):
        ratelimit.enforce("intake", address, limit=3, window_seconds=600, now=NOW)
    with pytest.raises(errors.TooManyRequests):
        ratelimit.enforce("intake", "2001:db8:1:2:abcd::1", limit=3, window_seconds=600, now=NOW)
    assert ratelimit.enforce("intake", "2001:db8:1:3::1", limit=3, window_seconds=600, now=NOW) == 1


def booking(email: str, start: str) -> bytes:
    return json.dumps(
        {"name": "Maya", "email": email, "start": start, "timezone": "America/New_York"}
    ).encode()


def post(api, path: str, body: bytes, ip: str):
    return api.runner.invoke("POST", path, [("content-type", "application/json")], body, source_ip=ip)


def test_ipv6_visitors_through_the_api_count_by_their_64(api, limits):
    limits(RATE_LIMIT_REQUESTS=2)
    start = api.get(f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=30)}").json()["slots"][0][
        "start"
    ]
    statuses = [
        post(api, "/api/bookings", booking(f"p{n}@example.com", start), f"2001:db8:7:7::{n + 1}").status
        for n in range(3)
    ]
    assert statuses == [201, 409, 429]  # the second found the slot taken; the third is over the /64's limit
    assert post(api, "/api/bookings", booking("q@example.com", start), "2001:db8:7:8::1").status == 409


def test_one_email_is_limited_whatever_the_address(api, limits):
    limits(RATE_LIMIT_EMAIL_REQUESTS=3)
    start = api.get(f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=30)}").json()["slots"][0][
        "start"
    ]
    spellings = ["maya@example.com", "MAYA@example.com", " Maya@Example.COM", "maya@EXAMPLE.com"]
    statuses = [
        post(api, "/api/bookings", booking(email, start), f"198.51.100.{n}").status
        for n, email in enumerate(spellings)
    ]
    assert statuses == [201, 409, 409, 429]
    blocked = post(api, "/api/bookings", booking("maya@example.com", start), "198.51.100.99")
    assert blocked.status == 429 and "email" in json.loads(blocked.body)["message"]
    assert post(api, "/api/bookings", booking("other@example.com", start), "198.51.100.98").status == 409
    digest = hashlib.sha256(b"maya@example.com").hexdigest()
    keys = counter_keys()
    assert any(digest in key for key in keys)
    assert not [key for key in keys if "maya" in key.lower() or "example" in key.lower()]


def intake_form(email: str, n: int) -> bytes:
    from pathlib import Path

    form = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())
    return json.dumps({**form, "email": email, "submission_id": f"00000000-0000-4000-8000-{n:012d}"}).encode()


def test_intake_is_limited_per_email(api, limits):
    limits(RATE_LIMIT_EMAIL_REQUESTS=2)
    statuses = [
        post(api, "/api/intake", intake_form("Maya@example.com", n), f"192.0.2.{n}").status for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert post(api, "/api/intake", intake_form("grace@example.com", 9), "192.0.2.50").status == 201


def test_enforce_email_is_a_helper_for_any_endpoint(aws):
    assert ratelimit.enforce_email("sign-in", "Ada@Example.com", limit=2, window_seconds=3600, now=NOW) == 1
    assert ratelimit.enforce_email("sign-in", "ada@example.com ", limit=2, window_seconds=3600, now=NOW) == 2
    with pytest.raises(errors.TooManyRequests):
        ratelimit.enforce_email("sign-in", "ADA@EXAMPLE.COM", limit=2, window_seconds=3600, now=NOW)
    assert (
        ratelimit.enforce_email("billing-portal", "ada@example.com", limit=2, window_seconds=3600, now=NOW)
        == 1
    )
    assert not [key for key in counter_keys() if "ada" in key.lower()]


@pytest.mark.slow  # fills the ceiling request by request
def test_a_ceiling_holds_for_all_addresses_together(api, limits):
    limits(RATE_LIMIT_GLOBAL_REQUESTS=3)
    statuses = [
        post(api, "/api/intake", intake_form(f"p{n}@example.com", n), f"203.0.113.{n}").status
        for n in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    # Per endpoint: bookings still take requests.
    start = api.get(f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=30)}").json()["slots"][0][
        "start"
    ]
    assert post(api, "/api/bookings", booking("x@example.com", start), "203.0.113.200").status == 201


def test_global_ceiling_defaults_and_window_come_from_settings(limits):
    current = settings_module.settings()
    assert current.rate_limit_global_requests == 300 and current.rate_limit_global_window_seconds == 600
    limits(
        RATE_LIMIT_GLOBAL_REQUESTS=1000,
        RATE_LIMIT_GLOBAL_WINDOW_SECONDS=60,
        RATE_LIMIT_EMAIL_REQUESTS=4,
        RATE_LIMIT_EMAIL_WINDOW_SECONDS=7200,
    )
    current = settings_module.settings()
    assert (current.rate_limit_global_requests, current.rate_limit_global_window_seconds) == (1000, 60)
    assert (current.rate_limit_email_requests, current.rate_limit_email_window_seconds) == (4, 7200)


def test_http_api_throttles_leave_the_work_to_the_per_address_limits():
    """API Gateway's throttles are one bucket for every visitor: a route throttled tighter than the
    rest (intake at 2 a second) is closed to everyone as soon as one host sends 3. So no route is
    tighter than the default, and the default is a capacity ceiling far above real traffic."""
    api = tpl.resources()["HttpApi"]["Properties"]
    default = api["DefaultRouteSettings"]
    assert default["ThrottlingRateLimit"] >= 50 and default["ThrottlingBurstLimit"] >= 100
    for route, values in (api.get("RouteSettings") or {}).items():
        assert (
            values.get("ThrottlingRateLimit", default["ThrottlingRateLimit"])
            >= default["ThrottlingRateLimit"]
        ), route
        assert (
            values.get("ThrottlingBurstLimit", default["ThrottlingBurstLimit"])
            >= default["ThrottlingBurstLimit"]
        ), route
