"""Retainer billing: checkout, checkout status, Stripe webhooks and billing-portal links."""

from portal.api import build_app
from portal.observability import observed
from portal.routes import billing

app = build_app(billing.router)


@observed
def lambda_handler(event, context):
    return app.resolve(event, context)
