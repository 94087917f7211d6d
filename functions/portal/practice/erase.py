"""Erasing a client on request (GDPR): their personal data leaves every table and schedule; their
invoices stay, as the law requires, with the email replaced by its digest; an audit entry records
who erased whom (by digest) and when. Many items, so it runs step by step, each step safe to
repeat: a second run after a failure finishes the job and erases nothing twice."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DeleteError
from pynamodb.transactions import TransactWrite

from portal import errors
from portal.ledger import records as ledger
from portal.models.clients import client_key
from portal.practice import words
from portal.practice.service import _audit, email_digest
from portal.settings import settings


def _bookings(email: str, digest: str) -> int:
    from portal.bookings import day_spans, store
    from portal.bookings import service as booking
    from portal.bookings.rules import rules
    from portal.models import connection
    from portal.models.bookings import CONFIRMED, Booking
    from portal.outbox import service as outbox

    erased = 0
    for item in Booking.by_email.query(email):
        with TransactWrite(connection=connection()) as tx:
            tx.delete(item)
            if item.status == CONFIRMED:  # free its slot and day, exactly as it held them
                keys, day_key = store.held(item, rules())
                entry = day_spans.entry(item.id, item.start_utc, item.end_utc, item.sequence)
                store.release(tx, item.id, keys, day_key if item.start > booking.now() else None, entry)
            # The booking is gone: delivering this deletes its reminder schedule.
            outbox.add(
                tx, outbox.message("reminder.sync", item.id, f"erased-{digest[7:19]}", booking_id=item.id)
            )
        erased += 1
    return erased


def erase(actor: str, email: str, confirm_email: str) -> dict[str, Any]:
    from portal.models.auth import AuthItem
    from portal.models.billing import BillingEvent, Invoice
    from portal.models.clients import Client
    from portal.models.intake import Intake
    from portal.models.outbox import OutboxMessage

    key = client_key(email)
    if client_key(confirm_email) != key:
        raise errors.Invalid(words.CONFIRM_ERASE, field="confirm_email")
    if key == client_key(settings().assistant_email):
        raise errors.Invalid(words.OWN_ADDRESS, field="confirm_email")
    digest = email_digest(key)
    counts = {"bookings": _bookings(key, digest), "intakes": 0, "invoices_kept": 0}
    for intake in Intake.by_client.query(key):
        intake.delete()
        counts["intakes"] += 1
    for invoice in Invoice.by_email.query(key):
        invoice.update(actions=[Invoice.email.set(digest)])
        counts["invoices_kept"] += 1
    for event in BillingEvent.scan(BillingEvent.email == key):
        event.update(actions=[BillingEvent.email.set(digest)])
    for item in AuthItem.by_email.query(key):
        AuthItem(item.id).delete()
    ledger.erase(key)  # the hours ledger: periods, time entries, tracker names
    for message in OutboxMessage.scan(OutboxMessage.params.contains(key)):
        message.delete()  # billing and sign-in emails name the address in their params
    _audit(actor, "client.erase", digest).save()
    try:
        Client(key).delete(condition=Client.email.exists())
    except DeleteError as error:
        if not errors.condition_failed(error):  # already gone: a re-run
            raise
    return {"erased": digest[:19], **counts}
