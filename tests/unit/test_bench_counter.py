"""The bench's DynamoDB round-trip counter sees every request, from boto3 and from pynamodb alike,
and nothing else (bench/counter.py)."""

from datetime import UTC, datetime

import boto3
import pytest

from bench import counter

# Slow (`make check` leaves it out): the bench's counter over a moto run.
pytestmark = pytest.mark.slow


@pytest.fixture
def counting(aws):
    counter.install()
    yield
    counter.uninstall()


def test_counts_boto3_and_pynamodb_requests_by_operation(counting):
    from pynamodb.transactions import TransactWrite

    from portal import models
    from portal.models.clients import Client

    Client._connection = None  # a connection made before install() would not be counted
    models._connection.cache_clear()  # nor would a cached one for TransactWrite
    dynamodb, ses = boto3.client("dynamodb"), boto3.client("ses")
    now = datetime.now(UTC)
    with counter.Count() as count:
        dynamodb.put_item(TableName="ClientsTable", Item={"email": {"S": "a@example.com"}})
        dynamodb.get_item(TableName="ClientsTable", Key={"email": {"S": "a@example.com"}})
        Client(email="b@example.com", created_at=now, updated_at=now).save()
        Client.get("b@example.com")
        with TransactWrite(connection=models.connection()) as transaction:
            transaction.update(Client(email="c@example.com"), actions=Client.seen_actions(now=now))
        ses.list_identities()  # not DynamoDB: not counted
    assert count.operations == {"PutItem": 2, "GetItem": 2, "TransactWriteItems": 1}
    assert count.total == 5
    assert count.describe() == "5 (2×PutItem, 2×GetItem, TransactWriteItems)"


def test_counts_only_inside_the_block(counting):
    dynamodb = boto3.client("dynamodb")
    dynamodb.list_tables()
    with counter.Count() as count:
        pass
    dynamodb.list_tables()
    assert count.total == 0 and count.describe() == "0"
    assert count.in_flight == 0


def test_times_each_request_in_flight_and_nothing_around_it(counting):
    import time

    dynamodb = boto3.client("dynamodb")
    with counter.Count() as one:
        started = time.perf_counter()
        dynamodb.get_item(TableName="ClientsTable", Key={"email": {"S": "a@example.com"}})
        wall = time.perf_counter() - started
    with counter.Count() as idle:
        time.sleep(0.05)  # our own time: not in flight
    assert 0 < one.in_flight < wall
    assert idle.in_flight == 0
