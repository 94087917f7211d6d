"""Faults injected where AWS fails in real life, for every change (book, reschedule, cancel, intake):
SES throttling or failing at each email, EventBridge Scheduler failing, DynamoDB cancelling the
change's transaction (TransactionConflict, retried) or failing outright, the idempotency store
failing. After the fault, the visitor's retry (same Idempotency-Key) and the outbox's own retries
(its stream, then its sweep a few minutes later), each change was made once, each email went out
once, each reminder schedule matches its booking, and nothing is left pending.

In-process (moto, the `api` fixture); faults are raised at botocore, where pynamodb and boto3 both
call AWS, so the code's own error handling is what is tested."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import botocore.client
import pytest
from botocore.exceptions import ClientError

from portal.outbox import delivery

FORM = json.loads((Path(__file__).parents[1] / "events" / "intake.json").read_text())


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


# ------------------------------------------------------------------ the flows and what must hold


def slots(api) -> list[str]:
    today = date.today()
    answer = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}&tz=America/New_York")
    return [slot["start"] for slot in answer.json()["slots"]]


def book(api, start: str, key: str = "key-1"):
    return api.post(
        "/api/bookings",
        {"name": "Ada Lovelace", "email": "ada@example.com", "start": start, "timezone": "America/New_York"},
        headers={"Idempotency-Key": key},
    )


def link(answer) -> tuple[str, str]:
    query = parse_qs(urlsplit(answer.json()["manage_url"]).query)
    return query["id"][0], query["token"][0]


def drain(minutes: int = 240) -> None:
    """The outbox's sweep, run as its schedule would over the next hours (backoff doubles to an hour)."""
    for after in (2, 4, 8, 16, 32, 64, 128, minutes):
        delivery.sweep(datetime.now(UTC) + timedelta(minutes=after))


def settled(sent_mail, emails: int) -> None:
    """Nothing pending or dead, and exactly `emails` emails, none twice."""
    from portal.models.outbox import OutboxMessage

    statuses = Counter(item.status for item in OutboxMessage.scan())
    assert set(statuses) <= {"sent", "skipped"}, statuses
    mail = [
        (
            m["to"],
            m["subject"],
            next(
                (
                    line
                    for a in m["attachments"]
                    for line in (a["content"] or "").splitlines()
                    if line.startswith("SEQUENCE:")
                ),
                "",
            ),
        )
        for m in sent_mail()
    ]
    assert len(mail) == emails and len(set(mail)) == emails, Counter(mail)


def bookings() -> list:
    from portal.models.bookings import Booking

    return [item for item in Booking.scan() if item.kind == "booking"]


def schedule(booking_id: str) -> dict | None:
    from portal.booking import reminders

    scheduler = boto3.client("scheduler")
    try:
        return scheduler.get_schedule(
            Name=reminders.schedule_name(booking_id), GroupName="ReminderScheduleGroup"
        )
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def reminder_matches(booking) -> None:
    found = schedule(booking.id)
    if booking.status != "confirmed":
        assert found is None
        return
    assert found is not None and json.loads(found["Target"]["Input"])["start_utc"] == booking.start_utc


def made(api, start: str) -> tuple[str, str]:
    """A booking made without faults, its emails and schedule delivered."""
    answer = book(api, start, key="setup")
    assert answer.status == 201, answer.body
    drain()
    return link(answer)


def change(api, flow: str, free: list[str], booking: tuple[str, str] | None):
    if flow == "book":
        return book(api, free[0])
    if flow == "intake":
        return api.post("/api/intake", FORM)
    booking_id, token = booking
    if flow == "reschedule":
        return api.post(f"/api/bookings/{booking_id}/reschedule", {"token": token, "start": free[-1]})
    return api.post(f"/api/bookings/{booking_id}/cancel", {"token": token})


EXPECTED = {"book": 2, "reschedule": 2, "cancel": 2, "intake": 2}  # emails each change sends
OK = {"book": 201, "reschedule": 200, "cancel": 200, "intake": 201}


def check(api, sent_mail, flow: str, setup_emails: int) -> None:
    settled(sent_mail, setup_emails + EXPECTED[flow])
    if flow == "intake":
        from portal.models.clients import Client
        from portal.models.intakes import Intake

        assert [item.id for item in Intake.scan()] == [FORM["submission_id"]]
        assert Client.get(FORM["email"].lower()).name == FORM["name"]
        return
    (booking,) = bookings()
    assert int(booking.sequence) == {"book": 0, "reschedule": 1, "cancel": 1}[flow]
    assert booking.status == ("cancelled" if flow == "cancel" else "confirmed")
    reminder_matches(booking)


def retry(api, flow: str, free: list[str], booking, first) -> None:
    """The visitor's retry after whatever they were answered: the same request again."""
    again = change(api, flow, free, booking)
    if first.status == OK[flow] and flow in ("book", "intake"):
        assert again.status == OK[flow] and again.json() == first.json()  # the same answer, nothing new
    elif first.status == OK[flow]:
        assert again.status in (200, 409), again.body  # moved already (same answer) or cancelled already
    else:
        assert again.status == OK[flow], again.body


def run(api, sent_mail, faults, flow: str, arm) -> None:
    free = slots(api)
    booking = made(api, free[0]) if flow in ("reschedule", "cancel") else None
    setup_emails = len(sent_mail())
    arm(faults)
    first = change(api, flow, free, booking)
    assert first.status in (OK[flow], 503), first.body
    if first.status == 503:
        assert "try again" in first.json()["message"].lower()
    retry(api, flow, free, booking, first)
    drain()
    assert sum(faults.raised.values()) > 0, "the fault never happened"
    check(api, sent_mail, flow, setup_emails)


FLOWS = ["book", "reschedule", "cancel", "intake"]


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
