"""Writing the ledger: logging, editing and deleting time entries (approving extra hours is in
portal.ledger.extra).

Each is ONE TransactWrite (see portal.ledger.service): the entry, the Period's totals (conditions:
status open, the version read; a conflict re-reads and tries again), the alerts' outbox emails
and, for the assistant's changes, the audit entry.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from portal import catalog, errors
from portal.ledger import rules, words
from portal.ledger.service import (
    CLOSED,
    FIELDS,
    MAX_TRIES,
    Retainer,
    _iso,
    _period_update,
    entry_view,
    now,
    period_of,
    require_retainer,
)
from portal.models.clients import client_key

if TYPE_CHECKING:
    from pynamodb.expressions.update import Action

    from portal.models.ledger import Entry


def _closed_or_busy(r_email: str, start: str) -> None:
    from portal.models.ledger import Period, client_pk, period_sk

    try:
        period = Period.get(client_pk(r_email), period_sk(start), consistent_read=True)
    except DoesNotExist:
        raise errors.NotFound(words.PERIOD_GONE) from None
    if period.status != "open":
        raise errors.Conflict(CLOSED, reason="period-closed")


def _busy() -> errors.Conflict:
    return errors.Conflict(words.BUSY, reason="busy")


def _check_date(day: str, start: str, end: str) -> None:
    if not start[:10] <= day <= end[:10]:
        raise errors.Invalid(
            errors.filled(words.OUTSIDE_PERIOD, start=start[:10], end=end[:10]), field="date"
        )


def check_service(service: str | None) -> None:
    if service is not None and service not in catalog.catalog().service_ids():
        raise errors.Invalid(errors.filled(words.UNKNOWN_SERVICE, service=service), field="service")


def _billed(minutes: int, r: Retainer, surcharge: str | None) -> int:
    try:
        return rules.billed_minutes(int(minutes), r.terms, surcharge)
    except ValueError as error:
        raise errors.Invalid(str(error), field="minutes") from None


def entry_id_for(email: str, key: str | None) -> str:
    """Derived from the Idempotency-Key (and the client), so a retry finds the entry it made."""
    if not key:
        return uuid.uuid4().hex
    return hashlib.sha256(f"{client_key(email)}#{key}".encode()).hexdigest()[:32]


def log(
    actor: str,
    r: Retainer,
    *,
    day: str,
    minutes: int,
    service: str | None,
    description: str,
    surcharge: str | None = None,
    entry_id: str | None = None,
    source: str = "manual",
    source_id: str | None = None,
    action: str = "time-entry.log",
) -> tuple[str, bool]:
    """Puts one entry; (id, False) when it was already there (a retry, a re-import): nothing changes."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.audit import AuditEntry
    from portal.models.ledger import Entry, client_pk, entry_sk
    from portal.outbox import service as outbox

    _check_date(day, r.start, r.end)
    billed = _billed(minutes, r, surcharge)
    entry_id = entry_id or uuid.uuid4().hex
    for _attempt in range(MAX_TRIES):
        period, at = period_of(r, create=True), now()
        if period.status != "open":
            raise errors.Conflict(CLOSED, reason="period-closed")
        entry = Entry(
            client_pk(r.email),
            entry_sk(r.start, entry_id),
            entry_id=entry_id,
            client_email=r.email,
            period_start=r.start,
            date=day,
            minutes=int(minutes),
            billed_minutes=billed,
            service=service,
            description=description,
            surcharge=surcharge,
            source=source,
            source_id=source_id,
            created_by=actor,
            created_at=_iso(at),
            history=[],
        )
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(entry, condition=Entry.pk.does_not_exist())
                outbox.add(tx, *_period_update(tx, r, period, billed, at))
                tx.save(AuditEntry.new(actor, action, entry_id, now=at))
            return entry_id, True
        except TransactWriteError as error:
            failed = errors.failed_conditions(error)
            if failed[:1] == [True]:  # the entry is there already
                return entry_id, False
            if failed[1:2] != [True]:  # not the Period's version or status either
                raise
            _closed_or_busy(r.email, r.start)
    raise _busy()


def log_many(
    actor: str, r: Retainer, rows: list[dict[str, Any]], action: str = "time-entry.import"
) -> dict[str, str]:
    """Puts new entries (dicts of log()'s keyword arguments, each with its entry_id) in transactions of
    up to DynamoDB's 100 items: the entries, the Period's totals by their sum (with any alert reached)
    and one audit entry. Returns {entry_id: why not} for rows not written ({} when all were). A batch
    that meets an entry already there falls back to one transaction per row (then it is skipped)."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.audit import AuditEntry
    from portal.models.ledger import Entry, client_pk, entry_sk
    from portal.outbox import service as outbox

    refused: dict[str, str] = {}
    size = 100 - 2 - 2 * len(r.terms.alert_thresholds_percent)  # + the Period, the audit entry, alert emails
    for first in range(0, len(rows), size):
        batch = rows[first : first + size]
        for _attempt in range(MAX_TRIES):
            period, at = period_of(r, create=True), now()
            if period.status != "open":
                raise errors.Conflict(CLOSED, reason="period-closed")
            entries = [
                Entry(
                    client_pk(r.email),
                    entry_sk(r.start, row["entry_id"]),
                    period_start=r.start,
                    client_email=r.email,
                    billed_minutes=_billed(row["minutes"], r, row.get("surcharge")),
                    created_by=actor,
                    created_at=_iso(at),
                    history=[],
                    date=row["day"],
                    **{k: v for k, v in row.items() if k != "day"},
                )
                for row in batch
            ]
            try:
                with TransactWrite(connection=connection()) as tx:
                    for entry in entries:
                        tx.save(entry, condition=Entry.pk.does_not_exist())
                    outbox.add(
                        tx, *_period_update(tx, r, period, sum(int(e.billed_minutes) for e in entries), at)
                    )
                    tx.save(AuditEntry.new(actor, action, f"{len(entries)} entries", now=at))
                break
            except TransactWriteError as error:
                failed = errors.failed_conditions(error)
                if any(failed[: len(entries)]):  # some are there already: one by one
                    for row in batch:
                        if not log(actor, r, action=action, **row)[1]:
                            refused[row["entry_id"]] = "Already imported."
                    break
                if not any(failed):
                    raise
                _closed_or_busy(r.email, r.start)
        else:
            raise _busy()
    return refused


def find(entry_id: str) -> Entry:
    from portal.models.ledger import Entry

    for key in Entry.by_entry_id.query(entry_id, limit=5):
        try:
            entry = Entry.get(key.pk, key.sk, consistent_read=True)
        except DoesNotExist:
            continue
        if entry.deleted_at is None:
            return entry
    raise errors.NotFound(words.NO_ENTRY)


def change(actor: str, entry_id: str, changes: dict[str, Any] | None) -> dict[str, Any]:
    """Edits (changes) or deletes (None) an entry; the Period moves by the billed difference."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.audit import AuditEntry
    from portal.models.ledger import Entry, Period, period_sk
    from portal.outbox import service as outbox

    for _attempt in range(MAX_TRIES):
        entry = find(entry_id)
        r = require_retainer(entry.client_email)
        try:
            period = Period.get(entry.pk, period_sk(entry.period_start), consistent_read=True)
        except DoesNotExist:
            raise errors.NotFound(words.ENTRY_PERIOD_GONE) from None
        if period.status != "open":
            raise errors.Conflict(CLOSED, reason="period-closed")
        before = {name: entry_view(entry)[name] for name in FIELDS}
        if changes is None:
            after, delta = {}, -int(entry.billed_minutes)
        else:
            after = {**before, **changes}
            if "date" in changes:
                _check_date(after["date"], period.start, period.end)
            after["billed_minutes"] = _billed(after["minutes"], r, after["surcharge"])
            delta = after["billed_minutes"] - before["billed_minutes"]
            if after == before:
                return entry_view(entry)
        at = now()
        changed = (
            [n for n in FIELDS if before.get(n) != after.get(n)] if changes is not None else list(FIELDS)
        )
        record = {
            "by": actor,
            "at": _iso(at),
            "action": "edit" if changes is not None else "delete",
            "before": {n: before[n] for n in changed},
            "after": {n: after[n] for n in changed if after},
        }
        actions: list[Action] = [Entry.history.set(Entry.history.append([record]))]
        if changes is None:
            actions.append(Entry.deleted_at.set(_iso(at)))
        for name in changed if changes is not None else ():
            attribute = getattr(Entry, name)
            actions.append(attribute.remove() if after[name] is None else attribute.set(after[name]))
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(entry, actions=actions, condition=Entry.deleted_at.does_not_exist())
                outbox.add(tx, *_period_update(tx, r, period, delta, at))
                tx.save(
                    AuditEntry.new(
                        actor,
                        "time-entry.edit" if changes is not None else "time-entry.delete",
                        entry_id,
                        now=at,
                    )
                )
        except TransactWriteError as error:
            if not any(errors.failed_conditions(error)[:2]):
                raise
            continue  # deleted meanwhile (find says so) or the period moved: read again
        return {**entry_view(entry), **{k: v for k, v in after.items()}, "id": entry_id} if after else {}
    raise _busy()
