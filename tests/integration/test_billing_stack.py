"""Retainers on the running local stack (`make dev`): the stand-in's checkout, its signed webhooks
to /api/stripe/webhook, and its test-clock buttons, end to end over HTTP."""
from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.slow


def wait_for(read, expected, timeout=20.0):
    deadline = time.monotonic() + timeout
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.3)
    return value


def form_post(url: str, fields: dict) -> int:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def stripe_get(base: str, path: str) -> dict:
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer sk_test_standin"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_retainer_lives_through_renewal_failure_recovery_and_cancellation(local_stack):
    email = f"it-{uuid.uuid4().hex[:8]}@example.com"
    started = local_stack.post("/api/checkout", {"tier": "professional-20", "email": email})
    assert started.status == 200, started.body
    url, session_id = started.json()["url"], started.json()["session_id"]
    base = url.split("/pay/")[0]
    status = lambda: local_stack.get(f"/api/checkout/sessions/{session_id}").json()["status"]  # noqa: E731
    assert status() == "pending"
    assert form_post(url, {"action": "pay", "email": email}) == 303
    assert wait_for(status, "active") == "active"
    assert local_stack.post("/api/checkout", {"tier": "essentials-10", "email": email}).status == 409

    subscription = stripe_get(base, f"/v1/checkout/sessions/{session_id}")["subscription"]
    for action, expected in (("renew", "active"), ("fail", "past_due"), ("renew", "active"), ("cancel", "canceled")):
        assert form_post(f"{base}/admin/subscriptions/{subscription}/{action}", {}) == 303
        assert wait_for(status, expected) == expected, action
        # The stand-in posts an action's events from a thread, all stamped with the same second:
        # let them all arrive before the next action's, as a person's clicks would.
        time.sleep(1.0)
    mine = [m["subject"] for m in local_stack.mail() if email in m["to"] or email in m["subject"]]
    assert len([s for s in mine if s.startswith("Welcome")]) == 1
    assert len([s for s in mine if "did not go through" in s]) == 1
    assert f"Retainer cancelled: {email}" in mine


def test_the_billing_portal_link_opens_the_portal_once(local_stack):
    email = f"bp-{uuid.uuid4().hex[:8]}@example.com"
    url = local_stack.post("/api/checkout", {"tier": "essentials-10", "email": email}).json()["url"]
    form_post(url, {"action": "pay", "email": email})
    session_id = url.rsplit("/", 1)[-1]
    wait_for(lambda: local_stack.get(f"/api/checkout/sessions/{session_id}").json()["status"], "active")
    assert local_stack.post("/api/billing-portal", {"email": email}).status == 202
    text = next(m["text"] for m in reversed(local_stack.mail()) if m["to"] == email and "billing" in m["subject"])
    path = re.search(r"http://[^/]+(/api/billing-portal/\S+)", text).group(1)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(local_stack.url + path, timeout=30)
        raise AssertionError("expected a redirect")
    except urllib.error.HTTPError as error:
        assert error.code == 302 and "/portal/bps_" in error.headers["Location"]
    assert local_stack.get(path).status == 404
