"""What the stand-in's tests do with it (test_standin*.py; the `stand` fixture is in this folder's
conftest.py): subscribe a customer through Checkout, press a page's button."""

from __future__ import annotations

import urllib.parse
import urllib.request


def price_of(standin, tier: str) -> dict:
    return next(p for p in standin.objects["prices"].values() if p["lookup_key"] == tier)


def subscribe(standin, client, tier="essentials-10", email="pat@example.com", **extra):
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "line_items": [{"price": price_of(standin, tier)["id"], "quantity": 1}],
            "success_url": "http://x/ok",
            "metadata": {"tier": tier},
            "subscription_data": {"metadata": {"tier": tier}},
            **({"customer_email": email} if "customer" not in extra else {}),
            **extra,
        }
    )
    events = standin.pay(session.id)
    return events[-1]["data"]["object"]


def form_post(url: str, fields: dict | None = None) -> int:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields or {}).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status
