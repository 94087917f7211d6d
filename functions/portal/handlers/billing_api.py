"""Retainer billing: checkout, checkout status, Stripe webhooks and billing-portal links."""
from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.logging import correlation_paths

from portal.api import build_app
from portal.routes import billing

logger = Logger()
tracer = Tracer()
app = build_app(billing.router)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
def lambda_handler(event, context):
    return app.resolve(event, context)
