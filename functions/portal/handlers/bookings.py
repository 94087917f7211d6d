"""Discovery-call booking: availability, booking and the manage link's actions."""

from portal.api import build_app
from portal.observability import observed
from portal.routes import bookings

app = build_app(bookings.router)


@observed
def lambda_handler(event, context):
    return app.resolve(event, context)
