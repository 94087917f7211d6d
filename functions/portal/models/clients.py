"""Clients, keyed by email: one item per person, shared by bookings, intakes and retainers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings


def client_key(email: str) -> str:
    """The one spelling of an email used as a key: trimmed and lower-cased."""
    return email.strip().lower()


class ClientsByRetainerStatus(GlobalSecondaryIndex["Client"]):
    """Retainer clients by status (active, past_due, canceled), soonest period end first. Sparse:
    only clients who signed up for a retainer have a retainer_status."""

    class Meta:
        index_name = "by-retainer-status"
        projection = AllProjection()

    retainer_status = UnicodeAttribute(hash_key=True)
    current_period_end = UTCDateTimeAttribute(range_key=True)


class ClientsByStripeCustomer(GlobalSecondaryIndex["Client"]):
    """The client of a Stripe customer (cus_...): how Stripe's events find their client, whatever
    the customer's email is now. Sparse and keys only."""

    class Meta:
        index_name = "by-stripe-customer"
        projection = KeysOnlyProjection()

    stripe_customer_id = UnicodeAttribute(hash_key=True)


class Client(Model):
    Meta = table_meta(settings().clients_table)

    email = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    company = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()

    # Retainer (billing): written only by verified Stripe webhooks (portal.billing.webhooks).
    tier = UnicodeAttribute(null=True)  # catalog tier id = Stripe price lookup key
    hours_per_month = NumberAttribute(null=True)
    stripe_customer_id = UnicodeAttribute(null=True)  # cus_...
    subscription_id = UnicodeAttribute(null=True)  # sub_...
    retainer_status = UnicodeAttribute(null=True)  # active | past_due | canceled
    current_period_start = UTCDateTimeAttribute(null=True)
    current_period_end = UTCDateTimeAttribute(null=True)
    # `created` (epoch seconds) of the newest Stripe event applied: older events never move state.
    last_event_created = NumberAttribute(null=True)
    # Second live subscriptions of this client, reported to the assistant and otherwise ignored.
    other_subscriptions = UnicodeSetAttribute(null=True)
    # When the client first paid for a prepaid block of hours: an hourly client with an hours ledger.
    prepaid_since = UTCDateTimeAttribute(null=True)
    # The language (ISO 639-1, brand.yaml's) of the page the client last signed in, checked out or
    # sent an intake on: their emails are written in it. None on records from before languages.
    language = UnicodeAttribute(null=True)
    by_retainer_status = ClientsByRetainerStatus()
    by_stripe_customer = ClientsByStripeCustomer()

    @classmethod
    def seen_actions(
        cls,
        *,
        name: str | None = None,
        company: str | None = None,
        now: datetime | None = None,
        first_name: str | None = None,
        language: str | None = None,
    ) -> list[Any]:
        """Update actions that create the client if new and refresh what we know; usable in a
        plain update or inside a TransactWrite next to the record that introduced the client.
        `first_name` is kept only when the client has no name yet (a public booking form must not
        rename an existing client). `language` is the page's the client used (their emails follow it)."""
        now = now or datetime.now(UTC)
        actions = [cls.created_at.set(cls.created_at | now), cls.updated_at.set(now)]
        if name:
            actions.append(cls.name.set(name))
        elif first_name:
            actions.append(cls.name.set(cls.name | first_name))
        if company:
            actions.append(cls.company.set(company))
        if language:
            actions.append(cls.language.set(language))
        return actions


def language_of(email: str) -> str:
    """The language to write to a client in: theirs, or the practice's default for a client with none
    (a record from before languages, or no record)."""
    from portal import language

    try:
        stored = Client.get(client_key(email), attributes_to_get=[Client.language.attr_name]).language
    except Client.DoesNotExist:
        stored = None
    return language.known(stored)


def find_by_stripe_customer(customer_id: str, subscription_id: str | None = None) -> str | None:
    """The email (key) of the client whose record carries this Stripe customer id, or None. Should
    two carry it, the one with `subscription_id` wins."""
    emails = [item.email for item in Client.by_stripe_customer.query(customer_id, limit=5)]
    if len(emails) > 1 and subscription_id:
        for email in emails:
            if Client.get(email).subscription_id == subscription_id:
                return email
    return emails[0] if emails else None
