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


def _tier_line(tier_id: str | None, language: str = "en", to_assistant: bool = False) -> str:
    """The retainer in words. An unknown tier is the client's "tu plan", the assistant's "su plan" in
    Spanish; English keeps "your retainer" for both, as its notices always read."""
    tier = catalog.catalog(language).tier(tier_id) if tier_id else None
    if tier is None:
        if language == "en":
            return "your retainer"
        return "su plan mensual" if to_assistant else "tu plan mensual"
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


# The assistant's notices, per language (the practice's: language.default()): (subject, text) with
# {email}, {what} (the retainer), and for a second subscription {kept} and {subscription}.
ASSISTANT = {
    "en": {
        "new_retainer": ("New retainer: {email}", "{email} signed up for {what}.\n"),
        "payment_failed": (
            "Payment failed: {email}",
            "A retainer payment from {email} failed ({what}). The retainer is "
            "past due until Stripe collects it.\n",
        ),
        "recovered": (
            "Payment received: {email}",
            "{email} paid the overdue invoice; {what} is active again.\n",
        ),
        "canceled": ("Retainer cancelled: {email}", "{email} cancelled {what}.\n"),
        "customer_deleted": (
            "Retainer cancelled: {email}",
            "The Stripe customer of {email} was deleted, and with it {what}: the retainer is "
            "cancelled. A new checkout makes a new Stripe customer.\n",
        ),
        "second_subscription": (
            "Action needed: a second subscription for {email}",
            "{email} already has a live retainer (Stripe subscription {kept}) and now also "
            "has a second live one: {subscription}, {what}.\n\n"
            "The portal keeps the first and ignores the second. In the Stripe Dashboard (Customers, "
            "search {email}), cancel the second subscription and refund its payment, or, if the client "
            "meant to change plan, cancel the first instead.\n",
        ),
    },
    "es": {
        "new_retainer": ("Nuevo plan mensual: {email}", "{email} contrató {what}.\n"),
        "payment_failed": (
            "Pago fallido: {email}",
            "Falló un pago del plan de {email} ({what}). El plan queda "
            "con el pago vencido hasta que Stripe lo cobre.\n",
        ),
        "recovered": (
            "Pago recibido: {email}",
            "{email} pagó la factura vencida; {what} vuelve a estar activo.\n",
        ),
        "canceled": ("Plan cancelado: {email}", "{email} canceló {what}.\n"),
        "customer_deleted": (
            "Plan cancelado: {email}",
            "Se eliminó el cliente de Stripe de {email} y, con él, {what}: el plan queda "
            "cancelado. Una nueva compra crea un nuevo cliente en Stripe.\n",
        ),
        "second_subscription": (
            "Acción necesaria: una segunda suscripción de {email}",
            "{email} ya tiene un plan activo (suscripción de Stripe {kept}) y ahora también "
            "tiene una segunda activa: {subscription}, {what}.\n\n"
            "El portal conserva la primera e ignora la segunda. En el panel de Stripe (Customers, "
            "busca {email}), cancela la segunda suscripción y reembolsa su pago o, si el cliente "
            "quería cambiar de plan, cancela la primera.\n",
        ),
    },
}


def render(params: dict[str, Any]) -> mail.Draft | None:
    """A client's notice in their language; the assistant's in the practice's (brand.yaml's default)."""
    notice, email, to = params["notice"], params["email"], params["to"]
    if to == "client":
        return _client_notice(notice, email, params.get("tier"))
    speaks = language.default()
    texts = language.pick(ASSISTANT, speaks)
    if to != "assistant" or notice not in texts:
        return None
    values = {
        "email": email,
        "what": _tier_line(params.get("tier"), speaks, to_assistant=True),
        "kept": params.get("kept"),
        "subscription": params.get("subscription"),
    }
    subject, text = texts[notice]
    return mail.Draft(settings().assistant_email, subject.format(**values), text.format(**values))
