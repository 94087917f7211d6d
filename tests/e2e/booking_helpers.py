"""What the booking e2e tests share: the visitor's zone, a phone-sized touch page, a call booked
through the API, and the API's address of a manage page's booking."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

ZONE = "Australia/Sydney"


@pytest.fixture
def phone(browser, local_stack):
    """A 390 px wide touch screen, in Sydney, that may only reach the local stack."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        timezone_id=ZONE,
        locale="en-GB",
    )
    page = context.new_page()
    outside = []
    page.on(
        "request", lambda r: None if r.url.startswith((local_stack.url, "data:")) else outside.append(r.url)
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not outside, outside


def book_by_api(local_stack, email, index=-1, headers=None):
    today = date.today()
    slots = local_stack.get(
        f"/api/availability?from={today}&to={today + timedelta(days=30)}&tz={ZONE}"
    ).json()["slots"]
    answer = local_stack.post(
        "/api/bookings",
        {"name": "Grace Hopper", "email": email, "start": slots[index]["start"], "timezone": ZONE},
        headers=headers,
    )
    assert answer.status == 201, answer.json()
    url = answer.json()["manage_url"]
    return url[url.index("/", len("http://")) :], answer.json()


def api_path(manage: str) -> str:
    """The API's address of the booking a manage page's path and query show."""
    found = re.search(r"id=(\w+)&token=([^&]+)", manage)
    return f"/api/bookings/{found.group(1)}?token={found.group(2)}"
