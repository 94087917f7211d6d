"""Intake questionnaires: one readable item per submission, linked to its client by email."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings

#: What the assistant moves an intake through, by hand in the console: new -> reviewed -> converted.
STATUSES = ("new", "reviewed", "converted")


class ByStatus(GlobalSecondaryIndex["Intake"]):
    """Intakes by status, newest last: Query status = "new" to see what awaits review."""

    class Meta:
        index_name = "ByStatus"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class ByClient(GlobalSecondaryIndex["Intake"]):
    """A client's intakes, oldest first (the account page, the practice view, erasure)."""

    class Meta:
        index_name = "by-client"
        projection = AllProjection()

    client_email = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class Tools(MapAttribute[str, Any]):
    email = UnicodeAttribute(null=True)
    calendar = UnicodeAttribute(null=True)
    crm = UnicodeAttribute(null=True)
    accounting = UnicodeAttribute(null=True)
    project_management = UnicodeAttribute(null=True)
    other = UnicodeAttribute(null=True)


class WorkingHours(MapAttribute[str, Any]):
    days = ListAttribute(of=UnicodeAttribute)
    start = UnicodeAttribute()  # "09:00", in the client's time zone
    end = UnicodeAttribute()


class Communication(MapAttribute[str, Any]):
    channel = UnicodeAttribute()
    frequency = UnicodeAttribute()
    notes = UnicodeAttribute(null=True)


class Delegation(MapAttribute[str, Any]):
    spending_limit = NumberAttribute()  # minor units of the brand's currency
    currency = UnicodeAttribute()
    travel_booking = BooleanAttribute()
    send_as_client = BooleanAttribute()
    escalate_when = UnicodeAttribute(null=True)
    tone = UnicodeAttribute(null=True)
    vip_contacts = ListAttribute(of=UnicodeAttribute, null=True)


class Intake(Model):
    """Keyed by the client-generated submission id, so a retried submission finds its record."""

    Meta = table_meta(settings().intakes_table)

    id = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute(default=STATUSES[0])
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    client_email = UnicodeAttribute()  # the ClientsTable key
    name = UnicodeAttribute()
    company = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    services = ListAttribute(of=UnicodeAttribute)
    hours_per_month = NumberAttribute()
    preferred_tier = UnicodeAttribute(null=True)
    tools = Tools()
    working_hours = WorkingHours()
    timezone = UnicodeAttribute()
    communication = Communication()
    delegation = Delegation()
    access_needed = UnicodeAttribute(null=True)
    notes = UnicodeAttribute(null=True)
    # sha256 of the submitted answers: a retry must carry the same answers as the first attempt.
    fingerprint = UnicodeAttribute()
    # The language (brand.yaml's) of the questionnaire page: the client's confirmation is written in
    # it. None on intakes from before languages (read with language.known: the default).
    language = UnicodeAttribute(null=True)
    # When each email went out: claimed with a condition before sending, so each is sent once,
    # and released if sending fails, so a retry of the submission sends it then.
    assistant_notified_at = UTCDateTimeAttribute(null=True)
    client_confirmed_at = UTCDateTimeAttribute(null=True)

    by_status = ByStatus()
    by_client = ByClient()
