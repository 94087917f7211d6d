"""The monthly AWS bill of a practice, from the prices in bench/prices.yaml and what this bench run
measured: each API operation's p50 duration and DynamoDB calls (bench/api.py), each function's cold
import (bench/coldstart.py). Beside it, what the SaaS tools the portal replaces cost a month.

Two practices: the small one of issue 13 (15 clients, 3,000 site visits, 60 bookings, 30 intakes a
month) and one 100 times larger. Every count below that the issue does not give is an assumption,
named and explained where it is made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.report import Row
from infra.local import template as tpl

PRICES = Path(__file__).resolve().parent / "prices.yaml"
MEMORY_GB = 0.5  # template.yaml Globals MemorySize: 512


@dataclass(frozen=True)
class Practice:
    name: str
    clients: int
    visits: int
    bookings: int
    intakes: int

    def scaled(self, factor: int) -> Practice:
        return Practice(
            f"{factor}× larger",
            self.clients * factor,
            self.visits * factor,
            self.bookings * factor,
            self.intakes * factor,
        )


SMALL = Practice("small practice", clients=15, visits=3000, bookings=60, intakes=30)

# Assumptions (not measured): how visits and clients turn into requests.
PAGES_PER_VISIT = 3
BYTES_PER_VISIT = 600 * 1024  # a first visit's pages and assets, compressed (cf. the Site rows)
REQUESTS_PER_VISIT = 25  # HTML, CSS, JS, images, through CloudFront
CACHE_MISS_SHARE = 0.1  # CloudFront requests that reach S3
AVAILABILITY_PER_BOOKING = 10  # visitors look at the calendar more often than they book
CANCEL_SHARE = 0.1
SIGN_INS_PER_CLIENT = 4  # a month: link, session, account page, hours meter each time
TIME_ENTRIES_PER_CLIENT = 20
WEBHOOKS_PER_CLIENT = 3  # invoice.paid, subscription updated, ... a month
COLD_SHARE = {"small practice": 0.5, "larger": 0.05}  # of invocations that start a new container
LOG_BYTES_PER_INVOCATION = 1024  # START/END/REPORT lines, the access log line and one app line
LOG_MONTHS_KEPT = 3  # LogRetentionDays 90
OUTBOX_SECONDS = 0.1  # one delivery: a claim, a render, one SES call, a mark (not measured)
REMINDER_SECONDS = 0.05  # one GetItem and an outbox write (not measured)
TRANSACTION_ITEMS = 3  # items in a TransactWriteItems (booking: booking, client, day counter ...)
STORED_GB = 0.05  # every table's items for a small practice: a few thousand small items


def _emails(p: Practice) -> dict[str, float]:
    """Outbox messages a month (each one OutboxFunction delivery and, but for actions, one email)."""
    return {
        "booking": p.bookings * 2,
        "cancel": p.bookings * CANCEL_SHARE * 2,
        "reminder": p.bookings,
        "intake": p.intakes * 2,
        "sign-in": p.clients * SIGN_INS_PER_CLIENT,
        "billing": p.clients * WEBHOOKS_PER_CLIENT / 3,
        "statement": p.clients,
    }


def requests(p: Practice) -> dict[str, float]:
    """Requests a month per bench operation name."""
    per_webhook = p.clients * WEBHOOKS_PER_CLIENT / 2
    return {
        "availability, 62 days": p.bookings * AVAILABILITY_PER_BOOKING,
        "booking": p.bookings,
        "cancel": p.bookings * CANCEL_SHARE,
        "intake": p.intakes,
        "webhook: invoice.paid": per_webhook,
        "webhook: customer.subscription.updated": per_webhook,
        "sign-in link": p.clients * SIGN_INS_PER_CLIENT,
        "sign in with the link": p.clients * SIGN_INS_PER_CLIENT,
        "account page": p.clients * SIGN_INS_PER_CLIENT,
        "hours meter": p.clients * SIGN_INS_PER_CLIENT,
        "log time": p.clients * TIME_ENTRIES_PER_CLIENT,
        "catalog": p.visits / PAGES_PER_VISIT,
    }


def units(calls: dict[str, int]) -> tuple[float, float]:
    """Read and write request units of one request's DynamoDB calls: a read or a write of an item
    under 4 KB (1 KB for writes) is one unit; a transaction costs two per item."""
    reads = sum(n for op, n in calls.items() if op in ("GetItem", "Query", "Scan", "BatchGetItem"))
    writes = sum(
        n for op, n in calls.items() if op in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem")
    )
    writes += 2 * TRANSACTION_ITEMS * calls.get("TransactWriteItems", 0)
    reads += 2 * TRANSACTION_ITEMS * calls.get("TransactGetItems", 0)
    return reads, writes


def bill(p: Practice, measured: dict[str, dict], cold: dict[str, float], prices: dict) -> dict[str, float]:
    aws = prices["aws"]

    def cost(key: str, quantity: float) -> float:
        return quantity * aws[key]["price"] / aws[key]["per"]

    cold_share = COLD_SHARE["small practice" if p.name == SMALL.name else "larger"]
    cold_seconds = sum(cold.values()) / max(len(cold), 1)
    api_requests = lambda_requests = gb_seconds = reads = writes = 0.0
    for name, count in requests(p).items():
        found = measured.get(name)
        if not found:
            continue
        seconds = math.ceil(found["p50"] * 1000) / 1000 + cold_share * cold_seconds
        api_requests += count
        lambda_requests += count
        gb_seconds += count * seconds * MEMORY_GB
        r, w = units(found["calls"])
        reads, writes = reads + count * r, writes + count * w
    emails = _emails(p)
    deliveries = sum(emails.values())
    lambda_requests += deliveries + p.bookings  # the outbox's deliveries, the reminders' schedules
    gb_seconds += (deliveries * OUTBOX_SECONDS + p.bookings * REMINDER_SECONDS) * MEMORY_GB
    writes += deliveries * 2  # claim and mark; the message itself was counted with its request
    reads += deliveries
    alarms = len(tpl.resources(kind="AWS::CloudWatch::Alarm"))
    secrets = len(tpl.resources(kind="AWS::SecretsManager::Secret"))
    from portal.observability import BUSINESS_METRICS

    log_gb = lambda_requests * LOG_BYTES_PER_INVOCATION / 1024**3
    cdn_requests = p.visits * REQUESTS_PER_VISIT + api_requests
    return {
        "Lambda requests": cost("lambda_request", lambda_requests),
        "Lambda GB-seconds": cost("lambda_gb_second_arm64", gb_seconds),
        "HTTP API": cost("http_api_request", api_requests),
        "DynamoDB reads": cost("dynamodb_read_request_unit", reads),
        "DynamoDB writes": cost("dynamodb_write_request_unit", writes),
        "DynamoDB storage": cost("dynamodb_storage", STORED_GB * p.clients / SMALL.clients),
        "SES": cost("ses_email", deliveries - p.bookings),  # reminder.sync is an action, not an email
        "CloudFront": cost("cloudfront_transfer", p.visits * BYTES_PER_VISIT / 1024**3)
        + cost("cloudfront_https_request", cdn_requests),
        "S3": cost("s3_get", p.visits * REQUESTS_PER_VISIT * CACHE_MISS_SHARE) + cost("s3_storage", 0.01),
        "CloudWatch alarms": cost("cloudwatch_alarm", alarms),
        "CloudWatch logs": cost("cloudwatch_logs_ingestion", log_gb)
        + cost("cloudwatch_logs_storage", log_gb * LOG_MONTHS_KEPT),
        "CloudWatch metrics and dashboard": cost("cloudwatch_custom_metric", len(BUSINESS_METRICS))
        + cost("cloudwatch_dashboard", 1),
        "X-Ray": cost("xray_trace", lambda_requests),
        "Secrets Manager": cost("secrets_manager_secret", secrets),
        "EventBridge Scheduler": cost("scheduler_invocation", p.bookings),
    }


def _money(value: float) -> str:
    return f"${value:,.2f}" if value >= 0.01 else f"${value:.4f}"


def measure(measured: dict[str, dict], cold: dict[str, float]) -> list[Row]:
    prices = yaml.safe_load(PRICES.read_text(encoding="utf-8"))
    rows = []
    saas = prices["saas"]
    for practice in (SMALL, SMALL.scaled(100)):
        lines = bill(practice, measured, cold, prices)
        total = sum(lines.values())
        biggest = sorted(lines.items(), key=lambda kv: -kv[1])
        rows.append(
            Row(
                "Monthly cost",
                f"AWS, {practice.name} ({practice.clients} clients, {practice.visits:,} visits, "
                f"{practice.bookings:,} bookings, {practice.intakes:,} intakes)",
                f"{_money(total)} a month",
                "; ".join(f"{name} {_money(value)}" for name, value in biggest),
                "on-demand us-east-1, arm64, no free tier; prices from bench/prices.yaml (dated, with "
                "sources; "
                "not re-checked online); durations and DynamoDB calls from this run; assumptions in "
                "bench/costs.py",
            )
        )
    aws = prices["aws"]
    functions = len(tpl.functions())
    cache = functions * MEMORY_GB * 30 * 24 * 3600 * aws["snapstart_cache_python"]["price"]
    restore = MEMORY_GB * aws["snapstart_restore_python"]["price"]
    rows.append(
        Row(
            "Monthly cost",
            "SnapStart, if turned on (template parameter SnapStart)",
            f"{_money(cache)} a month + {_money(restore)} a restore",
            f"{functions} functions × {MEMORY_GB:g} GB cached all month, one published version each",
            "not in the bills above (off by default); prices from bench/prices.yaml",
        )
    )
    for tool in saas:
        rows.append(
            Row(
                "Monthly cost",
                f"SaaS: {tool['tool']}",
                f"${tool['price']:.2f} per {tool['unit']}",
                f"replaces {tool['replaces']}",
                f"as of {tool['as_of']}: {tool['source']}",
            )
        )
    return rows
