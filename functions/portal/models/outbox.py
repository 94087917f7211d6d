"""OutboxTable: every email and schedule the portal owes, written in the same transaction as the
change it announces, delivered by the OutboxFunction (DynamoDB Streams, then a sweep).

    id = booking.confirmed#3f2a9c0d1e4b5a67#0     message = booking.confirmed   params = {booking_id}
    status: pending -> sending -> sent | dead (| skipped: nothing left to announce)

Ids are deterministic (message, subject, version): a change that is retried writes the same id, and
`attribute_not_exists` makes it one message. Params hold ids, never text or tokens: the message is
rendered from the records when it is delivered (an erased client's messages render to nothing).
`due` is set only while a message waits (sparse index `by-due`): the sweep's work list.
"""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings

PENDING, SENDING, SENT, DEAD, SKIPPED = "pending", "sending", "sent", "dead", "skipped"
WAITING = "waiting"  # the one hash key of the by-due index


class ByDue(GlobalSecondaryIndex["OutboxMessage"]):
    class Meta:
        index_name = "by-due"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    due = UnicodeAttribute(range_key=True)


class OutboxMessage(Model):
    Meta = table_meta(settings().outbox_table)

    id = UnicodeAttribute(hash_key=True)
    message = UnicodeAttribute()  # what to render: a key of portal.outbox.delivery.RENDERERS
    params = JSONAttribute(default=dict)
    status = UnicodeAttribute(default=PENDING)
    attempts = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    claimed_at = UnicodeAttribute(null=True)
    sent_at = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)  # an exception's class name: never its text (personal data)
    # While waiting: queue = "waiting" and due = when to try next (UTC text). Removed once done.
    queue = UnicodeAttribute(null=True)
    due = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # set when done: delivered messages are kept 30 days
    by_due = ByDue()
