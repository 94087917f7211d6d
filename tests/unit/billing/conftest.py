"""The stand-in of its own tests (test_standin*.py): started, with the catalog synced into it."""

from __future__ import annotations

import pytest

from infra.stripe_standin import StandIn
from portal.billing import stripe_client, sync


@pytest.fixture
def stand():
    standin = StandIn(deliver_async=False).start()
    client = stripe_client.build(standin.api_key, standin.url)
    sync.sync(client, return_url="http://127.0.0.1:8000/billing/")
    yield standin, client
    standin.stop()
