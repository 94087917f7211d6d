"""Sends a booking's reminder when its EventBridge Scheduler schedule fires (not an HTTP function).
The event is {"booking_id": ..., "start_utc": ...}; a cancelled or moved booking gets nothing."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.bookings import service
from portal.observability import observed
from portal.settings import require

require("BOOKINGS_TABLE")


@observed
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
    return service.remind(str(event.get("booking_id", "")), str(event.get("start_utc", "")))
