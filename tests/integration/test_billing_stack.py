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
    for action, expected in (
        ("renew", "active"),
        ("fail", "past_due"),
        ("renew", "active"),
        ("cancel", "canceled"),
    ):
        assert form_post(f"{base}/admin/subscriptions/{subscription}/{action}", {}) == 303
        assert wait_for(status, expected) == expected, action
        # The stand-in posts an action's events from a thread, all stamped with the same second:
        # let them all arrive before the next action's, as a person's clicks would.
        time.sleep(1.0)
    mine = [m["subject"] for m in local_stack.mail() if email in m["to"] or email in m["subject"]]
    assert len([s for s in mine if s.startswith("Welcome")]) == 1
    assert len([s for s in mine if "did not go through" in s]) == 1
    assert f"Retainer cancelled: {email}" in mine


def subscribed(local_stack, email: str, tier: str = "essentials-10") -> tuple[str, str]:
    """(stand-in address, checkout session id) of a paid, active retainer."""
    url = local_stack.post("/api/checkout", {"tier": tier, "email": email}).json()["url"]
    assert form_post(url, {"action": "pay", "email": email}) == 303
    session_id = url.rsplit("/", 1)[-1]
    status = wait_for(
        lambda: local_stack.get(f"/api/checkout/sessions/{session_id}").json()["status"], "active"
    )
    assert status == "active"
    return url.split("/pay/")[0], session_id


def portal_url(local_stack, email: str) -> str:
    """Asks for the billing link by email and uses it as the page's button does."""
    assert local_stack.post("/api/billing-portal", {"email": email}).status == 202
    text = next(
        m["text"] for m in reversed(local_stack.mail()) if m["to"] == email and "billing" in m["subject"]
    )
    token = re.search(r"http://[^/]+/billing/open/\?token=(\S+)", text).group(1)
    opened = local_stack.post("/api/billing-portal/open", {"token": token})
    assert opened.status == 200, opened.body
    return opened.json()["url"]


def test_the_billing_portal_link_is_used_by_the_pages_post_only(local_stack):
    email = f"bp-{uuid.uuid4().hex[:8]}@example.com"
    subscribed(local_stack, email)
    assert local_stack.post("/api/billing-portal", {"email": email}).status == 202
    text = next(
        m["text"] for m in reversed(local_stack.mail()) if m["to"] == email and "billing" in m["subject"]
    )
    page = re.search(r"http://[^/]+(/billing/open/\?token=(\S+))", text)
    token = page.group(2)
    for _ in range(2):  # a mail scanner opens the page, and the address of an earlier email's link
        assert local_stack.get(page.group(1)).status == 200
        assert form_post_status(local_stack.url + f"/api/billing-portal/{token}", method="GET") == 303
    opened = local_stack.post("/api/billing-portal/open", {"token": token})
    assert opened.status == 200 and "/portal/bps_" in opened.json()["url"]
    assert local_stack.post("/api/billing-portal/open", {"token": token}).status == 404


def test_a_plan_change_in_the_portal_survives_the_renewal_and_a_deleted_customer_ends_it(local_stack):
    email = f"pc-{uuid.uuid4().hex[:8]}@example.com"
    base, session_id = subscribed(local_stack, email)
    tier = lambda: local_stack.get(f"/api/checkout/sessions/{session_id}").json()["tier"]  # noqa: E731
    session = stripe_get(base, f"/v1/checkout/sessions/{session_id}")
    portal = portal_url(local_stack, email)
    bigger = stripe_get(base, "/v1/prices?lookup_keys[0]=professional-20")["data"][0]["id"]
    assert form_post(f"{portal}/plan/{session['subscription']}/{bigger}", {}) == 303
    assert wait_for(tier, "professional-20") == "professional-20"
    time.sleep(1.0)
    assert form_post(f"{base}/admin/subscriptions/{session['subscription']}/renew", {}) == 303
    time.sleep(2.0)
    assert tier() == "professional-20"
    invoices = stripe_get(base, f"/v1/invoices?subscription={session['subscription']}")["data"]
    assert [
        line["parent"]["subscription_item_details"]["proration"] for line in invoices[0]["lines"]["data"]
    ] == [True, True, False]
    assert form_post(f"{base}/admin/customers/{session['customer']}/delete", {}) == 303
    status = lambda: local_stack.get(f"/api/checkout/sessions/{session_id}").json()["status"]  # noqa: E731
    assert wait_for(status, "canceled") == "canceled"
    assert local_stack.post("/api/checkout", {"tier": "essentials-10", "email": email}).status == 200


def form_post_status(url: str, method: str = "POST") -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        return (
            urllib.request.build_opener(NoRedirect)
            .open(urllib.request.Request(url, method=method), timeout=30)
            .status
        )
    except urllib.error.HTTPError as error:
        return error.code
