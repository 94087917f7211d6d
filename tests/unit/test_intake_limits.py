"""POST /api/intake's rate limits: per source address, per endpoint and window, a plain 429."""

import json

import pytest

from portal import ratelimit
from portal import settings as settings_module
from tests.unit.intake_helpers import URL, form, intakes


@pytest.fixture
def limit_of_two(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_REQUESTS", "2")
    settings_module.settings.cache_clear()
    yield
    monkeypatch.undo()
    settings_module.settings.cache_clear()


def _from(api, ip: str, body: dict):
    return api.runner.invoke(
        "POST", URL, [("content-type", "application/json")], json.dumps(body).encode(), source_ip=ip
    )


def test_rate_limit_per_source_ip_is_a_plain_429(api, sent_mail, limit_of_two):
    statuses = [_from(api, "203.0.113.7", form()).status for _ in range(3)]
    assert statuses == [201, 201, 429]
    blocked = _from(api, "203.0.113.7", form())
    assert blocked.status == 429 and json.loads(blocked.body) == {"message": ratelimit.MESSAGE["en"]}
    assert _from(api, "198.51.100.1", form()).status == 201  # another address is not affected
    api.outbox.stream_once()
    assert len(intakes()) == 3 and len(sent_mail()) == 6


def test_rate_limit_counts_per_endpoint_and_window(aws):
    from portal import errors
    from portal.models.ratelimits import RateLimit

    now = 1_800_000_000  # a window boundary for 600 s windows
    assert [
        ratelimit.enforce("intake", "192.0.2.1", limit=2, window_seconds=600, now=now + i) for i in (0, 1)
    ] == [1, 2]
    with pytest.raises(errors.TooManyRequests):
        ratelimit.enforce("intake", "192.0.2.1", limit=2, window_seconds=600, now=now + 599)
    assert ratelimit.enforce("booking", "192.0.2.1", limit=2, window_seconds=600, now=now + 2) == 1
    assert ratelimit.enforce("intake", "192.0.2.1", limit=2, window_seconds=600, now=now + 600) == 1
    counter = RateLimit.get("intake#192.0.2.1#2027-01-15T08:00:00Z")
    assert counter.requests == 2
    assert counter.expires_at.timestamp() == now + 600 + 3600  # TTL: an hour after the window
