"""The ledger's emails, rendered by the outbox from their params when delivered.

`ledger.alert`: a usage threshold of the period was reached (once per threshold and period: the
Period's alerts_sent decides, in the same transaction as the entry that reached it).
`ledger.extra`: the client approved extra hours; the assistant is told.
`ledger.prepaid_receipt`: a prepaid block was paid for; the client gets a receipt, the assistant a notice.
The client's emails are written in their language (their record's), the assistant's in the practice's
(language.default()).
"""

from __future__ import annotations

from typing import Any

from portal import catalog, formats, language, mail
from portal.settings import settings


def _speaks(params: dict[str, Any]) -> str:
    from portal.models.clients import language_of

    return language.known(params["language"]) if params.get("language") else language_of(params["email"])


# The client's words per language; {usage}, {percent}, {end}, the pages ... filled in by the renderers.
WORDS = {
    "en": {
        "usage": "{used} h of {capacity} h",
        "heads_up": "Nothing to do now: this is a heads-up so you can plan what comes next.",
        "buy_more": "To keep going, buy another block on the pricing page: {pricing}",
        "prepaid_text": "Hello,\n\nYou have used {percent}% of your prepaid hours: {usage}.\n{after}\n\n",
        "prepaid_subject": "{practice}: {percent}% of your prepaid hours used",
        "approve": "Extra time is approved by you, on your account page, at your plan's overage rate; "
        "or upgrade, or wait for next period.",
        "month_text": "Hello,\n\nYou have used {percent}% of this month's hours: {usage}.\n"
        "This period ends {end}. {after}\n\nSee your hours, task by task: {account}\n\n",
        "month_subject": "{practice}: {percent}% of this month's hours used",
        "see": "See your hours, task by task: {account}\n\n",
        "block": "{hours} prepaid hours",
        "receipt_text": "Hello,\n\nThank you: your payment of {paid} for {block} went through.\n"
        "The hours are yours to use on any of my services until {until}; each task is logged in "
        "{increment}-minute increments and you can follow them, with what is left, on your account "
        "page (sign in with this email).\n\nStripe emails the receipt for your records.\n\n",
        "receipt_subject": "{practice}: your {block} are ready",
    },
    "es": {
        "usage": "{used} h de {capacity} h",
        "heads_up": "No tienes que hacer nada por ahora: es un aviso para que planifiques lo que sigue.",
        "buy_more": "Para seguir, compra otro bloque en la página de precios: {pricing}",
        "prepaid_text": "Hola:\n\nYa usaste el {percent} % de tus horas prepagadas: {usage}.\n{after}\n\n",
        "prepaid_subject": "{practice}: usaste el {percent} % de tus horas prepagadas",
        "approve": "El tiempo extra lo apruebas tú, en la página de tu cuenta, a la tarifa de horas extra "
        "de tu plan; también puedes cambiar a un plan mayor o esperar al próximo periodo.",
        "month_text": "Hola:\n\nYa usaste el {percent} % de las horas de este mes: {usage}.\n"
        "Este periodo termina el {end}. {after}\n\nMira tus horas, tarea por tarea: {account}\n\n",
        "month_subject": "{practice}: usaste el {percent} % de las horas de este mes",
        "see": "Mira tus horas, tarea por tarea: {account}\n\n",
        "block": "{hours} horas prepagadas",
        "receipt_text": "Hola:\n\nGracias: tu pago de {paid} por {block} se realizó con éxito.\n"
        "Puedes usar las horas en cualquiera de mis servicios hasta el {until}; cada tarea se registra en "
        "intervalos de {increment} minutos y puedes seguirlas, junto con lo que te queda, en la página "
        "de tu cuenta (inicia sesión con este correo).\n\nStripe te envía el recibo por correo "
        "para tus registros.\n\n",
        "receipt_subject": "{practice}: tus {block} están listas",
    },
}


# The assistant's words per language: {email}, {percent}, {used}, {capacity}, {end}, {minutes},
# {approved}, {block}, {paid}, {until}, {practice_view} filled in by the renderers.
ASSISTANT = {
    "en": {
        "alert_subject": "{email} reached {percent}% of their hours",
        "alert_text": "{email} has used {percent}% of this period's hours: {used} h of {capacity} h.\n"
        "The period ends {end}.\n\n",
        "extra_subject": "{email} approved extra hours",
        "extra_text": "{email} approved {minutes} h of extra time this period "
        "({approved} h approved in all), billed at the overage rate.\n\n",
        "block": "{hours} prepaid hours",
        "prepaid_subject": "{email} bought {block}",
        "prepaid_text": "{email} bought {block} online ({paid}), valid until {until}.\n\n",
        "practice_view": "The practice view: {practice_view}\n",
    },
    "es": {
        "alert_subject": "{email} llegó al {percent} % de sus horas",
        "alert_text": "{email} ya usó el {percent} % de las horas de este periodo: "
        "{used} h de {capacity} h.\nEl periodo termina el {end}.\n\n",
        "extra_subject": "{email} aprobó horas extra",
        "extra_text": "{email} aprobó {minutes} h de tiempo extra en este periodo "
        "({approved} h aprobadas en total), que se cobran a la tarifa de horas extra.\n\n",
        "block": "{hours} horas prepagadas",
        "prepaid_subject": "{email} compró {block}",
        "prepaid_text": "{email} compró {block} en línea ({paid}), válidas hasta el {until}.\n\n",
        "practice_view": "Panel de gestión: {practice_view}\n",
    },
}


def _to_assistant(subject: str, text: str, **values: Any) -> mail.Draft:
    """A notice to the assistant in the practice's language, ending with the practice view's address."""
    words = language.pick(ASSISTANT, language.default())
    values["practice_view"] = language.page_url("/practice/", language.default())
    body = words[text].format(**values) + words["practice_view"].format(**values)
    return mail.Draft(settings().assistant_email, words[subject].format(**values), body)


def alert(params: dict[str, Any]) -> mail.Draft | None:
    """params: to (client|assistant), email, percent, used_minutes, capacity_minutes, period_end."""
    brand = catalog.brand()
    percent, used, capacity = (
        int(params["percent"]),
        int(params["used_minutes"]),
        int(params["capacity_minutes"]),
    )
    if params["to"] == "assistant":
        speaks = language.default()
        return _to_assistant(
            "alert_subject",
            "alert_text",
            email=params["email"],
            percent=percent,
            used=formats.hours(used, speaks),
            capacity=formats.hours(capacity, speaks),
            end=formats.day(params["period_end"], speaks),
        )
    speaks = _speaks(params)
    words = language.pick(WORDS, speaks)
    values = {
        "percent": percent,
        "usage": words["usage"].format(
            used=formats.hours(used, speaks), capacity=formats.hours(capacity, speaks)
        ),
        "practice": brand.practice_name,
        "pricing": language.page_url("/pricing/", speaks),
        "account": language.page_url("/account/", speaks),
    }
    if params.get("hourly"):
        after = words["buy_more"] if percent >= 100 else words["heads_up"]
        text = words["prepaid_text"].format(**values, after=after.format(**values))
        subject = words["prepaid_subject"].format(**values)
        return mail.Draft(params["email"], subject, text + _sign_off(brand, speaks))
    after = words["approve"] if percent >= 100 else words["heads_up"]
    text = words["month_text"].format(**values, after=after, end=formats.day(params["period_end"], speaks))
    return mail.Draft(
        params["email"],
        words["month_subject"].format(**values),
        text + _sign_off(brand, speaks, account=False),
    )


def extra(params: dict[str, Any]) -> mail.Draft | None:
    """params: email, minutes (just approved), approved_minutes (the period's total). To the assistant."""
    speaks = language.default()
    return _to_assistant(
        "extra_subject",
        "extra_text",
        email=params["email"],
        minutes=formats.hours(int(params["minutes"]), speaks),
        approved=formats.hours(int(params["approved_minutes"]), speaks),
    )


def _sign_off(brand: catalog.Brand, speaks: str, account: bool = True) -> str:
    words = language.pick(WORDS, speaks)
    see = words["see"].format(account=language.page_url("/account/", speaks)) if account else ""
    site = brand.site_url.rstrip("/") + language.page_path("/", speaks)
    return f"{see}{brand.assistant_name}\n{brand.practice_name}\n{site}\n"


def prepaid_receipt(params: dict[str, Any]) -> mail.Draft | None:
    """params: to (client|assistant), email, hours, amount, currency, expires_at, session_id."""
    brand = catalog.brand()
    if params["to"] == "assistant":
        speaks = language.default()
        return _to_assistant(
            "prepaid_subject",
            "prepaid_text",
            email=params["email"],
            block=language.pick(ASSISTANT, speaks)["block"].format(hours=int(params["hours"])),
            paid=formats.money(int(params["amount"]), speaks, params["currency"]),
            until=formats.day(params["expires_at"], speaks),
        )
    speaks = _speaks(params)
    words = language.pick(WORDS, speaks)
    block = words["block"].format(hours=int(params["hours"]))
    values = {
        "block": block,
        "paid": formats.money(int(params["amount"]), speaks, params["currency"]),
        "until": formats.day(params["expires_at"], speaks),
        "increment": catalog.catalog().terms.billing_increment_minutes,
        "practice": brand.practice_name,
    }
    text = words["receipt_text"].format(**values)
    return mail.Draft(
        params["email"], words["receipt_subject"].format(**values), text + _sign_off(brand, speaks)
    )
