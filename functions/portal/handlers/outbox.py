"""Delivers outbox messages: from the OutboxTable's stream (new messages, at once), from its
schedule (`{"sweep": true}`: what is due again), and on demand (`{"redrive": true}`: dead messages
back into the queue; `make outbox-redrive`). Its daily schedule (`{"close_months": true}`) queues
the close of hourly clients' ended months (portal.ledger.months). Not an HTTP function."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from portal.observability import observed
from portal.outbox import delivery
from portal.settings import require

require(
    "BOOKINGS_TABLE",
    "SESSIONS_TABLE",
    "LEDGER_TABLE",
    "BILLING_LINKS_TABLE",
    "STRIPE_SECRET_KEY_PARAM",
    "REMINDER_SCHEDULE_GROUP",
    "REMINDER_FUNCTION_ARN",
    "SCHEDULER_ROLE_ARN",
)

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def _deliver(record: DynamoDBRecord) -> str:
    key = record.dynamodb.keys["id"]  # type: ignore[union-attr]  # a stream record always has its keys
    return delivery.deliver(key["S"] if isinstance(key, dict) else str(key))


@observed
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Any:
    if event.get("redrive"):
        return delivery.redrive()
    if event.get("sweep"):
        return delivery.sweep()
    if event.get("close_months"):
        from portal.ledger import months

        return months.close_ended()
    return process_partial_response(
        event=event, record_handler=_deliver, processor=processor, context=context
    )
