"""The assistant's use cases. Each change writes its audit entry (who, what, when) in the same
transaction as the change itself, so no action goes unrecorded and no record claims one that
did not happen. Erasure is the exception: many items, done step by step and safe to run again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from pynamodb.exceptions import TransactWriteError

from portal import addresses, errors
from portal.account import service as account
from portal.ledger import meter
from portal.models.clients import client_key
from portal.practice import words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from portal.models.audit import AuditEntry
    from portal.models.bookings import Booking
    from portal.models.clients import Client


logger = Logger(child=True)


def _audit(actor: str, action: str, target: str) -> AuditEntry:
    from portal.models.audit import AuditEntry

    return AuditEntry.new(actor, action, target)


def email_digest(email: str) -> str:
    return "sha256:" + addresses.fingerprint(email)


def _row(client: Client, next_calls: dict[str, Any], new_intakes: dict[str, Any]) -> dict[str, Any]:
    shown = account.retainer(client) or {}
    return {
        "email": client.email,
        "name": client.name,
        "company": client.company,
        "tier": shown.get("tier"),
        "tier_name": shown.get("tier_name"),
        "status": client.retainer_status,
        "current_period_end": shown.get("current_period_end"),
        "next_call": next_calls.get(client.email),
        "last_contact": account._iso(client.updated_at),
        "new_intakes": new_intakes.get(client.email, 0),
    }


def clients(status: str | None = None, text: str | None = None) -> list[dict[str, Any]]:
    from portal.bookings import service as booking
    from portal.models.bookings import CONFIRMED, Booking, utc_text
    from portal.models.clients import Client
    from portal.models.intake import Intake

    next_calls: dict[str, str] = {}
    for item in Booking.by_status.query(CONFIRMED, Booking.start_utc >= utc_text(booking.now())):
        next_calls.setdefault(client_key(item.email), item.start_utc)
    new_intakes: dict[str, int] = {}
    for intake in Intake.by_status.query("new"):
        new_intakes[intake.client_email] = new_intakes.get(intake.client_email, 0) + 1
    rows = [_row(c, next_calls, new_intakes) for c in Client.scan()]  # a practice has tens of clients
    if status:
        rows = [r for r in rows if (r["status"] or "none") == status]
    if text:
        needle = text.strip().lower()
        rows = [r for r in rows if any(needle in (r[k] or "").lower() for k in ("email", "name", "company"))]
    return sorted(rows, key=lambda r: (r["name"] or r["email"]).lower())


def client(email: str) -> dict[str, Any]:
    record = account.client_record(client_key(email))
    if record is None:
        raise errors.NotFound(words.NO_CLIENT)
    key = record.email
    return {
        "client": _row(record, {}, {}),
        "bookings": [
            *account.bookings(key, with_links=False)["upcoming"],
            *account.bookings(key, with_links=False)["past"],
        ],
        "intakes": account.intakes(key),
        "invoices": account.invoices(key),
        "hours": meter.hours(key, practice=True),
    }


def bookings(when: str = "upcoming") -> list[dict[str, Any]]:
    from portal.bookings import service as booking
    from portal.bookings import views
    from portal.models.bookings import CANCELLED, CONFIRMED, Booking, utc_text

    now = utc_text(booking.now())
    found: Iterable[Booking]
    if when == "upcoming":
        found = Booking.by_status.query(CONFIRMED, Booking.start_utc >= now)
    else:
        found = [
            *Booking.by_status.query(CONFIRMED, Booking.start_utc < now),
            *Booking.by_status.query(CANCELLED),
        ]
    shown = []
    for item in found:
        try:
            shown.append({**views.view(item), "email": item.email, "manage_url": None})
        except (ValueError, KeyError):
            continue  # a hand-edited item the page cannot show: skip it
    return sorted(shown, key=lambda b: b["start_utc"], reverse=when != "upcoming")


def cancel_booking(actor: str, booking_id: str) -> dict[str, Any]:
    from portal.bookings import service as booking

    return {
        **booking.cancel_for_client(booking_id, also=(_audit(actor, "booking.cancel", booking_id),)),
        "manage_url": None,
    }


def reschedule_booking(actor: str, booking_id: str, start: str) -> dict[str, Any]:
    from portal.bookings import service as booking

    return {
        **booking.reschedule_for_client(
            booking_id, start, also=(_audit(actor, "booking.reschedule", booking_id),)
        ),
        "manage_url": None,
    }


def intakes(status: str = "new") -> list[dict[str, Any]]:
    from portal.models.intake import Intake

    return [
        {
            "id": i.id,
            "client_email": i.client_email,
            "name": i.name,
            "company": i.company,
            "created_at": account._iso(i.created_at),
            "status": i.status,
            "services": list(i.services),
            "hours_per_month": int(i.hours_per_month),
        }
        for i in Intake.by_status.query(status)
    ]


def mark_reviewed(actor: str, intake_id: str) -> dict[str, Any]:
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.intake import Intake

    now = datetime.now(UTC)
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.update(
                Intake(intake_id),
                actions=[Intake.status.set("reviewed"), Intake.updated_at.set(now)],
                condition=Intake.id.exists(),
            )
            tx.save(_audit(actor, "intake.reviewed", intake_id))
    except TransactWriteError as error:
        if any(errors.failed_conditions(error)):
            raise errors.NotFound(words.NO_INTAKE) from None
        raise
    return {"id": intake_id, "status": "reviewed"}


def audit(limit: int = 200) -> list[dict[str, Any]]:
    from portal.models.audit import AuditEntry

    now = datetime.now(UTC)
    months = [now.strftime("%Y-%m"), (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")]
    entries = [e for m in months for e in AuditEntry.query(m, scan_index_forward=False, limit=limit)]
    return [{"at": e.at, "actor": e.actor, "action": e.action, "target": e.target} for e in entries][:limit]
