"""Reminder emails through EventBridge Scheduler: one one-time schedule per booking, named after
it. Every change to a booking queues a `reminder.sync` outbox message; delivering it (`sync`) makes
the schedule match the booking as stored then: created or moved while it stands, deleted once it
is cancelled or gone. The schedule invokes the ReminderFunction, which re-reads the booking and
sends nothing if it was cancelled or moved."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from portal import aws
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.bookings import Booking

BEFORE = timedelta(hours=24)


def schedule_name(booking_id: str) -> str:
    return f"booking-{booking_id}"


def send_at(start: datetime, now: datetime) -> datetime:
    """24 hours before the call, or in a minute when it is booked later than that."""
    return max(start - BEFORE, now + timedelta(minutes=1))


def _definition(booking: Booking, now: datetime) -> dict[str, Any]:
    at = send_at(booking.start, now).astimezone(UTC)
    current = settings()
    return {
        "Name": schedule_name(booking.id),
        "GroupName": current.reminder_schedule_group,
        "ScheduleExpression": f"at({at:%Y-%m-%dT%H:%M:%S})",
        "ScheduleExpressionTimezone": "UTC",
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "ActionAfterCompletion": "DELETE",
        "Target": {
            "Arn": current.reminder_function_arn,
            "RoleArn": current.scheduler_role_arn,
            # Ids and times only: the function reads the rest from the table.
            "Input": json.dumps({"booking_id": booking.id, "start_utc": booking.start_utc}),
            "RetryPolicy": {"MaximumRetryAttempts": 3},
        },
    }


def upsert(booking: Booking, now: datetime) -> None:
    """Creates or moves the booking's reminder (a failure raises: the outbox tries again)."""
    scheduler = aws.client("scheduler")
    definition = _definition(booking, now)
    try:
        scheduler.create_schedule(**definition)
    except scheduler.exceptions.ConflictException:
        scheduler.update_schedule(**definition)


def delete(booking_id: str) -> None:
    scheduler = aws.client("scheduler")
    try:
        scheduler.delete_schedule(
            Name=schedule_name(booking_id), GroupName=settings().reminder_schedule_group
        )
    except scheduler.exceptions.ResourceNotFoundException:
        pass  # already sent (schedules delete themselves) or never created


def sync(params: dict[str, Any], now: datetime | None = None) -> None:
    """The outbox's `reminder.sync`: the schedule follows the stored booking, whatever order the
    messages of several changes are delivered in."""
    from portal.models.bookings import CONFIRMED, UNREADABLE, Booking, span, unreadable

    now = now or datetime.now(UTC)
    try:
        booking = Booking.get(params["booking_id"], consistent_read=True)
    except Booking.DoesNotExist:
        booking = None
    except UNREADABLE as error:  # a hand-edited item: no reminder can be sent for it
        unreadable(params["booking_id"], f"attributes: {type(error).__name__}")
        booking = None
    if booking is None or booking.status != CONFIRMED or span(booking) is None or booking.start <= now:
        delete(params["booking_id"])
    else:
        upsert(booking, now)


def remind(booking_id: str, start_utc: str, at: datetime | None = None) -> dict[str, Any]:
    """The ReminderFunction's work: send the reminder only if the booking still stands as scheduled."""
    from portal.models.bookings import CONFIRMED, UNREADABLE, Booking, span, unreadable

    at = at or datetime.now(UTC)
    try:
        booking = Booking.get(booking_id)
    except Booking.DoesNotExist:
        return {"sent": False, "reason": "missing"}
    except UNREADABLE as error:
        unreadable(booking_id, f"attributes: {type(error).__name__}")
        return {"sent": False, "reason": "unreadable"}
    if booking.status != CONFIRMED:
        return {"sent": False, "reason": "cancelled"}
    if span(booking) is None:
        return {"sent": False, "reason": "unreadable"}
    if booking.start_utc != start_utc:
        return {"sent": False, "reason": "moved"}
    if booking.start <= at:
        return {"sent": False, "reason": "past"}
    from portal.bookings import emails

    emails.reminder(booking)
    return {"sent": True, "reason": "due"}
