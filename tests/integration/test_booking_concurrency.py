"""Double booking is impossible on AWS's own DynamoDB Local: many simultaneous requests for one
slot, or for overlapping slots, and exactly one wins.

Two ways: the booking code itself raced from 20 threads in a process of its own against an
in-memory DynamoDB Local (real concurrent transactions), and the running stack over HTTP (whose
runner, like one Lambda container, takes one request at a time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from infra.local import dynamodb, services
from infra.local import template as tpl
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _slots(stack, tz="America/New_York"):
    today = date.today()
    answer = stack.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}&tz={tz}")
    assert answer.status == 200, answer.body
    return [s["start"] for s in answer.json()["slots"]]


def _post_all(stack, starts, prefix):
    def post(item):
        index, start = item
        return stack.post(
            "/api/bookings",
            {
                "name": f"Racer {index}",
                "email": f"{prefix}{index}@example.com",
                "start": start,
                "timezone": "America/New_York",
            },
        )

    with ThreadPoolExecutor(max_workers=len(starts)) as pool:
        return list(pool.map(post, enumerate(starts)))


def _stored(stack, starts):
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{stack.dynamodb_port}",
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    items = dynamodb.query(
        TableName="BookingsTable",
        IndexName="status-start_utc",
        KeyConditionExpression="#s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "confirmed"}},
    )["Items"]
    wanted = {datetime.fromisoformat(s) for s in starts}
    return [i for i in items if datetime.fromisoformat(i["start_utc"]["S"].replace("Z", "+00:00")) in wanted]


def test_twenty_requests_for_one_slot_book_it_once(local_stack):
    start = _slots(local_stack)[-1]
    answers = _post_all(local_stack, [start] * 20, "same")
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] + [409] * 19, statuses
    assert len(_stored(local_stack, [start])) == 1


def test_overlapping_slots_book_once_and_cancel_frees_the_slot(local_stack):
    free = _slots(local_stack)
    # Two starts 30 minutes apart: the 15-minute buffer after the first overlaps the second.
    pair = next(
        (a, b)
        for a, b in zip(free, free[1:], strict=False)
        if datetime.fromisoformat(b) - datetime.fromisoformat(a) == timedelta(minutes=30)
    )
    answers = _post_all(local_stack, [pair[0], pair[1]] * 10, "overlap")
    winners = [a for a in answers if a.status == 201]
    assert len(winners) == 1, [(a.status, a.body[:200]) for a in answers if a.status != 409]
    assert all(a.status == 409 for a in answers if a.status != 201)
    assert len(_stored(local_stack, pair)) == 1

    query = parse_qs(urlsplit(winners[0].json()["manage_url"]).query)
    cancelled = local_stack.post(f"/api/bookings/{query['id'][0]}/cancel", {"token": query["token"][0]})
    assert cancelled.status == 200
    assert set(pair) <= set(_slots(local_stack))
    again = local_stack.post(
        "/api/bookings",
        {
            "name": "Late",
            "email": "late@example.com",
            "start": winners[0].json()["start"],
            "timezone": "America/New_York",
        },
    )
    assert again.status == 201


RACE = textwrap.dedent("""
    import json, sys
    from concurrent.futures import ThreadPoolExecutor
    from datetime import datetime, timedelta, timezone
    from portal import errors
    from portal.bookings import service, slots

    # The race is about the claim; emails and reminders are outbox items in the same transaction.
    now = datetime.now(timezone.utc)
    free = [s for s, _ in slots.free_slots(service.rules(), now, now + timedelta(days=30), now)]
    first = free[-1]
    second = next(s for s in free if s - first == timedelta(minutes=30) or first - s == timedelta(minutes=30))
    starts = {"same": [first] * 20, "overlap": [first, second] * 10}[sys.argv[1]]

    def book(item):
        index, start = item
        try:
            service.create({"name": f"Racer {index}", "email": f"r{index}@example.com",
                            "start": start.isoformat(), "timezone": "Australia/Sydney"})
            return 201
        except errors.DomainError as error:
            return int(error.status)

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcome = list(pool.map(book, enumerate(starts)))
    stored = list(service._confirmed_between(now, now + timedelta(days=40)))
    # the day counters list exactly the stored calls (portal.bookings.day_spans), races or not
    from portal.bookings import day_spans
    listed = day_spans.booked(service.rules(), now, now + timedelta(days=40))
    summaries = listed is not None and sorted(listed) == sorted((b.start, b.end) for b in stored)
    print(json.dumps({"statuses": outcome, "stored": len(stored), "summaries": summaries}))
""")


@pytest.fixture(scope="module")
def dynamodb_local():
    database = dynamodb.DynamoDBLocal(services.free_port(), None).start()
    try:
        yield database
    finally:
        database.stop()


@pytest.fixture(scope="module")
def secrets_server():
    """Secrets Manager (moto) with the template's secrets: the manage link's key (portal.links)."""
    server = services.MotoServer(services.free_port()).start()
    try:
        services.ensure_secrets(server.endpoint)
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("case", ["same", "overlap"])
def test_the_booking_code_raced_from_twenty_threads_books_once(dynamodb_local, secrets_server, case):
    import boto3 as _boto3

    dynamodb.ensure_tables(dynamodb_local.endpoint)
    client = _boto3.client(
        "dynamodb",
        endpoint_url=dynamodb_local.endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    for name in tpl.table_definitions():  # each case starts from empty tables
        client.delete_table(TableName=name)
    dynamodb.ensure_tables(dynamodb_local.endpoint)
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_local.endpoint,
        "BUSY_FEED_PARAMETER": "",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER": secrets_server.endpoint,
        "PYTHONPATH": f"{ROOT}:{ROOT / 'functions'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", RACE, case], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(outcome["statuses"]) == [201] + [409] * 19, outcome
    assert outcome["stored"] == 1 and outcome["summaries"], outcome
