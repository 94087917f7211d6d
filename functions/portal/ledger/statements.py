"""A closed period's statement: its entries, totals, rollover and extra hours billed, as CSV (the
client downloads it from /account/) and as the email sent when the period closes."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import DoesNotExist

from portal import catalog, errors, formats, mail
from portal import language as languages
from portal.ledger import words
from portal.ledger.meter import entries_of

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


# The statement's headings and labels, per language (the CSV's and the email's).
HEADINGS = {
    "en": ("date", "service", "description", "minutes", "billed_minutes", "surcharge"),
    "es": ("fecha", "servicio", "descripción", "minutos", "minutos_facturados", "recargo"),
}
LABELS = {
    "en": {
        "period": "period",
        "range": "{start} to {end}",
        "included_minutes": "included_minutes",
        "rolled_over_in_minutes": "rolled_over_in_minutes",
        "used_minutes": "used_minutes",
        "extra_billed_minutes": "extra_billed_minutes",
        "extra_billed_amount": "extra_billed_amount",
        "rolling_over_minutes": "rolling_over_minutes",
        "file": "statement-{start}.csv",
    },
    "es": {
        "period": "periodo",
        "range": "{start} a {end}",
        "included_minutes": "minutos_incluidos",
        "rolled_over_in_minutes": "minutos_acumulados_recibidos",
        "used_minutes": "minutos_usados",
        "extra_billed_minutes": "minutos_extra_facturados",
        "extra_billed_amount": "importe_extra_facturado",
        "rolling_over_minutes": "minutos_que_se_acumulan",
        "file": "estado-de-cuenta-{start}.csv",
    },
}
EMAIL = {
    "en": (
        "{practice}: your statement for {start} to {end}",
        "Hello,\n\nYour statement for {start} to {end}:\n\n"
        "    Hours used: {used} (of {included} in your plan)\n"
        "    Extra hours billed: {extra} ({amount}, on your next invoice)\n"
        "    Rolling over: {rolled}\n\n"
        "Every entry is in the attached file, and on your account page: {account}\n\n"
        "{assistant}\n{practice}\n",
    ),
    "es": (
        "{practice}: tu estado de cuenta del {start} al {end}",
        "Hola:\n\nTu estado de cuenta del {start} al {end}:\n\n"
        "    Horas usadas: {used} (de {included} incluidas en tu plan)\n"
        "    Horas extra facturadas: {extra} ({amount}, en tu próxima factura)\n"
        "    Horas que se acumulan: {rolled}\n\n"
        "Cada registro está en el archivo adjunto y en la página de tu cuenta: {account}\n\n"
        "{assistant}\n{practice}\n",
    ),
}


def csv_text(period: Period, entries: list[Any], language: str = "en") -> str:
    """The statement as CSV, its headings and labels in `language` (dates and numbers stay
    machine-readable: a spreadsheet reads them in any language)."""
    labels = languages.pick(LABELS, language)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(languages.pick(HEADINGS, language))
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
        ("period", labels["range"].format(start=period.start[:10], end=period.end[:10])),
        ("included_minutes", int(period.included_minutes)),
        ("rolled_over_in_minutes", sum(int(b.minutes) for b in period.rollover or [])),
        ("used_minutes", int(period.used_minutes)),
        ("extra_billed_minutes", int(period.extra_billed_minutes or 0)),
        ("extra_billed_amount", formats.money(int(period.overage_amount or 0), language)),
        ("rolling_over_minutes", rolled),
    ):
        writer.writerow([labels[label], value])
    return out.getvalue()


def statement(email: str, start: str, language: str = "en") -> tuple[str, str]:
    """(filename, CSV) of the client's closed period starting at `start`, in `language`."""
    period = _closed(email, start)
    if period is None:
        raise errors.NotFound(words.NO_STATEMENT)
    name = languages.pick(LABELS, language)["file"].format(start=start[:10])
    return name, csv_text(period, entries_of(email, start), language)


def render(params: dict[str, Any]) -> mail.Draft | None:
    """The outbox's `ledger.statement` email, with the CSV attached, in the client's language."""
    from portal.models.clients import language_of

    period = _closed(params["email"], params["start"])
    if period is None:
        return None
    speaks = language_of(params["email"])
    name, text = statement(params["email"], params["start"], speaks)
    brand = catalog.brand()
    values = {
        "practice": brand.practice_name,
        "assistant": brand.assistant_name,
        "start": formats.day(period.start, speaks),
        "end": formats.day(period.end, speaks),
        "used": _hours(int(period.used_minutes)),
        "included": _hours(int(period.included_minutes)),
        "extra": _hours(int(period.extra_billed_minutes or 0)),
        "amount": formats.money(int(period.overage_amount or 0), speaks),
        "rolled": _hours(sum(int(b.minutes) for b in period.rollover_out or [])),
        "account": languages.page_url("/account/", speaks),
    }
    subject, body = languages.pick(EMAIL, speaks)
    return mail.Draft(
        params["email"],
        subject.format(**values),
        body.format(**values),
        attachments=(mail.Attachment(name, text.encode("utf-8"), "text/csv; charset=UTF-8"),),
    )
