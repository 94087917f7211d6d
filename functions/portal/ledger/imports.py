"""Tracker names (which Toggl / Clockify / Harvest client or project names are which client) and
the import of a tracker's detailed CSV export into the ledger.

Each imported row becomes an entry whose id is derived from the row's source_id (a hash of its
content), so importing the same file again adds nothing: the entry is already there.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from portal import errors
from portal.ledger import entries as ledger_entries
from portal.ledger import importers, words
from portal.ledger import service as ledger
from portal.models.clients import client_key

if TYPE_CHECKING:
    from portal.ledger.service import Retainer
    from portal.models.ledger import TrackerNames

MAX_NAMES, MAX_NAME = 20, 120


def _names_item(email: str) -> TrackerNames | None:
    from portal.models.ledger import TRACKER_NAMES_PK, TrackerNames

    try:
        return TrackerNames.get(TRACKER_NAMES_PK, email, consistent_read=True)
    except DoesNotExist:
        return None


def _known_client(email: str) -> str:
    from portal.account.service import client_record

    record = client_record(client_key(email))
    if record is None:
        raise errors.NotFound(words.NO_CLIENT)
    return str(record.email)


def tracker_names(email: str) -> list[str]:
    item = _names_item(_known_client(email))
    # pynamodb types ListAttribute(of=UnicodeAttribute)'s items as the attribute class: they are str.
    return list(item.names) if item else []  # type: ignore[arg-type]


def mapping() -> dict[str, str]:
    """Every tracker name, lower-cased -> the client's email (one Query of the mapping partition)."""
    from portal.models.ledger import TRACKER_NAMES_PK, TrackerNames

    found: dict[str, str] = {}
    for item in TrackerNames.query(TRACKER_NAMES_PK, consistent_read=True):
        for name in item.names or []:
            # pynamodb types ListAttribute(of=UnicodeAttribute)'s items as the attribute class.
            found.setdefault(name.strip().lower(), item.client_email)  # type: ignore[attr-defined]
    return found


def set_tracker_names(actor: str, email: str, names: list[str]) -> list[str]:
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.audit import AuditEntry
    from portal.models.ledger import TRACKER_NAMES_PK, TrackerNames

    email = _known_client(email)
    kept: list[str] = []
    for name in (" ".join(n.split()) for n in names):
        if name and name.lower() not in {k.lower() for k in kept}:
            kept.append(name)
    if len(kept) > MAX_NAMES or any(len(n) > MAX_NAME for n in kept):
        raise errors.Invalid(
            errors.filled(words.TOO_MANY_NAMES, most=MAX_NAMES, longest=MAX_NAME), field="names"
        )
    taken = mapping()
    for name in kept:
        owner = taken.get(name.lower())
        if owner and owner != email:
            raise errors.Invalid(errors.filled(words.NAME_TAKEN, name=name, owner=owner), field="names")
    at = datetime.now(UTC)
    item = TrackerNames(
        TRACKER_NAMES_PK, email, client_email=email, names=kept, updated_at=at.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    with TransactWrite(connection=connection()) as tx:
        tx.save(item)
        tx.save(AuditEntry.new(actor, "tracker-names.set", email, now=at))
    return kept


def _import_id(email: str, format: str, source_id: str) -> str:
    return hashlib.sha256(f"{email}#{format}#{source_id}".encode()).hexdigest()[:32]


def _existing_ids(r: Retainer) -> set[str]:
    """Ids of the period's entries, deleted ones too: a deleted import stays deleted."""
    from portal.models.ledger import Entry, client_pk

    query = Entry.query(
        client_pk(r.email),
        Entry.sk.startswith(f"entry#{r.start}#"),
        consistent_read=True,
        attributes_to_get=["entry_id"],
    )
    return {e.entry_id for e in query}


def import_csv(actor: str, format: str, text: str, dry_run: bool) -> dict[str, Any]:
    try:
        parsed = importers.parse(format, text)
    except importers.ImportFormatError as error:
        raise errors.Invalid(str(error), field="body") from None
    names = mapping()
    retainers: dict[str, Retainer | None] = {}
    existing: dict[str, set[str]] = {}
    skipped: list[dict[str, Any]] = [{"row": s.row, "reason": s.reason} for s in parsed.skipped]
    pending: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    imported = 0
    for row in parsed.rows:
        email = next(
            (names[n.strip().lower()] for n in row.tracker_names if n.strip().lower() in names), None
        )
        if email is None:
            shown = row.tracker_names[0] if row.tracker_names else ""
            skipped.append(
                {
                    "row": row.row,
                    "reason": f"No client is mapped to '{shown}': add it to a client's tracker names.",
                }
            )
            continue
        if email not in retainers:
            found = retainers[email] = ledger.retainer_of(email)
            existing[email] = _existing_ids(found) if found else set()
        r = retainers[email]
        if r is None:
            skipped.append({"row": row.row, "reason": f"{email} has no retainer period to import into."})
            continue
        day = row.date.isoformat()
        if not r.start[:10] <= day <= r.end[:10]:
            skipped.append(
                {
                    "row": row.row,
                    "reason": f"Dated {day}, outside {email}'s current period "
                    f"({r.start[:10]} to {r.end[:10]}).",
                }
            )
            continue
        entry_id = _import_id(email, format, row.source_id)
        if entry_id in existing[email]:
            skipped.append({"row": row.row, "reason": "Already imported."})
            continue
        existing[email].add(entry_id)
        pending.setdefault(email, []).append(
            (
                row.row,
                dict(
                    day=day,
                    minutes=row.minutes,
                    service=None,
                    description=row.description,
                    entry_id=entry_id,
                    source=format,
                    source_id=row.source_id,
                ),
            )
        )
    for email, rows in pending.items():
        if dry_run:
            imported += len(rows)
            continue
        try:  # transactions of many rows: a 5,000-row export is written in seconds
            retainer = retainers[email]
            assert retainer is not None  # only rows of clients with a retainer are pending
            refused = ledger_entries.log_many(actor, retainer, [fields for _, fields in rows])
        except (errors.DomainError, TransactWriteError) as error:
            reason = getattr(error, "message", "Could not be saved; try again.")
            refused = {fields["entry_id"]: reason for _, fields in rows}
        imported += len(rows) - len(refused)
        skipped += [
            {"row": number, "reason": refused[fields["entry_id"]]}
            for number, fields in rows
            if fields["entry_id"] in refused
        ]
    skipped.sort(key=lambda s: s["row"])
    if dry_run:
        return {"imported": imported, "would_import": imported, "skipped": skipped, "dry_run": True}
    return {"imported": imported, "skipped": skipped}
