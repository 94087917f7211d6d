"""LedgerTable: a retainer client's hours, one partition per client.

    pk = client#<email>  sk = period#<start>              Period: the totals of one billing period
    pk = client#<email>  sk = entry#<period start>#<id>   Entry: one piece of work in that period
    pk = tracker-names   sk = <email>                     TrackerNames: the client's names in Toggl & co.
                                                          (one partition: one Query reads them all)
    pk = client#<email>  sk = purchase#<checkout session>  Purchase: a prepaid block paid in Stripe Checkout

The Period's used_minutes is the sum of its live entries' billed_minutes: every write of an entry
updates it in the same transaction, guarded by the Period's version (optimistic locking) and
status (a closed period takes no more changes). alerts_sent only grows, so an alert goes out once.
An entry is found by its id alone through the sparse KEYS_ONLY index by-entry-id (PATCH/DELETE
/api/practice/time-entries/{id}); a deleted entry is kept (deleted_at set) with its history.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from portal.models import table_meta
from portal.models.clients import client_key
from portal.settings import settings

OPEN, CLOSED = "open", "closed"
SOURCES = ("manual", "toggl", "clockify", "harvest")


def client_pk(email: str) -> str:
    return f"client#{client_key(email)}"


def period_sk(start: str) -> str:
    return f"period#{start}"


def entry_sk(period_start: str, entry_id: str) -> str:
    return f"entry#{period_start}#{entry_id}"


TRACKER_NAMES_PK = "tracker-names"


class RolloverBucket(MapAttribute[str, Any]):
    minutes = NumberAttribute()
    expires_at = UnicodeAttribute()  # ISO 8601 UTC


class PrepaidBucket(MapAttribute[str, Any]):
    """A prepaid block's hours still to draw; carried from period to period until used or expired."""

    block_id = UnicodeAttribute()  # the Checkout Session that paid for it
    minutes = NumberAttribute()
    expires_at = UnicodeAttribute()  # ISO 8601 UTC


class Period(Model):
    Meta = table_meta(settings().ledger_table)

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    start = UnicodeAttribute()  # ISO 8601 UTC, the Stripe period's
    end = UnicodeAttribute()
    tier = UnicodeAttribute(null=True)
    included_minutes = NumberAttribute(default=0)
    rollover = ListAttribute(of=RolloverBucket, default=list)
    prepaid = ListAttribute(of=PrepaidBucket, default=list)
    approved_extra_minutes = NumberAttribute(default=0)
    used_minutes = NumberAttribute(default=0)
    alerts_sent = ListAttribute(of=NumberAttribute, default=list)  # thresholds (percent) already announced
    status = UnicodeAttribute(default=OPEN)
    version = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    # Which closed period's rollover and prepaid hours this one received (set once: they never arrive twice).
    rollover_from = UnicodeAttribute(null=True)
    # Written when the period closes (portal.ledger.close), never changed after.
    closed_at = UnicodeAttribute(null=True)
    rollover_out = ListAttribute(of=RolloverBucket, null=True)  # what the next period receives
    prepaid_out = ListAttribute(of=PrepaidBucket, null=True)  # prepaid hours left, to the next period
    extra_billed_minutes = NumberAttribute(null=True)
    overage_amount = NumberAttribute(null=True)  # minor units, = extra_billed_minutes x rate / 60
    unfunded_minutes = NumberAttribute(null=True)  # logged beyond what was approved: never billed
    overage_item_id = UnicodeAttribute(null=True)  # the Stripe invoice item (ii_...), once billed


class EntriesById(GlobalSecondaryIndex["Entry"]):
    class Meta:
        index_name = "by-entry-id"
        projection = KeysOnlyProjection()

    entry_id = UnicodeAttribute(hash_key=True)


class Entry(Model):
    Meta = table_meta(settings().ledger_table)

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    entry_id = UnicodeAttribute()
    client_email = UnicodeAttribute()
    period_start = UnicodeAttribute()
    date = UnicodeAttribute()  # YYYY-MM-DD
    minutes = NumberAttribute()
    billed_minutes = NumberAttribute()
    service = UnicodeAttribute(null=True)
    description = UnicodeAttribute(default="")
    surcharge = UnicodeAttribute(null=True)
    source = UnicodeAttribute(default="manual")  # one of SOURCES
    source_id = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    deleted_at = UnicodeAttribute(null=True)
    history: ListAttribute[dict[str, Any]] = ListAttribute(
        default=list
    )  # [{by, at, action: edit|delete, before: {...}, after: {...}}]
    by_entry_id = EntriesById()


class TrackerNames(Model):
    Meta = table_meta(settings().ledger_table)

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    client_email = UnicodeAttribute()
    names = ListAttribute(of=UnicodeAttribute, default=list)
    updated_at = UnicodeAttribute()


def purchase_sk(session_id: str) -> str:
    return f"purchase#{session_id}"


class Purchase(Model):
    """A prepaid block paid for (written once by the webhook), credited once to a period."""

    Meta = table_meta(settings().ledger_table)

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    session_id = UnicodeAttribute()
    client_email = UnicodeAttribute()
    hours = NumberAttribute()
    amount = NumberAttribute()  # minor units, as Stripe charged
    currency = UnicodeAttribute()
    paid_at = UnicodeAttribute()  # ISO 8601 UTC
    expires_at = UnicodeAttribute()
    credited_to = UnicodeAttribute(null=True)  # the start of the period its hours went into
