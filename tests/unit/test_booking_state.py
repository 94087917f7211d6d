"""Booking state through the API in-process (moto): a booking keeps the locks it took whatever the
rules say later, a call that started can no longer move, and a public booking never renames a
client."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.bookings import service
from portal.bookings.rules import rules

TODAY = date.today()


def free_slots(api, days=30):
    answer = api.get(f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=days)}&tz=America/New_York")
    assert answer.status == 200, answer.body
    return [s["start"] for s in answer.json()["slots"]]


def book(api, start, email="ada@example.com", name="Ada Lovelace"):
    answer = api.post(
        "/api/bookings", {"name": name, "email": email, "start": start, "timezone": "America/New_York"}
    )
    assert answer.status == 201, answer.body
    return answer.json()


def token_of(answer):
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(answer["manage_url"]).query)["token"][0]


def locks() -> dict[str, str]:
    """Every slot lock in the table: its key -> the booking holding it."""
    from portal.models.bookings import SlotLock

    return {item.id: item.booking_id for item in SlotLock.scan(SlotLock.kind == "slot-lock")}


def day_counts() -> dict[str, int]:
    from portal.models.bookings import DayCount

    return {item.id: int(item.bookings) for item in DayCount.scan(DayCount.kind == "day-count")}


def neighbours(api) -> tuple[str, str]:
    """Two free slots of one day as close as the rules allow: the second starts right after the
    first's meeting and buffer, so any wider buffer would reach into the other's locks."""
    current = rules()
    gap = current.meeting + current.after + current.before
    starts = [datetime.fromisoformat(start) for start in free_slots(api)]
    for start in starts:
        following = [
            other
            for other in starts
            if gap <= other - start < gap + timedelta(minutes=current.slot_interval_minutes)
        ]
        if following:
            return start.isoformat(), following[0].isoformat()
    pytest.skip("no two neighbouring free slots in the window")


@pytest.mark.parametrize(
    "change",
    [
        {"buffer_before_minutes": 45, "buffer_after_minutes": 60},  # wider: would reach the neighbour's locks
        {
            "buffer_before_minutes": 0,
            "buffer_after_minutes": 0,
        },  # narrower: would leave the buffer's locks behind
        {"meeting_minutes": 60},
    ],
)
def test_cancel_after_the_rules_changed_frees_exactly_the_booking_own_locks(api, monkeypatch, change):
    first, second = neighbours(api)
    kept = book(api, second, email="grace@example.com", name="Grace Hopper")
    cancelled = book(api, first)
    before = locks()
    own = {key for key, owner in before.items() if owner == cancelled["id"]}
    assert own and {key for key, owner in before.items() if owner == kept["id"]}
    counts = day_counts()

    changed = rules().model_copy(update=change)
    monkeypatch.setattr(service, "rules", lambda: changed)
    answer = api.post(f"/api/bookings/{cancelled['id']}/cancel", {"token": token_of(cancelled)})
    assert answer.status == 200, answer.body
    assert answer.json()["status"] == "cancelled"

    after = locks()
    assert after == {key: owner for key, owner in before.items() if key not in own}
    assert set(after.values()) == {kept["id"]}
    (day,) = [key for key in counts]  # both calls are on one home day
    assert day_counts() == {day: counts[day] - 1}


def test_reschedule_after_the_rules_changed_moves_exactly_its_own_locks(api, monkeypatch):
    first, second = neighbours(api)
    kept = book(api, second, email="grace@example.com", name="Grace Hopper")
    moved = book(api, first)
    theirs = {key for key, owner in locks().items() if owner == kept["id"]}
    target = free_slots(api)[-1]

    changed = rules().model_copy(update={"buffer_before_minutes": 45, "buffer_after_minutes": 60})
    monkeypatch.setattr(service, "rules", lambda: changed)
    answer = api.post(f"/api/bookings/{moved['id']}/reschedule", {"token": token_of(moved), "start": target})
    assert answer.status == 200, answer.body
    after = locks()
    assert {key for key, owner in after.items() if owner == kept["id"]} == theirs
    from portal.models.bookings import Booking

    assert {key for key, owner in after.items() if owner == moved["id"]} == set(
        Booking.get(moved["id"]).lock_keys
    )


@pytest.mark.parametrize("action", ["reschedule", "cancel"])
@pytest.mark.parametrize("minutes_after_start", [0, 5, 60 * 24])
def test_a_call_that_started_cannot_be_moved_or_cancelled(api, monkeypatch, action, minutes_after_start):
    slots = free_slots(api)
    made = book(api, slots[0])
    started = datetime.fromisoformat(made["start"]) + timedelta(minutes=minutes_after_start)
    monkeypatch.setattr(service, "now", lambda: started)
    body = {"token": token_of(made)}
    if action == "reschedule":
        body["start"] = slots[-1]
    answer = api.post(f"/api/bookings/{made['id']}/{action}", body)
    assert answer.status == 409, answer.body
    assert answer.json()["reason"] == "past"
    monkeypatch.undo()
    from portal.models.bookings import Booking

    stored = Booking.get(made["id"])
    assert (
        stored.status == "confirmed" and stored.start_utc == made["start_utc"] and int(stored.sequence) == 0
    )


def test_booking_with_an_existing_client_email_never_renames_them(api):
    from portal.models.clients import Client

    Client(
        "maya@example.com",
        name="Maya Lindqvist",
        company="Lindqvist Consulting",
        created_at=datetime(2026, 1, 5).astimezone(),
        updated_at=datetime(2026, 1, 5).astimezone(),
    ).save()
    book(api, free_slots(api)[0], email="  MAYA@Example.com ", name="Someone Else Entirely")
    client = Client.get("maya@example.com")
    assert client.name == "Maya Lindqvist" and client.company == "Lindqvist Consulting"
    assert client.created_at.year == 2026 and client.created_at.month == 1

    book(api, free_slots(api)[0], email="new@example.com", name="New Person")
    assert Client.get("new@example.com").name == "New Person"
    assert Client.get("new@example.com").company is None
