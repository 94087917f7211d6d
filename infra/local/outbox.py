"""The outbox's event sources, locally: what the OutboxTable's stream and the OutboxFunction's
schedule do in AWS (template.yaml, OutboxFunction's Events), done by polling.

DynamoDB Local and moto both keep the table's stream, but moto's in-process mock does not serve
the streams API; so both here read the table's `by-due` index instead: a message waiting with no
attempt yet is what the stream would carry (an INSERT), handed to the function in the stream's
event shape; `sweep()` sends the schedule's own input. The function's code is the deployed one.
"""

from __future__ import annotations

import functools
import threading
import time

from infra.local import template as tpl

FUNCTION = "OutboxFunction"


def _stream_record(image: dict) -> dict:
    return {
        "eventID": image["id"]["S"],
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/OutboxTable/stream/local",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": {"id": image["id"]},
            "SequenceNumber": image["id"]["S"],
            "StreamViewType": "KEYS_ONLY",
            "SizeBytes": 1,
        },
    }


@functools.cache
def _dynamodb(endpoint: str | None):
    """One client per endpoint for the process: the pump polls after every in-process request and
    every 0.3 s in `make dev`, and making a boto3 client costs more than the query it sends."""
    import boto3

    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")


class OutboxPump:
    def __init__(self, api, endpoint: str | None = None):
        self.api = api  # infra.local.runner.LocalApi: loads the function as deployed
        self.endpoint = endpoint
        self.table = tpl.local_names()["OutboxTable"]
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _new_messages(self) -> list[dict]:
        found = _dynamodb(self.endpoint).query(
            TableName=self.table,
            IndexName="by-due",
            KeyConditionExpression="#q = :waiting",
            FilterExpression="attempts = :none",
            ExpressionAttributeNames={"#q": "queue"},
            ExpressionAttributeValues={":waiting": {"S": "waiting"}, ":none": {"N": "0"}},
        )
        return found.get("Items", [])

    def _invoke(self, event: dict):
        from infra.local.runner import LambdaContext

        spec = self.api.specs[FUNCTION]
        with self.api._invoke_lock:  # one invocation at a time in this process (see LocalApi._invoke)
            return self.api.handler(FUNCTION)(
                event, LambdaContext(FUNCTION, spec.memory, spec.timeout, "outbox")
            )

    def stream_once(self) -> int:
        """Delivers the messages the stream would carry now; returns how many it handed over."""
        items = self._new_messages()
        if items:
            try:
                self._invoke({"Records": [_stream_record(item) for item in items]})
            except Exception as error:  # noqa: BLE001 - a failed batch stays queued for the sweep, as in AWS
                print(f"outbox: batch failed ({type(error).__name__})", flush=True)
        return len(items)

    def sweep(self):
        return self._invoke({"sweep": True})

    def close_months(self):
        """The daily schedule's `{"close_months": true}` (portal.ledger.months)."""
        return self._invoke({"close_months": True})

    def start(self, interval: float = 0.3, sweep_every: float = 10.0) -> OutboxPump:
        def run():
            waited, closed_on = 0.0, None
            while not self._stop.wait(interval):
                try:
                    self.stream_once()
                    waited += interval
                    if waited >= sweep_every:
                        waited = 0.0
                        self.sweep()
                        if closed_on != time.gmtime()[:3]:  # the daily schedule, once a UTC day
                            closed_on = time.gmtime()[:3]
                            self.close_months()
                except Exception as error:  # noqa: BLE001 - keep polling, as the event source would
                    print(f"outbox: {type(error).__name__}: {error}", flush=True)

        self._thread = threading.Thread(target=run, name="outbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
