"""The emails a retainer's life sends, to the client and to the assistant: outbox messages
(`messages`) written with the Stripe event's effects, rendered when delivered (`render`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from portal import catalog, formats, language, mail
from portal.settings import settings

# notice -> who hears of it
RECIPIENTS = {
    "new_retainer": ("client", "assistant"),
    "payment_failed": ("client", "assistant"),
    "recovered": ("assistant",),
    "canceled": ("assistant",),
    "customer_deleted": ("assistant",),
    "second_subscription": ("assistant",),
}


def _tier_line(tier_id: str | None, language: str = "en") -> str:
    tier = catalog.catalog(language).tier(tier_id) if tier_id else None
    if tier is None:
        return "your retainer" if language == "en" else "tu plan mensual"
    price = formats.money(tier.price, language)
    if language == "es":
        return f"el plan {tier.name} ({tier.hours_per_month} horas al mes, {price} al mes)"
    return f"the {tier.name} retainer ({tier.hours_per_month} hours a month, {price} a month)"


# The client's notices, per language: (subject, text) with {what}, {email}, {practice}, the pages ...
CLIENT = {
    "en": {
        "new_retainer": (
            "Welcome to {practice}",
            "Hello,\n\n"
            "Thank you for signing up for {what}. Your retainer is active, under this "
            "email address ({email}).\n\n"
            "Next step: the intake questionnaire (about ten minutes). Your services, tools, "
            "working hours and delegation rules, so nothing has to be explained twice:\n"
            "{intake_page}\n\n"
            "Your first month's hours start now. Reply to this email with what you'd like "
            "handled first, or with the best times for a kick-off call.\n\n"
            "Your account (plan, hours, invoices; sign in with this address): {account_page}\n"
            "Card, plan, invoices or cancellation: {billing_page}\n\n"
            "I look forward to working with you.\n\n"
            "{assistant}\n{practice}\n{site}\n",
        ),
        "payment_failed": (
            "{practice}: your retainer payment did not go through",
            "Stripe could not take this month's payment for {what}.\n\n"
            "Please update your card at {billing_page} (you will get a secure link by "
            "email); Stripe retries the payment automatically. Work pauses while an invoice "
            "is overdue.\n",
        ),
    },
    "es": {
        "new_retainer": (
            "Te damos la bienvenida a {practice}",
            "Hola:\n\n"
            "Gracias por contratar {what}. Tu plan está activo, a nombre de esta "
            "dirección de correo ({email}).\n\n"
            "Siguiente paso: el cuestionario de inicio (unos diez minutos). Tus servicios, herramientas, "
            "horario de trabajo y reglas de delegación, para que nada tenga que explicarse dos veces:\n"
            "{intake_page}\n\n"
            "Las horas de tu primer mes empiezan ahora. Responde a este correo con lo que quieras "
            "que se atienda primero, o con los mejores horarios para una llamada de arranque.\n\n"
            "Tu cuenta (plan, horas, facturas; inicia sesión con esta dirección): {account_page}\n"
            "Tarjeta, plan, facturas o cancelación: {billing_page}\n\n"
            "Me alegra mucho empezar a trabajar contigo.\n\n"
            "{assistant}\n{practice}\n{site}\n",
        ),
        "payment_failed": (
            "{practice}: no se pudo cobrar el pago de tu plan",
            "Stripe no pudo cobrar el pago de este mes de {what}.\n\n"
            "Actualiza tu tarjeta en {billing_page} (recibirás un enlace seguro por "
            "correo); Stripe vuelve a intentar el cobro automáticamente. El trabajo se pausa mientras "
            "haya una factura vencida.\n",
        ),
    },
}


def _client_notice(notice: str, email: str, tier_id: str | None) -> mail.Draft | None:
    """A notice to the client, in their language (clients.language_of: the default for old records)."""
    from portal.models.clients import language_of

    speaks = language_of(email)
    texts = language.pick(CLIENT, speaks)
    if notice not in texts:
        return None
    brand = catalog.brand()
    values = {
        "what": _tier_line(tier_id, speaks),
        "email": email,
        "practice": brand.practice_name,
        "assistant": brand.assistant_name,
        "site": brand.site_url.rstrip("/") + language.page_path("/", speaks),
        "intake_page": language.page_url("/intake/", speaks),
        "account_page": language.page_url("/account/", speaks),
        "billing_page": language.page_url("/billing/", speaks),
    }
    subject, text = texts[notice]
    return mail.Draft(email, subject.format(**values), text.format(**values))


def messages(
    event_id: str,
    notice: str,
    email: str,
    tier_id: str | None,
    now: datetime | None = None,
    subscription_id: str | None = None,
    kept_subscription_id: str | None = None,
) -> list[Any]:
    """One outbox message per recipient. A second subscription is reported once per subscription,
    whichever of its events tells first (the message id is the subscription's)."""
    from portal.outbox import service as outbox

    subject = subscription_id if notice == "second_subscription" else event_id
    extra = (
        {"subscription": subscription_id, "kept": kept_subscription_id}
        if notice == "second_subscription"
        else {}
    )
    return [
        outbox.message(
            "billing.notice",
            subject,
            f"{notice}-{to}",
            now=now,
            notice=notice,
            to=to,
            email=email,
            tier=tier_id,
            **extra,
        )
        for to in RECIPIENTS.get(notice, ())
    ]


def render(params: dict[str, Any]) -> mail.Draft | None:
    """A client's notice in their language; the assistant's in English (the default, brand.yaml)."""
    notice, email, to = params["notice"], params["email"], params["to"]
    if to == "client":
        return _client_notice(notice, email, params.get("tier"))
    what = _tier_line(params.get("tier"), "en")  # the words below are English
    assistant = {
        "new_retainer": (f"New retainer: {email}", f"{email} signed up for {what}.\n"),
        "payment_failed": (
            f"Payment failed: {email}",
            f"A retainer payment from {email} failed ({what}). The retainer is "
            "past due until Stripe collects it.\n",
        ),
        "recovered": (
            f"Payment received: {email}",
            f"{email} paid the overdue invoice; {what} is active again.\n",
        ),
        "canceled": (f"Retainer cancelled: {email}", f"{email} cancelled {what}.\n"),
        "customer_deleted": (
            f"Retainer cancelled: {email}",
            f"The Stripe customer of {email} was deleted, and with it {what}: the retainer is "
            "cancelled. A new checkout makes a new Stripe customer.\n",
        ),
        "second_subscription": (
            f"Action needed: a second subscription for {email}",
            f"{email} already has a live retainer (Stripe subscription {params.get('kept')}) and now also "
            f"has a second live one: {params.get('subscription')}, {what}.\n\n"
            "The portal keeps the first and ignores the second. In the Stripe Dashboard (Customers, "
            f"search {email}), cancel the second subscription and refund its payment, or, if the client "
            "meant to change plan, cancel the first instead.\n",
        ),
    }
    if to == "assistant" and notice in assistant:
        return mail.Draft(settings().assistant_email, *assistant[notice])
    return None
