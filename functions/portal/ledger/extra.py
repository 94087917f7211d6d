"""The client approves extra hours: ONE TransactWrite adds them to the open Period (conditions:
status open, the version read; a conflict re-reads and tries again) with the assistant's email."""

from __future__ import annotations

from typing import Any, cast

from pynamodb.exceptions import TransactWriteError

from portal import errors
from portal.ledger import rules
from portal.ledger.entries import _busy
from portal.ledger.meter import hours
from portal.ledger.service import CLOSED, MAX_TRIES, capacity, now, period_of, require_retainer


def approve_extra(email: str, requested_hours: int) -> dict[str, Any] | None:
    """The client approves extra time (at 100%, up to the cap); the assistant is told."""
    from pynamodb.transactions import TransactWrite

    from portal.models import connection
    from portal.models.ledger import Period
    from portal.outbox import service as outbox

    r = require_retainer(email)
    minutes = int(requested_hours) * 60
    for _attempt in range(MAX_TRIES):
        period, at = period_of(r, create=True), now()
        if period.status != "open":
            raise errors.Conflict(CLOSED, reason="period-closed")
        approved = int(period.approved_extra_minutes or 0)
        room = (minutes, approved, int(period.used_minutes), capacity(period, at), r.terms)
        if rules.can_approve(*room):
            why = {code: rules.can_approve(*room, language=code) for code in rules.LANGUAGES}
            raise errors.Conflict(cast("dict[str, str]", why), reason="extra-not-allowed")
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    period,
                    actions=[Period.approved_extra_minutes.add(minutes), Period.version.add(1)],
                    condition=(Period.status == "open") & (Period.version == int(period.version)),
                )
                outbox.add(
                    tx,
                    outbox.message(
                        "ledger.extra",
                        f"{r.email}#{period.start}",
                        int(period.version) + 1,
                        email=r.email,
                        minutes=minutes,
                        approved_minutes=approved + minutes,
                    ),
                )
        except TransactWriteError as error:
            if not any(errors.failed_conditions(error)):
                raise
            continue
        return hours(r.email)
    raise _busy()
