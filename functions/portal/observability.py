"""Logs, traces and business metrics for every Lambda function, set up in one place.

Each handler module keeps its three-line `lambda_handler` and puts one decorator on it:

    from portal.observability import observed

    @observed
    def lambda_handler(event, context):
        return app.resolve(event, context)

Domain code records a business event with `count("BookingsMade")`; the names are listed in
`BUSINESS_METRICS` (the CloudWatch dashboard in template.yaml shows each of them, and a test keeps
the two in step), so a typo fails at once instead of publishing a metric nobody watches.

What this module guarantees:
- JSON logs with the request's correlation id (API Gateway's request id) and the Lambda context;
- the event is never logged (`log_event=False`), and every email address that reaches a log line
  anyway (a message, an extra key, an exception) is masked: `m***@example.com`, in the portal's
  Logger and in what libraries log through the runtime's root handler (`mask_root_handlers`);
- an exception that escapes the handler is logged masked and reaches the Lambda runtime (which
  prints its type, message and traceback) as an `UnhandledError` whose message is masked;
- traces without response or exception payloads (they may carry personal data);
- metrics in the `VaPortal` namespace with the dimension `service=va-portal`
  (POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE in template.yaml's Globals).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import warnings
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter
from aws_lambda_powertools.logging.types import PowertoolsLogRecord
from aws_lambda_powertools.metrics import MetricUnit

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "va-portal")
NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "VaPortal")

#: A Lambda handler: (event, context) -> answer.
Handler = Callable[[dict[str, Any], Any], Any]

#: Every business metric a function may publish (a Count, one per event), and who publishes it.
BUSINESS_METRICS = {
    "BookingsMade": "booking: a new discovery call was booked (a reschedule is not a new booking)",
    "BookingsCancelled": "booking: a booking was cancelled",
    "IntakesReceived": "intake: an intake questionnaire was submitted",
    "CheckoutsStarted": "billing: a Stripe Checkout session was created",
    "RetainersActivated": "billing: a retainer subscription became active (webhook)",
    "PaymentsFailed": "billing: an invoice payment failed (webhook)",
    "WebhookRejected": "billing: a webhook was refused (bad or missing signature, too old)",
    "WebhookFailed": "billing: a verified webhook could not be processed (answered 5xx)",
    "OutboxDelivered": "outbox: an email was sent or a schedule synced",
    "OutboxSkipped": "outbox: a message had nothing left to say (record gone) or hit the daily cap",
    "OutboxRetried": "outbox: a delivery failed and waits for its next try",
    "OutboxDead": "outbox: a message failed every try (alarm; make outbox-redrive)",
}

# Local part, @, domain: enough to catch what people type; masking is best effort by design.
EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def mask_emails(text: str) -> str:
    """`maya.lindqvist@example.com` -> `m***@example.com`: the domain stays (useful), the person goes."""
    return EMAIL.sub(r"\1***@\2", text)


class MaskingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON formatter, with email addresses masked in the finished line."""

    def serialize(self, log: dict[str, Any] | PowertoolsLogRecord) -> str:
        return mask_emails(super().serialize(log))


class MaskingFilter(logging.Filter):
    """Masks a record before any handler formats it: message with its arguments, traceback, stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask_emails(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_emails(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_emails(record.stack_info)
        return True


def mask_root_handlers() -> None:
    """Masks what reaches the root logger's handlers (the Lambda runtime installs one before the
    handler module is imported): botocore, pynamodb and Powertools' own modules log through it."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(existing, MaskingFilter) for existing in handler.filters):
            handler.addFilter(MaskingFilter())


class UnhandledError(RuntimeError):
    """What the Lambda runtime sees of an exception that escaped a handler: its type and masked message."""


# Most requests count no business event; that is normal, not worth a warning in every container's log.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)

logger = Logger(service=SERVICE, logger_formatter=MaskingFormatter())
# A module that created a plain `Logger()` before this one was imported configured the shared
# handler first, with its own formatter (and keys): make that formatter mask too.
if type(logger.registered_formatter) is LambdaPowertoolsFormatter:
    logger.registered_formatter.__class__ = MaskingFormatter
# No automatic patching: on its own, Tracer() patches (and so imports) every library X-Ray knows
# (requests, httplib, sqlite3, pynamodb ...) at a handler's import, a third of the site function's
# cold start (bench/RESULTS.md). Powertools keeps a Tracer's first configuration for every later
# instance, and this is the only one the portal builds. trace_aws_calls() patches botocore instead,
# where the first AWS client or model is made.
tracer = Tracer(service=SERVICE, auto_patch=False)
metrics = Metrics(service=SERVICE, namespace=NAMESPACE)


@functools.cache
def trace_aws_calls() -> None:
    """Traces every AWS SDK call from now on (boto3 and pynamodb both go through botocore; a no-op
    where tracing is off). Idempotent."""
    tracer.patch(["botocore"])


def count(metric_name: str, value: int = 1) -> None:
    """Adds one business event to this invocation's metrics (published when the handler returns)."""
    if metric_name not in BUSINESS_METRICS:
        raise ValueError(
            f"unknown business metric {metric_name!r}: add it to BUSINESS_METRICS "
            "and to the dashboard in template.yaml"
        )
    metrics.add_metric(name=metric_name, unit=MetricUnit.Count, value=value)


def _masked_errors(handler: Handler) -> Handler:
    """Logs an escaping exception (masked, with its traceback) and raises in its place an
    UnhandledError whose message is masked, with no chained cause: the runtime prints no address."""

    @functools.wraps(handler)
    def wrapper(event: dict[str, Any], context: Any) -> Any:
        try:
            return handler(event, context)
        except Exception as error:
            logger.exception("unhandled error", extra={"error": type(error).__name__})
            raise UnhandledError(f"{type(error).__name__}: {mask_emails(str(error))}") from None

    return wrapper


def observed(handler: Handler) -> Handler:
    """The one decorator for a Lambda handler behind the HTTP API: context and correlation id in
    every log line, no event logged, an X-Ray segment without payloads, metrics flushed on return,
    no email address in whatever an error prints."""
    mask_root_handlers()
    handler = metrics.log_metrics(handler)
    handler = tracer.capture_lambda_handler(handler, capture_response=False, capture_error=False)
    handler = logger.inject_lambda_context(
        handler, correlation_id_path=correlation_paths.API_GATEWAY_HTTP, log_event=False
    )
    return _masked_errors(handler)
