"""AuditTable: every action the assistant takes in the practice view, who, what and when.

    month = 2026-11   at_id = 2026-11-27T16:40:05Z#a1b2c3   actor, action, target

Query a month to read it in the console, newest last. `target` names a record (a booking id, an
intake id) or, for an erased client, the SHA-256 of their email: never the email itself.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings


class AuditEntry(Model):
    Meta = table_meta(settings().audit_table)

    month = UnicodeAttribute(hash_key=True)
    at_id = UnicodeAttribute(range_key=True)
    at = UnicodeAttribute()
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    target = UnicodeAttribute()

    @classmethod
    def new(cls, actor: str, action: str, target: str, now: datetime | None = None) -> AuditEntry:
        now = (now or datetime.now(UTC)).astimezone(UTC)
        at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        return cls(
            now.strftime("%Y-%m"),
            f"{at}#{secrets.token_hex(3)}",
            at=at,
            actor=actor,
            action=action,
            target=target,
        )
