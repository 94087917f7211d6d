"""Booking through the API in-process (moto): idempotent retries, reminders scheduled and sent,
outages, the rules on reschedule, and addresses SES cannot deliver to."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import boto3
import pytest

from tests.unit.booking_helpers import book, free_slots, link


def test_same_idempotency_key_returns_the_same_booking_once(api, sent_mail):
    from portal.models.bookings import Booking

    start = free_slots(api)[0]["start"]
    first = book(api, start, headers={"Idempotency-Key": "k-123"})
    again = book(api, start, headers={"Idempotency-Key": "k-123"})
    assert first.status == 201 and again.status == 201
    assert first.json() == again.json()
    assert len(list(Booking.by_status.query("confirmed"))) == 1
    assert len([m for m in sent_mail() if m["to"] == "ada@example.com"]) == 1
    other = book(api, free_slots(api)[0]["start"], headers={"Idempotency-Key": "k-123"})
    assert other.status == 422  # the same key for a different request


def test_reminder_is_scheduled_moved_and_deleted(api):
    from portal.bookings import reminders
    from portal.settings import settings

    scheduler = boto3.client("scheduler")
    group = settings().reminder_schedule_group
    slots = free_slots(api)
    booking_id, token = link(book(api, slots[0]["start"]))
    name = reminders.schedule_name(booking_id)
    schedule = scheduler.get_schedule(Name=name, GroupName=group)
    expected = max(datetime.fromisoformat(slots[0]["start"]) - timedelta(hours=24), datetime.now(UTC))
    at = datetime.fromisoformat(schedule["ScheduleExpression"][3:-1]).replace(tzinfo=UTC)
    assert abs((at - expected).total_seconds()) < 120
    assert schedule["Target"]["Arn"] == settings().reminder_function_arn

    api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": slots[-1]["start"]})
    moved = scheduler.get_schedule(Name=name, GroupName=group)
    assert moved["ScheduleExpression"] != schedule["ScheduleExpression"]
    api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name=name, GroupName=group)


def test_reminder_function_sends_only_for_a_standing_booking(api, sent_mail):
    import json

    from infra.local.runner import LambdaContext
    from portal.bookings import reminders
    from portal.handlers import reminders as handler

    slots = free_slots(api)
    booking_id, token = link(book(api, slots[0]["start"]))
    scheduled = json.loads(
        boto3.client("scheduler").get_schedule(
            Name=reminders.schedule_name(booking_id), GroupName="ReminderScheduleGroup"
        )["Target"]["Input"]
    )
    context = LambdaContext("ReminderFunction", 512, 10, "r1")
    before = len(sent_mail())
    assert handler.lambda_handler(scheduled, context) == {"sent": True, "reason": "due"}
    assert "Reminder" in sent_mail()[-1]["subject"] and len(sent_mail()) == before + 1

    api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": slots[-1]["start"]})
    assert handler.lambda_handler(scheduled, context)["reason"] == "moved"
    api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})
    new_event = {"booking_id": booking_id, "start_utc": scheduled["start_utc"]}
    assert handler.lambda_handler(new_event, context)["sent"] is False
    assert handler.lambda_handler({"booking_id": "missing", "start_utc": "x"}, context)["sent"] is False
    assert len(sent_mail()) == before + 1 + 4  # only the reschedule and cancel emails after the reminder


def test_an_outage_is_a_503_not_a_409(api, monkeypatch):
    from pynamodb.connection.base import Connection
    from pynamodb.exceptions import TransactWriteError

    def broken(*args, **kwargs):
        raise TransactWriteError("DynamoDB is down")

    monkeypatch.setattr(Connection, "transact_write_items", broken)
    answer = book(api, free_slots(api)[0]["start"])
    assert answer.status == 503
    assert "DynamoDB" not in answer.body.decode()


def test_reschedule_obeys_the_same_rules(api):
    slots = free_slots(api)
    booking_id, token = link(book(api, slots[0]["start"]))
    other = book(api, slots[-1]["start"], email="bob@example.com")
    assert other.status == 201
    move = lambda start: api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": start})  # noqa: E731
    assert move(slots[-1]["start"]).json()["reason"] == "taken"
    assert (
        move(
            (datetime.now(UTC) - timedelta(hours=2)).replace(minute=0, second=0, microsecond=0).isoformat()
        ).status
        == 409
    )
    assert move("2026-12-01T10:00:00").status == 422
    assert api.get(f"/api/bookings/{booking_id}?token={token}").json()["start"] == slots[0]["start"]


@pytest.mark.parametrize("email", ["josé@example.com", "用户@example.com"])
def test_an_address_ses_cannot_deliver_to_is_refused_with_a_clear_422(api, email):
    from portal.addresses import UNDELIVERABLE

    today = date.today()
    slots = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}").json()["slots"]
    answer = api.post(
        "/api/bookings", {"name": "Ada", "email": email, "start": slots[0]["start"], "timezone": "UTC"}
    )
    assert answer.status == 422 and answer.json()["detail"][0]["msg"] == f"Value error, {UNDELIVERABLE}"
    for path, body in (
        ("/api/intake", {"email": email}),
        ("/api/auth/link", {"email": email}),
        ("/api/checkout", {"tier": "essentials-10", "email": email}),
    ):
        refused = api.post(path, body)
        assert refused.status == 422 and UNDELIVERABLE in refused.body.decode(), (path, refused.body)


def test_an_accented_domain_is_kept_in_the_form_ses_delivers_to():
    from portal.addresses import ses_deliverable

    assert ses_deliverable("ada@bücher.example") == "ada@xn--bcher-kva.example"
