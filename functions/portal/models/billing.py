"""Billing records: Stripe invoices, the Stripe events already handled, and billing-portal links."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings


class InvoicesByStatus(GlobalSecondaryIndex["Invoice"]):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    period_start = UTCDateTimeAttribute(range_key=True)


class InvoicesByEmail(GlobalSecondaryIndex["Invoice"]):
    """A client's invoices by period (the account page; erasure replaces the email)."""

    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)
    period_start = UTCDateTimeAttribute(range_key=True)


class Invoice(Model):
    """One Stripe invoice, as the assistant reads it in the console."""

    Meta = table_meta(settings().invoices_table)

    invoice_id = UnicodeAttribute(hash_key=True)  # in_...
    email = UnicodeAttribute()
    status = UnicodeAttribute()  # paid | open (payment failed) | ...
    amount = NumberAttribute()  # minor units: amount paid, or due when unpaid
    currency = UnicodeAttribute()
    period_start = UTCDateTimeAttribute()
    period_end = UTCDateTimeAttribute()
    tier = UnicodeAttribute(null=True)
    subscription_id = UnicodeAttribute(null=True)
    hosted_invoice_url = UnicodeAttribute(null=True)
    last_event_created = NumberAttribute()
    updated_at = UTCDateTimeAttribute()
    by_status = InvoicesByStatus()
    by_email = InvoicesByEmail()


class BillingEvent(Model):
    """A Stripe event handled: its id, written with its effects in one transaction."""

    Meta = table_meta(settings().billing_events_table)

    event_id = UnicodeAttribute(hash_key=True)  # evt_...
    type = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    processed_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()  # DynamoDB TTL


class BillingLink(Model):
    """An emailed billing-portal link: only the token's SHA-256 is kept, used once, expiring."""

    Meta = table_meta(settings().billing_links_table)

    token_sha256 = UnicodeAttribute(hash_key=True)
    link_ref = UnicodeAttribute(null=True)  # the token is rebuilt from it with the link key (portal.links)
    email = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()  # DynamoDB TTL (and checked on use)
    # Set when the link is used: kept (until the TTL) so "send me a new link" knows where to send it.
    used_at = NumberAttribute(null=True)
