"""SessionsTable: emailed sign-in tokens and the sessions they open. Only SHA-256 digests of the
token and of the session id are stored (the key), so nobody reading the table can sign in.

    id = token#<sha256>      kind = sign-in-token   email, role, expires_at (15 minutes, single use)
    id = session#<sha256>    kind = session         email, role, expires_at, idle_until, last_seen_at

Index `by-email` (email -> id, keys only) lists a person's sessions: "sign out everywhere", erasure.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from portal.models import table_meta
from portal.settings import settings


class ByEmail(GlobalSecondaryIndex["AuthItem"]):
    class Meta:
        index_name = "by-email"
        projection = KeysOnlyProjection()

    email = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class AuthItem(Model):
    Meta = table_meta(settings().sessions_table)

    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    email = UnicodeAttribute()
    role = UnicodeAttribute()  # client | assistant
    created_at = NumberAttribute()  # epoch seconds
    expires_at = TTLAttribute()  # DynamoDB TTL (and checked on every use)
    idle_until = NumberAttribute(null=True)  # sessions: ends earlier when unused
    last_seen_at = NumberAttribute(null=True)
    by_email = ByEmail()

    @staticmethod
    def token_key(digest: str) -> str:
        return f"token#{digest}"

    @staticmethod
    def session_key(digest: str) -> str:
        return f"session#{digest}"
