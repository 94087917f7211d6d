"""Secret links (manage a booking, sign in, open billing): the one place tokens are made and hashed.

A token is HMAC-SHA256(link key, "<purpose>:<reference>"), where the reference is a random id stored
with the record. Tables keep only the reference and the token's SHA-256, so an email can be
rendered (and sent again) long after the change that caused it, and nobody who can read the tables
(a console user, a backup, the idempotency records) can rebuild a link without the key, which lives
in Secrets Manager.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from portal.settings import SECRET_MAX_AGE_SECONDS, settings


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def matches(token: str, stored_digest: str | None) -> bool:
    if not stored_digest:
        return False
    return hmac.compare_digest(digest(token), stored_digest)


@lru_cache(maxsize=1)
def _local_key() -> bytes:
    return hashlib.sha256(b"va-portal local link key: never used by a deployed stack").digest()


def _key() -> bytes:
    name = settings().link_secret_name
    if not name:
        if not settings().is_local:
            from portal.settings import ConfigurationError

            raise ConfigurationError("LINK_SECRET_NAME is not set")
        return _local_key()
    from aws_lambda_powertools.utilities import parameters

    return str(parameters.get_secret(name, max_age=SECRET_MAX_AGE_SECONDS)).encode("utf-8")


def token(purpose: str, reference: str) -> str:
    """The link token for `reference` (a random id kept with the record): 256 bits, URL-safe."""
    mac = hmac.new(_key(), f"{purpose}:{reference}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")
