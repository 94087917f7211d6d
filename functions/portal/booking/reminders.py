"""Reminder emails through EventBridge Scheduler: one one-time schedule per booking, named after
it, created with the booking, moved on reschedule, deleted on cancel. The schedule invokes the
ReminderFunction, which re-reads the booking and sends nothing if it was cancelled or moved."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from aws_lambda_powertools import Logger

from portal import aws
from portal.settings import settings

logger = Logger(child=True)
BEFORE = timedelta(hours=24)


def schedule_name(booking_id: str) -> str:
    return f"booking-{booking_id}"


def send_at(start: datetime, now: datetime) -> datetime:
    """24 hours before the call, or in a minute when it is booked later than that."""
    return max(start - BEFORE, now + timedelta(minutes=1))


def _definition(booking, now: datetime) -> dict:
    at = send_at(booking.start, now).astimezone(timezone.utc)
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


def upsert(booking, now: datetime) -> bool:
    """Creates or moves the booking's reminder. A failure is logged, never raised: the booking
    stands and the confirmation email has its time."""
    scheduler = aws.client("scheduler")
    definition = _definition(booking, now)
    try:
        try:
            scheduler.create_schedule(**definition)
        except scheduler.exceptions.ConflictException:
            scheduler.update_schedule(**definition)
        return True
    except Exception as error:  # noqa: BLE001
        logger.warning("reminder not scheduled", extra={"error": type(error).__name__})
        return False


def delete(booking_id: str) -> None:
    scheduler = aws.client("scheduler")
    try:
        scheduler.delete_schedule(Name=schedule_name(booking_id), GroupName=settings().reminder_schedule_group)
    except scheduler.exceptions.ResourceNotFoundException:
        pass  # already sent (schedules delete themselves) or never created
    except Exception as error:  # noqa: BLE001 - the reminder function checks the status anyway
        logger.warning("reminder not deleted", extra={"error": type(error).__name__})
