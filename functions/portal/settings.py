"""Configuration from the environment, read and validated once per container.

template.yaml sets these variables for the deployed stack; the local runner (infra/local) sets the
same ones from the same template, so the two cannot drift. Every function gets the global variables
(template.yaml's Globals); the others only the functions that need them, so each handler module
names what it needs with `require(...)` at import: a missing one fails the cold start, naming the
variable, rather than the first request that reaches the table. Secrets are never here: only the
names of the Secrets Manager secrets (portal.links, portal.client_ip) and SSM parameters
(portal.billing.stripe_client, portal.bookings.busy_feed) that hold them.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: How long a secret read from SSM or Secrets Manager is kept in a container: a rotated value reaches
#: every container within this many seconds (portal.links, portal.client_ip, portal.billing.stripe_client).
SECRET_MAX_AGE_SECONDS = 300


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    stage: str = Field(default="prod", description="'local' for the offline stack and tests")
    clients_table: str = Field(min_length=3)
    idempotency_table: str = Field(min_length=3)
    # Every email and schedule owed by a change (portal.outbox), and the key that makes links.
    outbox_table: str = Field(min_length=3)
    # Tables with a default of "" are set only on the functions that use them: a handler that needs
    # one says so with require() (see the module's docstring).
    # Client portal: sign-in tokens and sessions, and the assistant's audit trail (portal.auth).
    sessions_table: str = ""
    audit_table: str = ""
    # The retainer hours ledger (portal.ledger): periods, time entries, tracker names.
    ledger_table: str = ""
    link_secret_name: str = ""  # Secrets Manager secret name; "" only locally (portal.links)
    mail_daily_cap: int = Field(default=20, gt=0)  # emails a day to one address (the assistant: none)
    # The site's own origin (https://example.com); used for links in emails and for CORS.
    site_origin: str = Field(pattern=r"^https?://[^/]+$")
    # Verified SES identity that sends every email, and the assistant's inbox for notifications.
    mail_from: str = Field(min_length=3)
    assistant_email: str = Field(min_length=3)
    # Secrets Manager secret CloudFront adds as X-Origin-Verify (portal.client_ip); "" locally.
    origin_verify_secret: str = ""
    # Stripe events (invoices with many lines) run to tens of KiB; nothing the portal takes is larger.
    max_body_bytes: int = Field(default=262144, gt=0)
    # Local stack only: the endpoint of DynamoDB Local / moto. Unset in AWS.
    dynamodb_endpoint: str | None = None
    aws_region: str = "us-east-1"
    # Intake questionnaire (portal.intake).
    intakes_table: str = Field(min_length=3)
    # Rate limits on public POSTs (portal.ratelimit): requests per source IP (IPv6: per /64) per
    # endpoint per window; per email address (its hash) per endpoint; and per endpoint for every
    # address together (a ceiling on what a crowd of hosts can put in the calendar or the inbox).
    rate_limits_table: str = Field(min_length=3)
    rate_limit_requests: int = Field(default=10, gt=0)
    rate_limit_window_seconds: int = Field(default=600, gt=0)
    rate_limit_email_requests: int = Field(default=5, gt=0)
    rate_limit_email_window_seconds: int = Field(default=3600, gt=0)
    rate_limit_global_requests: int = Field(default=300, gt=0)
    rate_limit_global_window_seconds: int = Field(default=600, gt=0)
    # Booking (set on the booking and reminder functions only).
    bookings_table: str = ""
    # SSM parameter holding the assistant's private iCalendar feed URL (a secret); "" = no feed.
    busy_feed_parameter: str = ""
    reminder_schedule_group: str = ""
    reminder_function_arn: str = ""
    scheduler_role_arn: str = ""
    # Billing (Stripe retainers). The Stripe secret key and webhook signing secret(s) live in SSM
    # Parameter Store as SecureStrings; only their parameter NAMES are configuration.
    invoices_table: str = ""
    billing_events_table: str = ""
    billing_links_table: str = ""
    stripe_secret_key_param: str | None = None
    stripe_webhook_secret_param: str | None = None
    checkout_promotion_codes: bool = False
    checkout_automatic_tax: bool = False
    billing_link_minutes: int = Field(default=30, gt=0, le=1440)
    # Local stack only: the offline Stripe stand-in's address. template.yaml never sets it, and
    # portal.billing.stripe_client refuses it unless the stage is "local".
    stripe_api_base: str | None = None

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


_ENV = {
    "stage": "STAGE",
    "clients_table": "CLIENTS_TABLE",
    "idempotency_table": "IDEMPOTENCY_TABLE",
    "outbox_table": "OUTBOX_TABLE",
    "link_secret_name": "LINK_SECRET_NAME",
    "sessions_table": "SESSIONS_TABLE",
    "audit_table": "AUDIT_TABLE",
    "ledger_table": "LEDGER_TABLE",
    "mail_daily_cap": "MAIL_DAILY_CAP",
    "site_origin": "SITE_ORIGIN",
    "mail_from": "MAIL_FROM",
    "assistant_email": "ASSISTANT_EMAIL",
    "max_body_bytes": "MAX_BODY_BYTES",
    "origin_verify_secret": "ORIGIN_VERIFY_SECRET",
    "aws_region": "AWS_REGION",
    "intakes_table": "INTAKES_TABLE",
    "rate_limits_table": "RATE_LIMITS_TABLE",
    "rate_limit_requests": "RATE_LIMIT_REQUESTS",
    "rate_limit_window_seconds": "RATE_LIMIT_WINDOW_SECONDS",
    "rate_limit_email_requests": "RATE_LIMIT_EMAIL_REQUESTS",
    "rate_limit_email_window_seconds": "RATE_LIMIT_EMAIL_WINDOW_SECONDS",
    "rate_limit_global_requests": "RATE_LIMIT_GLOBAL_REQUESTS",
    "rate_limit_global_window_seconds": "RATE_LIMIT_GLOBAL_WINDOW_SECONDS",
    "bookings_table": "BOOKINGS_TABLE",
    "busy_feed_parameter": "BUSY_FEED_PARAMETER",
    "reminder_schedule_group": "REMINDER_SCHEDULE_GROUP",
    "reminder_function_arn": "REMINDER_FUNCTION_ARN",
    "scheduler_role_arn": "SCHEDULER_ROLE_ARN",
    "invoices_table": "INVOICES_TABLE",
    "billing_events_table": "BILLING_EVENTS_TABLE",
    "billing_links_table": "BILLING_LINKS_TABLE",
    "stripe_secret_key_param": "STRIPE_SECRET_KEY_PARAM",
    "stripe_webhook_secret_param": "STRIPE_WEBHOOK_SECRET_PARAM",
    "checkout_promotion_codes": "CHECKOUT_PROMOTION_CODES",
    "checkout_automatic_tax": "CHECKOUT_AUTOMATIC_TAX",
    "billing_link_minutes": "BILLING_LINK_MINUTES",
    "stripe_api_base": "STRIPE_API_BASE",
}


class ConfigurationError(RuntimeError):
    """The function's environment is wrong: a deployment problem, never the caller's fault."""


@lru_cache(maxsize=1)
def settings() -> Settings:
    values = {field: os.environ[name] for field, name in _ENV.items() if os.environ.get(name)}
    endpoint = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        values["dynamodb_endpoint"] = endpoint
    if "aws_region" not in values and os.environ.get("AWS_DEFAULT_REGION"):
        values["aws_region"] = os.environ["AWS_DEFAULT_REGION"]
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        names = ", ".join(_ENV.get(str(e["loc"][0]), str(e["loc"][0])) for e in error.errors())
        raise ConfigurationError(f"invalid or missing environment variables: {names}") from None


def require(*variables: str) -> Settings:
    """The settings, once every named environment variable is set: a handler module calls it at
    import with the variables its function needs beyond the global ones, so a function deployed or
    run without one fails its cold start with the variable's name."""
    current = settings()
    fields = {name: field for field, name in _ENV.items()}
    unknown = [name for name in variables if name not in fields]
    if unknown:
        raise ConfigurationError(f"unknown environment variables required: {', '.join(unknown)}")
    missing = [name for name in variables if not getattr(current, fields[name])]
    if missing:
        raise ConfigurationError(
            f"this function needs the environment variables {', '.join(missing)}, which are not set "
            "(template.yaml sets them in the function's Environment)"
        )
    return current
