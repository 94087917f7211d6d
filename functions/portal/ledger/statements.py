"""A closed period's statement: its entries, totals, rollover and extra hours billed, as CSV (the
client downloads it from /account/) and as the email sent when the period closes."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist

from portal import catalog, errors, mail
from portal.ledger.service import entries_of
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.ledger import Period


def _closed(email: str, start: str) -> Period | None:
    from portal.models.ledger import Period, client_pk, period_sk

    try:
        period = Period.get(client_pk(email), period_sk(start))
    except DoesNotExist:
        return None
    return period if period.status == "closed" else None


def _hours(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def csv_text(period: Period, entries: list[Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "service", "description", "minutes", "billed_minutes", "surcharge"])
    for entry in sorted(entries, key=lambda e: (e.date, e.created_at)):
        writer.writerow(
            [
                entry.date,
                entry.service or "",
                entry.description or "",
                int(entry.minutes),
                int(entry.billed_minutes),
                entry.surcharge or "",
            ]
        )
    writer.writerow([])
    rolled = sum(int(b.minutes) for b in period.rollover_out or [])
    for label, value in (
        ("period", f"{period.start[:10]} to {period.end[:10]}"),
        ("included_minutes", int(period.included_minutes)),
        ("rolled_over_in_minutes", sum(int(b.minutes) for b in period.rollover or [])),
        ("used_minutes", int(period.used_minutes)),
        ("extra_billed_minutes", int(period.extra_billed_minutes or 0)),
        ("extra_billed_amount", catalog.money(int(period.overage_amount or 0))),
        ("rolling_over_minutes", rolled),
    ):
        writer.writerow([label, value])
    return out.getvalue()


def statement(email: str, start: str) -> tuple[str, str]:
    """(filename, CSV) of the client's closed period starting at `start`."""
    period = _closed(email, start)
    if period is None:
        raise errors.NotFound("No closed period starts then: statements exist once a period has closed.")
    return f"statement-{start[:10]}.csv", csv_text(period, entries_of(email, start))


def render(params: dict[str, Any]) -> mail.Draft | None:
    """The outbox's `ledger.statement` email, with the CSV attached."""
    period = _closed(params["email"], params["start"])
    if period is None:
        return None
    name, text = statement(params["email"], params["start"])
    used, extra = int(period.used_minutes), int(period.extra_billed_minutes or 0)
    rolled = sum(int(b.minutes) for b in period.rollover_out or [])
    brand = catalog.brand()
    body = (
        f"Hello,\n\nYour statement for {period.start[:10]} to {period.end[:10]}:\n\n"
        f"    Hours used: {_hours(used)} (of {_hours(int(period.included_minutes))} in your plan)\n"
        f"    Extra hours billed: {_hours(extra)} ({catalog.money(int(period.overage_amount or 0))}, "
        "on your next invoice)\n"
        f"    Rolling over: {_hours(rolled)}\n\n"
        "Every entry is in the attached file, and on your account page: "
        f"{settings().site_origin}/account/\n\n"
        f"{brand.assistant_name}\n{brand.practice_name}\n"
    )
    return mail.Draft(
        params["email"],
        f"{brand.practice_name}: your statement for {period.start[:10]} to {period.end[:10]}",
        body,
        attachments=(mail.Attachment(name, text.encode("utf-8"), "text/csv; charset=UTF-8"),),
    )
