"""Discovery-call booking: availability, booking and the manage link's actions."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.api import build_app
from portal.observability import observed
from portal.routes import bookings
from portal.settings import require

require("BOOKINGS_TABLE")

app = build_app(bookings.router)


@observed
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
