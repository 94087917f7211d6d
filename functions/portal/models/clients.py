"""Clients, keyed by email: one item per person, shared by bookings, intakes and retainers."""
from __future__ import annotations

from datetime import datetime, timezone

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings


def client_key(email: str) -> str:
    """The one spelling of an email used as a key: trimmed and lower-cased."""
    return email.strip().lower()


class Client(Model):
    Meta = table_meta(settings().clients_table)

    email = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    company = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()

    @classmethod
    def seen_actions(cls, *, name: str | None = None, company: str | None = None,
                     now: datetime | None = None) -> list:
        """Update actions that create the client if new and refresh what we know; usable in a
        plain update or inside a TransactWrite next to the record that introduced the client."""
        now = now or datetime.now(timezone.utc)
        actions = [cls.created_at.set(cls.created_at | now), cls.updated_at.set(now)]
        if name:
            actions.append(cls.name.set(name))
        if company:
            actions.append(cls.company.set(company))
        return actions
