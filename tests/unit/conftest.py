"""Unit fixtures shared by billing and the least-privilege tests: the offline Stripe stand-in on
loopback, its secrets in moto's SSM, and the catalog synced into it, so the code under test runs its
real path (SSM -> StripeClient -> HTTP)."""

from __future__ import annotations

import json
import os

import pytest

from infra.stripe_standin import StandIn


def pytest_collection_modifyitems(items):
    """A test that needs the built site (an MkDocs build) is slow: `make check` leaves it out."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def standin():
    server = StandIn(deliver_async=False).start()
    yield server
    server.stop()


@pytest.fixture
def billing(aws, standin, monkeypatch):
    """moto (tables, SES, SSM with the Stripe secrets) + the stand-in with the catalog's prices."""
    import boto3

    from portal import settings as settings_module
    from portal.billing import stripe_client, sync

    ssm = boto3.client("ssm")
    ssm.put_parameter(Name=os.environ["STRIPE_SECRET_KEY_PARAM"], Value=standin.api_key, Type="SecureString")
    ssm.put_parameter(
        Name=os.environ["STRIPE_WEBHOOK_SECRET_PARAM"], Value=standin.webhook_secret, Type="SecureString"
    )
    monkeypatch.setenv("STRIPE_API_BASE", standin.url)
    settings_module.settings.cache_clear()
    stripe_client.reset()
    sync.sync(stripe_client.client())
    yield standin
    monkeypatch.undo()
    settings_module.settings.cache_clear()
    stripe_client.reset()


class Deliver:
    """Delivers stand-in events to the webhook route in-process, signed like Stripe signs them."""

    def __init__(self, api, standin):
        self.api, self.standin = api, standin

    def __call__(self, event: dict, signature: str | None = None, **kwargs):
        payload = json.dumps(event)
        header = signature if signature is not None else self.standin.sign(payload, **kwargs)
        headers = {"content-type": "application/json; charset=utf-8"}
        if header:
            headers["stripe-signature"] = header
        return self.api.post("/api/stripe/webhook", raw=payload.encode(), headers=headers)


@pytest.fixture
def deliver(api, billing):
    return Deliver(api, billing)


@pytest.fixture
def checkout(api, billing):
    """Starts a checkout through the API and returns (session id, start answer)."""

    def start(tier: str = "essentials-10", email: str | None = "pat@example.com"):
        body = {"tier": tier, **({"email": email} if email else {})}
        answer = api.post("/api/checkout", body)
        assert answer.status == 200, answer.body
        return answer.json()["session_id"]

    return start


@pytest.fixture
def edge(api, monkeypatch):
    """The API with limits lifted: the edge tests send more than any visitor may."""
    from portal import settings as settings_module

    for name in ("RATE_LIMIT_REQUESTS", "RATE_LIMIT_EMAIL_REQUESTS", "RATE_LIMIT_GLOBAL_REQUESTS"):
        monkeypatch.setenv(name, "100000000")
    settings_module.settings.cache_clear()
    api.deliver_outbox = False
    yield api
    monkeypatch.undo()
    settings_module.settings.cache_clear()
