"""The client portal: sign-in, the client's account, the assistant's practice view."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.api import build_app
from portal.observability import observed
from portal.routes import auth, ledger, me, practice
from portal.settings import require

require(
    "SESSIONS_TABLE",
    "AUDIT_TABLE",
    "LEDGER_TABLE",
    "BOOKINGS_TABLE",
    "INVOICES_TABLE",
    "BILLING_EVENTS_TABLE",
    "STRIPE_SECRET_KEY_PARAM",
)

app = build_app(auth.router, me.router, practice.router, ledger.router)


@observed
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
