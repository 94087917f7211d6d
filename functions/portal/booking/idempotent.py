"""Booking once per Idempotency-Key: a retry gets the first answer, books nothing and sends nothing."""
from __future__ import annotations

from functools import lru_cache

from portal import errors, links
from portal.settings import settings


@lru_cache(maxsize=1)
def _idempotent_create():
    from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer, IdempotencyConfig,
                                                             idempotent_function)

    from portal.booking import service

    layer = DynamoDBPersistenceLayer(table_name=settings().idempotency_table)
    # The record holds the answer for an hour, long enough for any retry: the booker's view and the
    # link's reference, never the link (rebuilding it takes the link key, portal.links).
    config = IdempotencyConfig(event_key_jmespath="key", payload_validation_jmespath="request",
                               expires_after_seconds=3600, raise_on_no_idempotency_key=True)

    @idempotent_function(data_keyword_argument="data", persistence_store=layer, config=config)
    def create_once(data: dict) -> dict:
        booking = service._book(data["request"])
        return {**service.view(booking), "link_ref": booking.link_ref}

    return create_once, config


def create_idempotent(request: dict, key: str | None, context=None) -> dict:
    """`service.create`, answered once per Idempotency-Key."""
    from aws_lambda_powertools.utilities.idempotency.exceptions import (IdempotencyAlreadyInProgressError,
                                                                        IdempotencyValidationError)

    from portal.booking import service

    if not key:
        return service.create(request)
    create_once, config = _idempotent_create()
    if context is not None:
        config.register_lambda_context(context)  # an in-progress record outlives no timed-out call
    try:
        answer = create_once(data={"key": key, "request": request})
    except IdempotencyAlreadyInProgressError:
        raise errors.Conflict("The same booking request is still being processed. Try again in a moment.",
                              reason="in-progress") from None
    except IdempotencyValidationError:
        raise errors.Invalid("This Idempotency-Key was already used for a different request.",
                             field="Idempotency-Key") from None
    link_ref = answer.pop("link_ref")
    return {**answer, "manage_url": service.manage_url(answer["id"], links.token(service.MANAGE_PURPOSE, link_ref))}
