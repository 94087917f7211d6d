"""Sends a booking's reminder when its EventBridge Scheduler schedule fires (not an HTTP function).
The event is {"booking_id": ..., "start_utc": ...}; a cancelled or moved booking gets nothing."""

from portal.booking import service
from portal.observability import observed
from portal.settings import require

require("BOOKINGS_TABLE")


@observed
def lambda_handler(event, context):
    return service.remind(str(event.get("booking_id", "")), str(event.get("start_utc", "")))
