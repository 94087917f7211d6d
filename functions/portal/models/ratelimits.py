"""Rate-limit counters: one item per endpoint, source IP and time window, deleted by TTL."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings


class RateLimit(Model):
    Meta = table_meta(settings().rate_limits_table)

    # "intake#203.0.113.7#2026-11-27T10:40:00Z": endpoint, source IP, start of the window (UTC)
    key = UnicodeAttribute(hash_key=True)
    requests = NumberAttribute(default=0)
    expires_at = TTLAttribute()
