"""Retainer billing: checkout, checkout status, Stripe webhooks and billing-portal links."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.api import build_app
from portal.observability import observed
from portal.routes import billing
from portal.settings import require

require(
    "INVOICES_TABLE",
    "BILLING_EVENTS_TABLE",
    "BILLING_LINKS_TABLE",
    "LEDGER_TABLE",
    "STRIPE_SECRET_KEY_PARAM",
    "STRIPE_WEBHOOK_SECRET_PARAM",
)

app = build_app(billing.router)


@observed
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
