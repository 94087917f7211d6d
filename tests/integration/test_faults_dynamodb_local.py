"""One fault case on AWS's own DynamoDB Local (tests/integration/test_faults.py runs the rest on
moto): the real engine's transactions, conditions and indexes under the same injected faults."""

from __future__ import annotations

import json

import boto3

from tests.integration.test_booking_concurrency import dynamodb_local, secrets_server  # noqa: F401 - fixtures

ON_DYNAMODB_LOCAL = """
import json, os
from datetime import date, datetime, timedelta, timezone
import botocore.client
endpoints = {name: os.environ[name] for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB")}
from tests.integration.test_faults import Faults
os.environ.update(endpoints)  # tests/conftest.py, imported on the way, removes them
from infra.local.inprocess import InProcessApi
from portal.outbox import delivery

faults = Faults(botocore.client.BaseClient._make_api_call)
sent = []
def call(client, operation, params):
    answer = faults(client, operation, params)
    if operation == "SendRawEmail":
        sent.append(params["Destinations"][0])
    return answer
botocore.client.BaseClient._make_api_call = call

api = InProcessApi()
today = date.today()
slots = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}").json()["slots"]
free = [s["start"] for s in slots]
body = {"name": "Ada", "email": "ada@example.com", "start": free[0], "timezone": "UTC"}
faults.arm("dynamodb", "TransactWriteItems", code="TransactionConflict", times=7)
faults.arm("ses", "SendRawEmail", code="Throttling", times=2)
statuses = [api.post("/api/bookings", body, headers={"Idempotency-Key": "k"}).status for _ in range(2)]
for after in (2, 4, 8, 16, 32):
    delivery.sweep(datetime.now(timezone.utc) + timedelta(minutes=after))
import boto3
dynamodb = boto3.client("dynamodb")
items = dynamodb.scan(TableName="BookingsTable")["Items"]
messages = dynamodb.scan(TableName="OutboxTable")["Items"]
print(json.dumps({"statuses": statuses, "bookings": sum(i["kind"]["S"] == "booking" for i in items),
                  "locks": sum(i["kind"]["S"] == "slot-lock" for i in items),
                  "outbox": sorted(m["status"]["S"] for m in messages), "sent": sorted(sent),
                  "raised": sum(faults.raised.values())}))
"""


def test_faults_on_dynamodb_local_book_once_and_mail_once(dynamodb_local, secrets_server):
    """One case on the real engine: seven transaction conflicts (a 503, then the retry's own
    retries) and SES throttled twice: one booking, its locks, each email once."""
    import os
    import subprocess
    import sys

    from infra.local import dynamodb, services
    from infra.local import template as tpl
    from tests.conftest import ROOT

    client = boto3.client(
        "dynamodb",
        endpoint_url=dynamodb_local.endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    dynamodb.ensure_tables(dynamodb_local.endpoint)
    for name in tpl.table_definitions():  # from empty tables
        client.delete_table(TableName=name)
    dynamodb.ensure_tables(dynamodb_local.endpoint)
    services.verify_sender(secrets_server.endpoint, os.environ["MAIL_FROM"])
    services.ensure_schedule_groups(secrets_server.endpoint)
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_local.endpoint,
        "AWS_ENDPOINT_URL": secrets_server.endpoint,
        "BUSY_FEED_PARAMETER": "",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'functions'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", ON_DYNAMODB_LOCAL],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [503, 201], outcome
    assert outcome["bookings"] == 1 and outcome["locks"] > 0, outcome
    assert outcome["outbox"] == ["sent", "sent", "sent"], outcome
    assert outcome["sent"] == sorted(["ada@example.com", "hello@northstar-va.example"]), outcome
    assert outcome["raised"] == 9, outcome
