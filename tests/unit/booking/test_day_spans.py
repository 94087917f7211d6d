"""The day summaries (portal.bookings.day_spans): every home day's counter lists exactly the times of
its confirmed calls after booking, cancelling, moving (on the same day or to another) and erasing;
availability reads them with one BatchGetItem; and a day written before them (a count without
entries) makes availability read the bookings instead, with the same answer."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest

from portal.bookings import day_spans, service
from tests.unit.test_booking_state import book, free_slots, token_of

TODAY = date.today()


def summaries() -> dict[str, tuple[int, set[str]]]:
    """Every day counter: its count and its entries (both parities)."""
    from portal.models.bookings import DayCount

    return {
        day.id: (int(day.bookings), set(day.spans_even or ()) | set(day.spans_odd or ()))
        for day in DayCount.scan(DayCount.kind == "day-count")
    }


def expected() -> dict[str, tuple[int, set[str]]]:
    """What the counters must say: from the confirmed bookings themselves."""
    from portal.models.bookings import CONFIRMED, Booking

    days: dict[str, set[str]] = defaultdict(set)
    for booking in Booking.scan(Booking.kind == "booking"):
        if booking.status == CONFIRMED:
            days[booking.day_key].add(f"{booking.start_utc} {booking.end_utc} {booking.id}")
    return {day: (len(entries), entries) for day, entries in days.items()}


def assert_summaries_exact() -> None:
    found = {day: value for day, value in summaries().items() if value != (0, set())}
    assert found == expected()


def slots_by_day(api) -> dict[str, list[str]]:
    days: dict[str, list[str]] = defaultdict(list)
    for start in free_slots(api):
        days[start[:10]].append(start)
    return days


def test_every_change_keeps_the_day_counters_listing_exactly_their_calls(api):
    days = [starts for starts in slots_by_day(api).values() if len(starts) >= 4]
    assert len(days) >= 2, "the rules leave too few free slots to test"
    first = book(api, days[0][0])
    second = book(api, days[0][3], email="grace@example.com", name="Grace Hopper")
    book(api, days[1][0], email="alan@example.com", name="Alan Turing")
    assert_summaries_exact()

    # the same day: the entry changes sets (its sequence's parity), the count stays
    answer = api.post(
        f"/api/bookings/{first['id']}/reschedule", {"token": token_of(first), "start": days[0][1]}
    )
    assert answer.status == 200, answer.body
    assert_summaries_exact()
    # and back, and then to another day
    for start in (days[0][0], days[1][2]):
        answer = api.post(
            f"/api/bookings/{first['id']}/reschedule", {"token": token_of(first), "start": start}
        )
        assert answer.status == 200, answer.body
        assert_summaries_exact()

    answer = api.post(f"/api/bookings/{second['id']}/cancel", {"token": token_of(second)})
    assert answer.status == 200, answer.body
    assert_summaries_exact()

    from portal.practice.erase import _bookings

    assert _bookings("alan@example.com", "sha256:" + "0" * 64) == 1
    assert_summaries_exact()
    assert {entry.split()[-1] for _, entries in summaries().values() for entry in entries} == {first["id"]}


def test_availability_reads_the_day_counters_with_one_batch_get(api, monkeypatch):
    import botocore.client

    slots = free_slots(api)
    book(api, slots[0])
    calls: list[str] = []
    original = botocore.client.BaseClient._make_api_call

    def record(client, operation, params):
        tables = params.get("RequestItems") or [params.get("TableName")]
        calls.extend(f"{operation} {table}" for table in tables)
        return original(client, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", record)
    after = free_slots(api, days=40)
    # (the in-process API delivers the outbox after the request: its reads are the OutboxTable's)
    assert [call for call in calls if "Outbox" not in call] == ["BatchGetItem BookingsTable"]
    assert slots[0] not in after


@pytest.fixture
def booked_days(api):
    """Calls on several days, then every day's counter stripped of its entries, as a counter
    written before the summaries looks (the count only)."""
    days = [starts for starts in slots_by_day(api).values() if len(starts) >= 3][:3]
    made = [
        book(api, starts[n], email=f"b{i}{n}@example.com") for i, starts in enumerate(days) for n in (0, 2)
    ]
    with_summaries = free_slots(api)
    return made, with_summaries


def strip_entries(day_id: str | None = None) -> None:
    from portal.models.bookings import DayCount

    for day in DayCount.scan(DayCount.kind == "day-count"):
        if day_id in (None, day.id):
            day.update(actions=[DayCount.spans_even.remove(), DayCount.spans_odd.remove()])


@pytest.mark.parametrize("stripped", ["every day", "one day"])
def test_a_day_written_before_the_summaries_falls_back_to_the_bookings(
    api, booked_days, monkeypatch, stripped
):
    made, with_summaries = booked_days
    from portal.models.bookings import Booking

    strip_entries(None if stripped == "every day" else Booking.get(made[0]["id"]).day_key)
    read = []
    original = day_spans.booked
    monkeypatch.setattr(day_spans, "booked", lambda *a, **k: read.append(original(*a, **k)) or read[-1])
    assert free_slots(api) == with_summaries  # the same slots, read from the bookings
    assert read and all(found is None for found in read)
    # and the booking check still refuses a taken slot before its transaction
    taken = made[0]["start"]
    answer = api.post(
        "/api/bookings",
        {"name": "Late", "email": "late@example.com", "start": taken, "timezone": "America/New_York"},
    )
    assert answer.status == 409 and answer.json()["reason"] in ("taken", "cap"), answer.body


def test_summaries_and_the_bookings_give_the_same_slots(api, booked_days, monkeypatch):
    _, with_summaries = booked_days
    monkeypatch.setattr(day_spans, "booked", lambda *a, **k: None)  # always read the bookings
    assert free_slots(api) == with_summaries
    at = service.now()
    start, end = at, at + timedelta(days=10)
    monkeypatch.undo()
    from portal.bookings.rules import rules
    from portal.models import bookings

    from_days = day_spans.booked(rules(), start, end)
    from_bookings = bookings.confirmed_spans(bookings.utc_text(start), bookings.utc_text(end))
    assert from_days is not None and sorted(from_days) == sorted(from_bookings) and from_days


def test_an_unreadable_counter_is_not_trusted(api, booked_days):
    from portal.bookings.rules import rules
    from portal.models.bookings import DayCount

    _, with_summaries = booked_days
    day = next(iter(summaries()))
    DayCount(day).update(actions=[DayCount.kind.set("day-count")])  # still readable
    raw = DayCount._get_connection()
    raw.update_item(day, actions=[DayCount.bookings.set("many")])  # a hand edit: a string count
    at = service.now()
    assert day_spans.booked(rules(), at, at + timedelta(days=30)) is None
    assert free_slots(api) == with_summaries
