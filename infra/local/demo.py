"""`make demo`: the local stack with a demo client, made the way a real one is made.

The demo client subscribes through the Stripe stand-in (checkout, payment, webhooks: a retainer and
its invoice), books a discovery call and fills the intake, all through the portal's own API. Run
again, it adds nothing twice (the retainer and the intake are looked up first). Nothing is seeded
by `make dev` itself.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date, timedelta

DEMO_EMAIL = "demo.client@example.com"
DEMO_INTAKE = uuid.UUID("2b0e7f4c-9d0a-4f6e-8a55-3c1d2e4f5a6b")  # fixed: a second run is a retry


def _call(base: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"content-type": "application/json"} if data else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _pay(checkout_url: str) -> None:
    """Presses "Pay" on the stand-in's checkout page (it redirects: not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    form = urllib.parse.urlencode({"action": "pay", "email": DEMO_EMAIL}).encode()
    try:
        urllib.request.build_opener(NoRedirect).open(
            urllib.request.Request(checkout_url, data=form), timeout=30
        )
    except urllib.error.HTTPError:
        pass  # the 303 to the success page


def _retainer(base: str) -> str:
    status, started = _call(base, "POST", "/api/checkout", {"tier": "professional-20", "email": DEMO_EMAIL})
    if status == 409:
        return "already active"
    _pay(started["url"])
    for _ in range(100):
        if _call(base, "GET", f"/api/checkout/sessions/{started['session_id']}")[1].get("status") == "active":
            return "active"
        time.sleep(0.2)
    return "pending (check the Stripe stand-in)"


def _call_booked(base: str) -> str:
    today = date.today()
    _, free = _call(
        base,
        "GET",
        f"/api/availability?from={today + timedelta(days=2)}&to={today + timedelta(days=16)}"
        "&tz=America/New_York",
    )
    if not free.get("slots"):
        return "no free slot"
    status, _ = _call(
        base,
        "POST",
        "/api/bookings",
        {
            "name": "Dana Demo",
            "email": DEMO_EMAIL,
            "start": free["slots"][0]["start"],
            "timezone": "America/New_York",
        },
    )
    return "booked" if status == 201 else f"not booked ({status})"


def _intake(base: str) -> str:
    status, _ = _call(
        base,
        "POST",
        "/api/intake",
        {
            "submission_id": str(DEMO_INTAKE),
            "name": "Dana Demo",
            "email": DEMO_EMAIL,
            "company": "Demo & Co",
            "role": "Founder",
            "services": ["calendar", "email", "travel"],
            "hours_per_month": 20,
            "preferred_tier": "professional-20",
            "tools": {"email": "Gmail", "calendar": "Google Calendar"},
            "working_hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"},
            "timezone": "America/New_York",
            "communication": {"channel": "email", "frequency": "weekly"},
            "delegation": {"spending_limit": 25000, "travel_booking": True, "send_as_client": False},
        },
    )
    return "submitted" if status == 201 else f"not submitted ({status})"


def seed(base: str) -> dict:
    done = {"retainer": _retainer(base), "call": _call_booked(base), "intake": _intake(base)}
    print(
        f"\nDemo client {DEMO_EMAIL}: retainer {done['retainer']}, call {done['call']}, intake "
        f"{done['intake']}.\n"
        f"  Sign in at {base}/account/sign-in/ with {DEMO_EMAIL} (the client) or the assistant's address;\n"
        f"  the sign-in email shows at {base}/_dev/mail.\n",
        flush=True,
    )
    return done
