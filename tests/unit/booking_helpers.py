"""Booking through the in-process API, shared by the booking API tests."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

TODAY = date.today()


def free_slots(api, tz="America/New_York", days=30):
    answer = api.get(f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=days)}&tz={tz}")
    assert answer.status == 200, answer.body
    return answer.json()["slots"]


def book(api, start, tz="America/New_York", email="ada@example.com", headers=None):
    return api.post(
        "/api/bookings",
        {"name": "Ada Lovelace", "email": email, "start": start, "timezone": tz},
        headers=headers,
    )


def link(answer):
    query = parse_qs(urlsplit(answer.json()["manage_url"]).query)
    return query["id"][0], query["token"][0]
