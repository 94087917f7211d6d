"""The meter: what the client (and the assistant, with more) reads of the current period, from
one read of its Period and one Query of its entries, and the closed periods' statements. It reads
the ledger through portal.ledger.service (its clock, service.now, is the one the tests move)."""

from __future__ import annotations

from typing import Any

from portal.ledger import rules, service

# What the meter and the statements read of an entry: botocore parses a response per attribute.
ENTRY_VIEW = ["entry_id", "date", "minutes", "billed_minutes", "service", "description", "surcharge"]
ENTRY_VIEW += ["created_at", "deleted_at"]


def entries_of(r_email: str, start: str) -> list[Any]:
    """The period's live entries, with the ENTRY_VIEW attributes only."""
    from portal.models.ledger import Entry, client_pk

    found = Entry.query(
        client_pk(r_email),
        Entry.sk.startswith(f"entry#{start}#"),
        consistent_read=True,
        attributes_to_get=ENTRY_VIEW,
    )
    return [e for e in found if e.deleted_at is None]


def hours(email: str, practice: bool = False) -> dict[str, Any] | None:
    """The meter: one read of the Period, one Query of its entries. None without a retainer."""
    r = service.retainer_of(email)
    if r is None:
        return None
    period, at = service.period_of(r), service.now()
    used, approved = int(period.used_minutes), int(period.approved_extra_minutes or 0)
    allocation = rules.allocate(used, service.buckets(period), at)
    live = [b for b in period.rollover or [] if service._instant(b.expires_at) > at]
    prepaid = sorted(
        (b for b in period.prepaid or [] if service._instant(b.expires_at) > at), key=lambda b: b.expires_at
    )
    entries = sorted(entries_of(r.email, r.start), key=lambda e: (e.date, e.created_at))
    document = {
        "period": {"start": period.start, "end": period.end},
        "included_minutes": int(period.included_minutes),
        "rollover_minutes": sum(int(b.minutes) for b in live),
        "rollover": [{"minutes": int(b.minutes), "expires_at": b.expires_at} for b in live],
        "prepaid_minutes": sum(int(b.minutes) for b in prepaid),
        "prepaid": [{"minutes": int(b.minutes), "expires_at": b.expires_at} for b in prepaid],
        "hourly": r.hourly,
        "used_minutes": used,
        "remaining_minutes": allocation.remaining_minutes,
        "approved_extra_minutes": approved,
        "extra_used_minutes": allocation.by_kind["extra"],
        "approval_cap_minutes": r.terms.approval_cap_minutes,
        "can_approve_extra": period.status == "open"
        and rules.can_approve(60, approved, used, service.capacity(period, at), r.terms) is None,
        "entries": [service.entry_view(e) for e in entries],
        "statements": statements_of(r.email),
    }
    if practice:  # time beyond the approved extra: never billed, flagged for the assistant
        document.update(unfunded_minutes=allocation.unfunded_minutes, status=period.status)
    return document


def statements_of(email: str) -> list[dict[str, Any]]:
    """The closed periods, newest first, each with its downloadable statement."""
    from portal.models.ledger import Period, client_pk

    closed = [
        p
        for p in Period.query(
            client_pk(email),
            Period.sk.startswith("period#"),
            scan_index_forward=False,
            attributes_to_get=["start", "end", "status"],
        )
        if p.status == "closed"
    ]
    return [
        {"period_start": p.start, "period_end": p.end, "url": f"/api/me/statements/{p.start}"} for p in closed
    ]
