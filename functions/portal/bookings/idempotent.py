"""Booking once per Idempotency-Key: a retry gets the first answer, books nothing and sends nothing.

Two layers: Powertools' idempotency record answers a retry with the first answer; and the booking's
id is derived from the key, so even when that record is lost (the idempotency store failed after
the booking was made) a retry finds the booking its first try made instead of booking again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from portal import errors, links
from portal.bookings.words import both
from portal.settings import settings

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
    from aws_lambda_powertools.utilities.typing import LambdaContext

    from portal.models.bookings import Booking


@lru_cache(maxsize=1)
def _idempotent_create() -> tuple[Callable[..., dict[str, Any]], IdempotencyConfig]:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    from portal.bookings import service

    layer = DynamoDBPersistenceLayer(table_name=settings().idempotency_table)
    # The record holds the answer for an hour, long enough for any retry: the booker's view and the
    # link's reference, never the link (rebuilding it takes the link key, portal.links).
    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="request",
        expires_after_seconds=3600,
        raise_on_no_idempotency_key=True,
    )

    # Powertools leaves idempotent_function's return unannotated.
    @idempotent_function(data_keyword_argument="data", persistence_store=layer, config=config)  # type: ignore[untyped-decorator]
    def create_once(data: dict[str, Any]) -> dict[str, Any]:
        return _answer(service._book(data["request"], key=data["key"]))

    return create_once, config


def create_idempotent(
    request: dict[str, Any], key: str | None, context: LambdaContext | None = None
) -> dict[str, Any]:
    """`service.create`, answered once per Idempotency-Key."""
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    from portal.bookings import service, views

    if not key:
        return service.create(request)
    create_once, config = _idempotent_create()
    if context is not None:
        config.register_lambda_context(context)  # an in-progress record outlives no timed-out call
    try:
        answer = create_once(data={"key": key, "request": request})
    except IdempotencyValidationError:
        raise errors.Invalid(REUSED, field="Idempotency-Key") from None
    except (IdempotencyAlreadyInProgressError, IdempotencyPersistenceLayerError) as error:
        # Still running elsewhere, or the store failed (before booking, or after it: then the
        # booking exists under the key's id and is the answer).
        earlier = made_by(key, request)
        if earlier is not None:
            answer = _answer(earlier)
        elif isinstance(error, IdempotencyAlreadyInProgressError):
            raise errors.Conflict(both("in_progress"), reason="in-progress") from None
        else:
            raise errors.Unavailable(both("unavailable")) from None
    link_ref = answer.pop("link_ref")
    return {
        **answer,
        "manage_url": views.manage_url(
            answer["id"], links.token(views.MANAGE_PURPOSE, link_ref), answer.get("language")
        ),
    }


REUSED = both("key_reused")


def booking_id(key: str) -> str:
    """The id of the booking made under `key` (64 bits of its SHA-256: the key stays unknowable)."""
    return hashlib.sha256(f"booking:{key}".encode()).hexdigest()[:16]


def made_by(key: str, request: dict[str, Any]) -> Booking | None:
    """The booking an earlier try of `request` made under `key`; None when there is none yet.
    The key used for another request is a 422."""
    from portal.bookings import slots
    from portal.models.bookings import Booking, utc_text
    from portal.models.clients import client_key

    try:
        booking = Booking.get(booking_id(key), consistent_read=True)
    except Booking.DoesNotExist:
        return None
    same = (
        client_key(booking.email) == client_key(request["email"])
        and booking.name == request["name"].strip()
        and booking.start_utc == utc_text(slots.parse_instant(request["start"]))
    )
    if not same:
        raise errors.Invalid(REUSED, field="Idempotency-Key")
    return booking


def _answer(booking: Booking) -> dict[str, Any]:
    from portal.bookings import views

    return {**views.view(booking), "link_ref": booking.link_ref}
