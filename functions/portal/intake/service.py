"""Storing an intake once and announcing it once.

The submission id (a UUID the browser generates once per questionnaire, in the body or the
Idempotency-Key header) is the record's key: the intake is put with `attribute_not_exists` in the
same transaction that creates or refreshes the client and queues its two emails in the outbox, so a
retry finds the record, gets the same id back and queues nothing twice; the emails go out after
the answer (portal.outbox), and a failure to send never fails the submission.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from aws_lambda_powertools import Logger
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from portal import catalog, errors, models, ratelimit
from portal import language as languages
from portal.intake.rules import fingerprint
from portal.models.clients import Client, client_key
from portal.models.intake import Intake
from portal.observability import count
from portal.outbox import service as outbox

logger = Logger(child=True)
ATTEMPTS = 6  # as the booking transaction (portal.bookings.store)
UNAVAILABLE = {
    "en": "The questionnaire cannot be stored right now. Please try again in a minute: nothing is lost.",
    "es": "No podemos guardar el cuestionario en este momento. "
    "Vuelve a intentarlo en un minuto: no se pierde nada.",
}
NOT_A_UUID = {
    "en": "The Idempotency-Key header must be a UUID.",
    "es": "El encabezado Idempotency-Key debe ser un UUID.",
}
IDS_DIFFER = {
    "en": "submission_id and the Idempotency-Key header differ.",
    "es": "submission_id y el encabezado Idempotency-Key no coinciden.",
}
NO_ID = {
    "en": "Generate a UUID once per questionnaire and send it as submission_id "
    "(or the Idempotency-Key header), so a retry is not stored twice.",
    "es": "Genera un UUID una vez por cuestionario y envíalo como submission_id "
    "(o en el encabezado Idempotency-Key), para que un reintento no se guarde dos veces.",
}
USED_ID = {
    "en": "This submission id was already used for different answers. "
    "Reload the questionnaire to start a new submission.",
    "es": "Este identificador de envío ya se usó con otras respuestas. "
    "Vuelve a cargar el cuestionario para empezar un envío nuevo.",
}


def dropped(body_id: UUID | None) -> str:
    """A bot's questionnaire (its honeypot filled): nothing stored, and the answer a person gets."""
    logger.info("intake dropped: honeypot filled")
    return str(body_id or uuid4())


def submit(
    answers: dict[str, Any], body_id: UUID | None, header: str | None, language: str | None = None
) -> str:
    """Stores a person's questionnaire once (its email address within its rate limit) and returns
    its id: the same id for a retry of the same answers. `language` is the questionnaire page's."""
    intake_id = submission_id(body_id, header)
    ratelimit.enforce_email("intake", answers["email"])
    _, created = store(intake_id, answers, language=language)
    logger.info(
        "intake stored" if created else "intake retried: already stored",
        extra={"intake_id": intake_id, "services": len(answers["services"])},
    )
    if created:
        count("IntakesReceived")
    return intake_id


def submission_id(body_id: UUID | None, header: str | None) -> str:
    from_header = None
    if header is not None:
        try:
            from_header = str(UUID(header.strip()))
        except ValueError:
            raise errors.Invalid(NOT_A_UUID, field="Idempotency-Key") from None
    from_body = str(body_id) if body_id else None
    if from_header and from_body and from_header != from_body:
        raise errors.Invalid(IDS_DIFFER, field="submission_id")
    found = from_body or from_header
    if not found:
        raise errors.Invalid(NO_ID, field="submission_id")
    return found


def store(
    intake_id: str, answers: dict[str, Any], now: datetime | None = None, language: str | None = None
) -> tuple[Intake, bool]:
    """Stores the intake and creates or refreshes its client, in one transaction. Returns the
    record and whether this request created it (False: a retry of a stored submission).
    `language` is the questionnaire page's: kept on the intake and the client, for their emails."""
    language = languages.known(language)
    now = now or datetime.now(UTC)
    email = client_key(answers["email"])
    intake = Intake(
        intake_id,
        status="new",
        created_at=now,
        updated_at=now,
        client_email=email,
        name=answers["name"],
        company=answers.get("company"),
        role=answers.get("role"),
        phone=answers.get("phone"),
        services=answers["services"],
        hours_per_month=answers["hours_per_month"],
        preferred_tier=answers.get("preferred_tier"),
        tools=answers["tools"],
        working_hours=answers["working_hours"],
        timezone=answers["timezone"],
        communication=answers["communication"],
        delegation={**answers["delegation"], "currency": catalog.brand().currency},
        access_needed=answers.get("access_needed"),
        notes=answers.get("notes"),
        fingerprint=fingerprint(answers),
        language=language,
    )
    for attempt in range(ATTEMPTS):
        try:
            with TransactWrite(connection=models.connection()) as transaction:
                transaction.save(intake, condition=Intake.id.does_not_exist())
                transaction.update(
                    Client(email),
                    actions=Client.seen_actions(
                        name=answers["name"], company=answers.get("company"), now=now, language=language
                    ),
                )
                outbox.add(
                    transaction,
                    outbox.message("intake.assistant", intake_id, now=now, intake_id=intake_id),
                    outbox.message("intake.client", intake_id, now=now, intake_id=intake_id),
                )
            return intake, True
        except TransactWriteError as error:
            codes = errors.cancellation_codes(error)
            if errors.failed_conditions(error)[:1] == [True]:
                break  # stored already: a retry
            if errors.only_contention(error):
                time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))  # another transaction holds the client
                continue
            logger.error(
                "intake transaction failed", extra={"codes": codes, "cause": error.cause_response_code}
            )
            raise errors.Unavailable(UNAVAILABLE) from None
    else:
        raise errors.Unavailable(UNAVAILABLE)
    existing = Intake.get(intake_id, consistent_read=True)
    if existing.fingerprint != intake.fingerprint:
        raise errors.Conflict(USED_ID)
    return existing, False
