"""POST /api/intake: the client intake questionnaire (portal.intake.service stores it once and
announces it once; portal.intake.rules says what a valid questionnaire is)."""

from __future__ import annotations

from typing import Annotated
from uuid import uuid4

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header
from pydantic import BaseModel

from portal import api, ratelimit
from portal.intake import service
from portal.intake.rules import IntakeRequest
from portal.observability import count

router = Router()
logger = Logger(child=True)


class IntakeCreated(BaseModel):
    id: str


def _created(intake_id: str) -> Response[IntakeCreated]:
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body={"id": intake_id},  # type: ignore[arg-type]  # Powertools validates this dict against the model
    )


@router.post(
    "/api/intake",
    summary="Submit the client intake questionnaire",
    status_code=201,
    middlewares=[ratelimit.limit("intake")],
    responses={
        201: {
            "description": "Stored (or already stored: a retry gets the same id)",
            "content": {"application/json": {"model": IntakeCreated}},
        },
        409: api.error("The submission id was used for different answers"),
        503: api.error("Storing failed: try again with the same submission id"),
        429: api.error("Too many submissions from this address, for this email, or for everyone"),
    },
)
def submit_intake(
    body: IntakeRequest,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key", max_length=64)] = None,
) -> Response[IntakeCreated]:
    if body.is_spam:
        logger.info("intake dropped: honeypot filled")
        return _created(str(body.submission_id or uuid4()))
    intake_id = service.submission_id(body, idempotency_key)
    ratelimit.enforce_email("intake", body.email)
    answers = body.answers()
    record, created = service.store(intake_id, answers)
    logger.info(
        "intake stored" if created else "intake retried: already stored",
        extra={"intake_id": intake_id, "services": len(answers["services"])},
    )
    if created:
        count("IntakesReceived")
    return _created(intake_id)
