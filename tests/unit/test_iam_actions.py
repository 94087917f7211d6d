"""Least privilege, proven by running the code: every AWS call each function makes in its real flows
(booking, intake, the outbox, reminders; moto, in-process) is allowed by that function's role in the
translated template, and every DynamoDB action a role grants on a table is one its function used.

The calls are recorded at botocore (pynamodb and boto3 both go through it), per function, with
the resource each names: locally every table and secret is named by its logical id."""

from __future__ import annotations

import contextvars
import fnmatch
import json
from datetime import UTC, date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.unit.stack_helpers import as_list, cfn, refs
from tests.unit.test_least_privilege import function_roles

# Slow (`make check` leaves it out): runs every function's flows against the translated template's policies.
pytestmark = pytest.mark.slow

CURRENT = contextvars.ContextVar("function", default=None)
#: Functions whose every flow runs here. BillingFunction's run below; PortalFunction's in test_iam_portal.py.
EXERCISED = ("IntakeFunction", "BookingFunction", "ReminderFunction", "OutboxFunction")
#: Granted though no flow here uses them, each for a reason.
FALLBACKS = {
    (
        "BookingFunction",
        "dynamodb:GetItem",
        "IdempotencyTable",
    ): "Powertools reads an idempotency record when a failed conditional put does not return it",
    (
        "BookingFunction",
        "dynamodb:Query",
        "BookingsTable",
    ): "the bookings by time, read when a day's counter predates its list of calls (bookings.day_spans)",
}
TRANSACT = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


def _calls(operation: str, service: str, params: dict) -> list[tuple[str, str, str | None]]:
    """(action, resource logical id, index) of one API call."""
    if service == "dynamodb":
        if operation == "TransactWriteItems":
            return [
                (f"dynamodb:{TRANSACT[kind]}", body["TableName"], None)
                for item in params["TransactItems"]
                for kind, body in item.items()
            ]
        if operation in ("BatchWriteItem", "BatchGetItem"):
            return [(f"dynamodb:{operation}", table, None) for table in params["RequestItems"]]
        return [(f"dynamodb:{operation}", params.get("TableName"), params.get("IndexName"))]
    if service == "secretsmanager":
        return [(f"secretsmanager:{operation}", params.get("SecretId"), None)]
    if service == "ssm":
        name = params.get("Name", "")
        named = {
            "busy-feed": "BusyFeedParameterName",
            "stripe/secret-key": "StripeSecretKeyParameter",
            "stripe/webhook-secret": "StripeWebhookSecretParameter",
        }
        return [(f"ssm:{operation}", next((v for k, v in named.items() if k in name), name), None)]
    return [(f"{service}:{operation}", None, None)]


@pytest.fixture
def recorded(api, monkeypatch):
    """Runs every handler the runner loads with its logical id current; records its AWS calls."""
    import botocore.client

    calls: dict[str, set] = {}
    original_call = botocore.client.BaseClient._make_api_call
    original_handler = type(api.runner).handler

    def make_api_call(client, operation, params):
        function = CURRENT.get()
        if function:
            service = client.meta.service_model.service_name
            calls.setdefault(function, set()).update(_calls(operation, service, params))
        return original_call(client, operation, params)

    def handler(runner, logical_id):
        inner = original_handler(runner, logical_id)

        def run(event, context):
            from aws_lambda_powertools.utilities import parameters

            from portal import client_ip

            # Each function is its own process in AWS: no secret read by another is cached for it.
            parameters.clear_caches()
            client_ip.forget()
            token = CURRENT.set(logical_id)
            try:
                return inner(event, context)
            finally:
                CURRENT.reset(token)

        return run

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", make_api_call)
    monkeypatch.setattr(type(api.runner), "handler", handler)
    return calls


def _flows(api) -> None:
    """Every path of the four functions that touches AWS differently."""
    import boto3

    from infra.local.runner import LambdaContext
    from portal.bookings import reminders

    today = date.today()
    slots = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}").json()["slots"]
    body = {"name": "Ada", "email": "ada@example.com", "start": slots[0]["start"], "timezone": "UTC"}
    made = api.post("/api/bookings", body, headers={"Idempotency-Key": "one"})
    assert made.status == 201
    assert api.post("/api/bookings", body, headers={"Idempotency-Key": "one"}).status == 201  # replayed
    assert api.post("/api/bookings", body, headers={"Idempotency-Key": "two"}).status == 409  # record deleted
    query = parse_qs(urlsplit(made.json()["manage_url"]).query)
    booking_id, token = query["id"][0], query["token"][0]
    assert api.get(f"/api/bookings/{booking_id}?token={token}").status == 200
    scheduled = json.loads(
        boto3.client("scheduler").get_schedule(
            Name=reminders.schedule_name(booking_id), GroupName="ReminderScheduleGroup"
        )["Target"]["Input"]
    )
    remind = api.runner.handler("ReminderFunction")
    assert remind(scheduled, LambdaContext("ReminderFunction", 512, 10, "r"))["sent"] is True
    moved = api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": slots[-1]["start"]})
    assert moved.status == 200
    assert api.post(f"/api/bookings/{booking_id}/cancel", {"token": token}).status == 200

    from pathlib import Path

    form = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())
    global FORM_EMAIL
    FORM_EMAIL = form["email"].lower()
    assert api.post("/api/intake", form).status == 201
    assert api.post("/api/intake", form).status == 201  # a retry reads the stored one

    # A billing link email whose link is gone (the outbox reads BillingLinksTable and sends nothing).
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.outbox import service as outbox

    with TransactWrite(connection=connection()) as tx:
        outbox.add(tx, outbox.message("billing.link", "gone", token_sha256="0" * 64))
        # A sign-in link for the client the intake introduced (the outbox reads the client, puts the token).
        outbox.add(tx, outbox.message("auth.link", "sign-in", email=FORM_EMAIL, ref="0" * 32))
    api.outbox.stream_once()
    api.outbox.sweep()
    api.runner.handler("OutboxFunction")({"redrive": True}, LambdaContext("OutboxFunction", 512, 60, "o"))

    # A sign-in link for a known client: the outbox checks who it is and makes the token.
    assert api.post("/api/auth/link", {"email": "ada@example.com"}).status == 202
    # A retainer period closed by a renewal (no extra hours: Stripe is not called; that path is
    # tests/unit/billing/test_ledger_close.py), and its statement.
    from datetime import datetime

    from portal.ledger.service import _iso
    from portal.models.clients import Client

    end = datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=30)
    Client(
        "pat@example.com",
        name="Pat",
        tier="essentials-10",
        hours_per_month=10,
        created_at=end,
        updated_at=end,
        current_period_start=start,
        current_period_end=end,
    ).save()
    with TransactWrite(connection=connection()) as tx:
        outbox.add(
            tx,
            outbox.message(
                "ledger.close",
                "pat",
                _iso(start),
                email="pat@example.com",
                start=_iso(start),
                end=_iso(end),
                tier="essentials-10",
                hours=10,
            ),
        )
    api.outbox.stream_once()
    api.outbox.stream_once()
    # The daily schedule looks for hourly clients' ended months (a Scan, a BatchGetItem).
    Client("sam@example.com", created_at=end, updated_at=end, prepaid_since=start).save()
    api.outbox.close_months()


def _allowed(statements: list[dict], action: str, resource: str | None, index: str | None) -> bool:
    for statement in statements:
        if statement["Effect"] != "Allow" or not any(
            fnmatch.fnmatch(action, a) for a in as_list(statement["Action"])
        ):
            continue
        resources = as_list(statement["Resource"])
        if resource is None:  # no resource of this stack named (SES identity, schedules)
            return True
        named = [r for r in resources if resource in refs(r)]
        if named and (index is None or any("/index/" in json.dumps(r) for r in named)):
            return True
    return False


def test_every_call_is_allowed_and_every_table_action_granted_is_used(api, recorded, sent_mail):
    _flows(api)
    assert set(EXERCISED) <= set(recorded), sorted(recorded)
    roles = function_roles()
    for function, calls in sorted(recorded.items()):
        denied = sorted(call for call in calls if not _allowed(roles[function], *call))
        assert not denied, f"{function} calls what its role does not allow: {denied}"
    tables = {
        name for name, resource in cfn()["Resources"].items() if resource["Type"] == "AWS::DynamoDB::Table"
    }
    for function in EXERCISED:
        used = {
            (action, table) for action, table, _index in recorded[function] if action.startswith("dynamodb:")
        }
        for statement in roles[function]:
            for action in as_list(statement["Action"]):
                if not action.startswith("dynamodb:"):
                    continue
                for table in {t for r in as_list(statement["Resource"]) for t in refs(r) & tables}:
                    assert (action, table) in used or (function, action, table) in FALLBACKS, (
                        f"{function} is granted {action} on {table} and never uses it"
                    )


def _billing_flows(api, billing, checkout, deliver, sent_mail) -> None:
    """Every path of the billing function: checkout and its status, the webhooks of a retainer and
    of a prepaid block, a billing-portal link emailed and used once."""
    import re

    session_id = checkout(email="pat@example.com")
    for event in billing.pay(session_id):
        assert deliver(event).status == 200
        assert deliver(event).json()["outcome"] == "duplicate"
    assert api.get(f"/api/checkout/sessions/{session_id}").json()["status"] == "active"
    assert api.post("/api/checkout", {"tier": "essentials-10", "email": "pat@example.com"}).status == 409
    started = api.post("/api/checkout/prepaid", {"hours": 5, "email": "sam@example.com"}).json()
    for event in billing.pay(started["session_id"]):
        assert deliver(event).status == 200
    assert api.get(f"/api/checkout/sessions/{started['session_id']}").json()["status"] == "paid"
    assert api.post("/api/billing-portal", {"email": "pat@example.com"}).status == 202
    token = re.search(r"/billing/open/\?token=(\S+)", sent_mail()[-1]["text"]).group(1)
    assert api.post("/api/billing-portal/open", {"token": token}).status == 200
    assert api.post("/api/billing-portal/open", {"token": token}).status in (404, 410)
    assert (
        api.post("/api/billing-portal/renew", {"token": token}).status == 202
    )  # a new link to the same address


def test_every_billing_call_is_allowed_and_every_table_action_granted_is_used(
    api, recorded, sent_mail, billing, checkout, deliver
):
    _billing_flows(api, billing, checkout, deliver, sent_mail)
    roles = function_roles()
    calls = recorded["BillingFunction"]
    denied = sorted(call for call in calls if not _allowed(roles["BillingFunction"], *call))
    assert not denied, f"BillingFunction calls what its role does not allow: {denied}; all: {sorted(calls)}"
    tables = {
        name for name, resource in cfn()["Resources"].items() if resource["Type"] == "AWS::DynamoDB::Table"
    }
    used = {(action, table) for action, table, _index in calls if action.startswith("dynamodb:")}
    for statement in roles["BillingFunction"]:
        for action in as_list(statement["Action"]):
            for table in {t for r in as_list(statement["Resource"]) for t in refs(r) & tables}:
                if action.startswith("dynamodb:"):
                    assert (action, table) in used, (
                        f"BillingFunction is granted {action} on {table} and never uses it"
                    )
