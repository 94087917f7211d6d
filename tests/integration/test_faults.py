"""Faults injected where AWS fails in real life, for every change (book, reschedule, cancel, intake):
SES throttling or failing at each email, EventBridge Scheduler failing, DynamoDB cancelling the
change's transaction (TransactionConflict, retried) or failing outright, the idempotency store
failing. After the fault, the visitor's retry (same Idempotency-Key) and the outbox's own retries
(its stream, then its sweep a few minutes later), each change was made once, each email went out
once, each reminder schedule matches its booking, and nothing is left pending.

In-process (moto, the `api` fixture); faults are raised at botocore, where pynamodb and boto3 both
call AWS, so the code's own error handling is what is tested."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import botocore.client
import pytest
from botocore.exceptions import ClientError

from portal.outbox import delivery
from tests.integration.fault_flows import FLOWS, UTC, book, drain, run, settled, slots


class Faults:
    """Makes chosen AWS calls fail: the `skip`+1-th matching call and the `times`-1 after it."""

    def __init__(self, original):
        self.original, self.rules, self.raised = original, [], Counter()

    def arm(
        self,
        service: str,
        operation: str,
        *,
        code: str = "Throttling",
        skip: int = 0,
        times: int = 1,
        table: str | None = None,
    ) -> None:
        self.rules.append(
            {
                "service": service,
                "operation": operation,
                "code": code,
                "skip": skip,
                "times": times,
                "table": table,
            }
        )

    def __call__(self, client, operation, params):
        service = client.meta.service_model.service_name
        for rule in self.rules:
            if (rule["service"], rule["operation"]) != (service, operation) or rule["times"] <= 0:
                continue
            if rule["table"] and params.get("TableName") != rule["table"]:
                continue
            if rule["skip"] > 0:
                rule["skip"] -= 1
                continue
            rule["times"] -= 1
            self.raised[(service, operation, rule["code"])] += 1
            raise self.error(rule["code"], operation, params)
        return self.original(client, operation, params)

    @staticmethod
    def error(code: str, operation: str, params: dict) -> ClientError:
        response = {
            "Error": {"Code": code, "Message": f"injected {code}"},
            "ResponseMetadata": {"HTTPStatusCode": 400 if code != "InternalServerError" else 500},
        }
        if code == "TransactionConflict":  # what DynamoDB answers when another transaction holds an item
            reasons = [{"Code": "None"} for _ in params["TransactItems"]]
            reasons[0] = {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}
            response["Error"]["Code"] = "TransactionCanceledException"
            response["CancellationReasons"] = reasons
        return ClientError(response, operation)


@pytest.fixture
def faults(api, monkeypatch):
    injected = Faults(botocore.client.BaseClient._make_api_call)
    monkeypatch.setattr(
        botocore.client.BaseClient,
        "_make_api_call",
        lambda client, operation, params: injected(client, operation, params),
    )
    return injected


# ------------------------------------------------------------------ the faults


@pytest.mark.parametrize("flow", FLOWS)
@pytest.mark.parametrize("which", [0, 1])  # the change's first or second email
@pytest.mark.parametrize(
    "code, times", [("Throttling", 1), ("Throttling", 3), ("ServiceUnavailable", 2), ("MessageRejected", 1)]
)
def test_ses_failing_at_each_email(api, sent_mail, faults, flow, which, code, times):
    run(
        api,
        sent_mail,
        faults,
        flow,
        lambda f: f.arm("ses", "SendRawEmail", code=code, skip=which, times=times),
    )


@pytest.mark.parametrize("flow", ["book", "reschedule", "cancel"])
@pytest.mark.parametrize("times", [1, 3])
def test_scheduler_failing(api, sent_mail, faults, flow, times):
    operations = {
        "book": ["CreateSchedule"],
        "reschedule": ["CreateSchedule", "UpdateSchedule"],
        "cancel": ["DeleteSchedule"],
    }[flow]

    def arm(f):
        for operation in operations:
            f.arm("scheduler", operation, code="ThrottlingException", times=times)

    run(api, sent_mail, faults, flow, arm)


@pytest.mark.parametrize("flow", FLOWS)
@pytest.mark.parametrize("times", [1, 3, 10])  # retried inside the request; beyond its attempts a 503
def test_transaction_conflict_on_the_change(api, sent_mail, faults, flow, times):
    run(
        api,
        sent_mail,
        faults,
        flow,
        lambda f: f.arm("dynamodb", "TransactWriteItems", code="TransactionConflict", times=times),
    )


@pytest.mark.parametrize("flow", FLOWS)
@pytest.mark.parametrize("code", ["InternalServerError", "ProvisionedThroughputExceededException"])
def test_dynamodb_failing_the_change(api, sent_mail, faults, flow, code):
    run(api, sent_mail, faults, flow, lambda f: f.arm("dynamodb", "TransactWriteItems", code=code))


@pytest.mark.parametrize("operation", ["PutItem", "UpdateItem"])  # taking the key, or saving the answer
def test_the_idempotency_store_failing(api, sent_mail, faults, operation):
    from portal.settings import settings

    run(
        api,
        sent_mail,
        faults,
        "book",
        lambda f: f.arm(
            "dynamodb", operation, code="InternalServerError", table=settings().idempotency_table
        ),
    )


def test_a_delivery_that_fails_every_time_ends_dead_and_is_redriven_once(api, sent_mail, faults):
    free = slots(api)
    faults.arm("ses", "SendRawEmail", code="MessageRejected", times=delivery.MAX_ATTEMPTS * 2)
    assert book(api, free[0]).status == 201
    drain(minutes=24 * 60)
    from portal.models.outbox import OutboxMessage

    assert Counter(item.status for item in OutboxMessage.scan()) == Counter({"dead": 2, "sent": 1})
    assert sent_mail() == []
    faults.rules.clear()
    assert delivery.redrive(datetime.now(UTC))["sent"] == 2
    settled(sent_mail, 2)
