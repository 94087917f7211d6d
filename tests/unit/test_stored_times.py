"""Stored times are read tolerantly: one booking hand-edited in the AWS console into something the
code cannot read (a time without its T and Z, garbage, a number where a string belongs) is skipped
and logged by id, never a 500 for everyone else."""

from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from portal import observability
from portal.settings import settings

TODAY = date.today()
AVAILABILITY = f"/api/availability?from={TODAY}&to={TODAY + timedelta(days=30)}&tz=America/New_York"


@pytest.fixture
def log_output():
    buffer = io.StringIO()
    previous = observability.logger.registered_handler.setStream(buffer)
    yield buffer
    observability.logger.registered_handler.setStream(previous)


def book(api, start, email="maya.lindqvist@example.com"):
    answer = api.post(
        "/api/bookings",
        {"name": "Maya Lindqvist", "email": email, "start": start, "timezone": "America/New_York"},
    )
    assert answer.status == 201, answer.body
    query = parse_qs(urlsplit(answer.json()["manage_url"]).query)
    return query["id"][0], query["token"][0], answer.json()


def hand_edit(booking_id: str, **values) -> None:
    """What a console edit does: replace attributes as typed, with no code in between."""
    names = {f"#{key}": key for key in values}
    boto3.client("dynamodb").update_item(
        TableName=settings().bookings_table,
        Key={"id": {"S": booking_id}},
        UpdateExpression="SET " + ", ".join(f"#{key} = :{key}" for key in values),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues={f":{key}": value for key, value in values.items()},
    )


def edits(made: dict) -> list[dict]:
    day = made["start_utc"][:10]
    return [
        {"start_utc": {"S": f"{day} 15:00"}},  # as a person types it
        {"start_utc": {"S": f"{day}T99:99:99Z"}},  # sorts among real times, is none
        {"end_utc": {"S": "garbage"}},
        {"end_utc": {"N": "1700000000"}},  # the wrong type altogether
        {"start_utc": {"S": f"{day}T15:00:00+01:00"}},  # an offset instead of Z
    ]


@pytest.mark.parametrize("which", range(5))
def test_one_unreadable_booking_never_breaks_availability(api, log_output, which):
    free = [s["start"] for s in api.get(AVAILABILITY).json()["slots"]]
    broken_id, token, made = book(api, free[0])
    hand_edit(broken_id, **edits(made)[which])

    answer = api.get(AVAILABILITY)
    assert answer.status == 200, answer.body
    assert answer.json()["slots"]
    # Availability reads the day's counter, which lists the call as it was booked: its slot stays
    # taken, as its locks keep it. A day counter written before those lists existed sends the read
    # to the bookings themselves, where the edited one is skipped and logged.
    assert free[0] not in [s["start"] for s in answer.json()["slots"]]
    from tests.unit.booking.test_day_spans import strip_entries

    strip_entries()
    answer = api.get(AVAILABILITY)
    assert answer.status == 200, answer.body
    assert answer.json()["slots"]
    # Others can still book (the rules read the same bookings), and the broken booking's own locks
    # still hold its slot: skipping it never double-books.
    other = api.post(
        "/api/bookings",
        {"name": "Bob", "email": "bob@example.com", "start": free[-1], "timezone": "America/New_York"},
    )
    assert other.status == 201, other.body
    again = api.post(
        "/api/bookings",
        {"name": "Eve", "email": "eve@example.com", "start": free[0], "timezone": "America/New_York"},
    )
    assert again.status == 409, again.body

    logged = log_output.getvalue()
    assert broken_id in logged and "unreadable" in logged
    assert "maya" not in logged.lower() and "Lindqvist" not in logged


@pytest.mark.parametrize("which", range(5))
def test_the_unreadable_booking_own_link_is_a_409_not_a_500(api, which):
    free = [s["start"] for s in api.get(AVAILABILITY).json()["slots"]]
    broken_id, token, made = book(api, free[0])
    hand_edit(broken_id, **edits(made)[which])
    shown = api.get(f"/api/bookings/{broken_id}?token={token}")
    assert shown.status == 409 and shown.json()["reason"] == "unreadable", shown.body
    for action, body in (("cancel", {"token": token}), ("reschedule", {"token": token, "start": free[-1]})):
        answer = api.post(f"/api/bookings/{broken_id}/{action}", body)
        assert answer.status == 409 and answer.json()["reason"] == "unreadable", answer.body


def test_the_reminder_of_an_unreadable_booking_sends_nothing(api):
    from portal.bookings import reminders, service

    free = [s["start"] for s in api.get(AVAILABILITY).json()["slots"]]
    broken_id, _token, made = book(api, free[0])
    hand_edit(broken_id, start_utc={"S": "tomorrow at three"})
    assert service.remind(broken_id, made["start_utc"]) == {"sent": False, "reason": "unreadable"}
    reminders.sync({"booking_id": broken_id})  # the schedule goes: no reminder can be sent for it
    scheduler = boto3.client("scheduler")
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(
            Name=reminders.schedule_name(broken_id), GroupName=settings().reminder_schedule_group
        )


@pytest.mark.slow  # runs the outbox's retries to the end
def test_an_email_about_an_unreadable_booking_is_skipped_not_retried_forever(api, sent_mail):
    from portal.models.outbox import OutboxMessage

    free = [s["start"] for s in api.get(AVAILABILITY).json()["slots"]]
    api.deliver_outbox = False
    broken_id, _token, _made = book(api, free[0])
    hand_edit(broken_id, start_utc={"S": "2026-12-01 15:00"})
    api.outbox.stream_once()
    assert sent_mail() == []
    statuses = {item.message: item.status for item in OutboxMessage.scan()}
    assert statuses["booking.confirmed"] == "skipped" and statuses["booking.assistant"] == "skipped"
