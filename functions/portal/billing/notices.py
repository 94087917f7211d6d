"""The emails a retainer's life sends, to the client and to the assistant: outbox messages
(`messages`) written with the Stripe event's effects, rendered when delivered (`render`)."""
from __future__ import annotations

from portal import catalog, mail
from portal.settings import settings

# notice -> who hears of it
RECIPIENTS = {"new_retainer": ("client", "assistant"), "payment_failed": ("client", "assistant"),
              "recovered": ("assistant",), "canceled": ("assistant",)}


def _tier_line(tier_id: str | None) -> str:
    tier = catalog.catalog().tier(tier_id) if tier_id else None
    if tier is None:
        return "your retainer"
    return f"the {tier.name} retainer ({tier.hours_per_month} hours a month, {catalog.money(tier.price)} a month)"


def messages(event_id: str, notice: str, email: str, tier_id: str | None, now=None) -> list:
    from portal.outbox import service as outbox

    return [outbox.message("billing.notice", event_id, f"{notice}-{to}", now=now, notice=notice, to=to,
                           email=email, tier=tier_id) for to in RECIPIENTS.get(notice, ())]


def render(params: dict) -> mail.Draft | None:
    notice, email, to = params["notice"], params["email"], params["to"]
    practice = catalog.brand().practice_name
    what = _tier_line(params.get("tier"))
    billing_page = f"{settings().site_origin}/billing/"
    account_page = f"{settings().site_origin}/account/"
    client = {
        "new_retainer": (f"Welcome to {practice}",
                         f"Thank you for signing up for {what}. Your retainer is active.\n\n"
                         "Your first month's hours start now. Reply to this email with what you'd like "
                         "handled first, or with the best times for a kick-off call.\n\n"
                         f"Your account (plan, hours, invoices): {account_page}\n"
                         f"Card, plan, invoices or cancellation: {billing_page}\n\n"
                         f"{catalog.brand().assistant_name}\n{practice}\n"),
        "payment_failed": (f"{practice}: your retainer payment did not go through",
                           f"Stripe could not take this month's payment for {what}.\n\n"
                           f"Please update your card at {billing_page} (you will get a secure link by "
                           "email); Stripe retries the payment automatically. Work pauses while an invoice "
                           "is overdue.\n"),
    }
    assistant = {
        "new_retainer": (f"New retainer: {email}", f"{email} signed up for {what}.\n"),
        "payment_failed": (f"Payment failed: {email}",
                           f"A retainer payment from {email} failed ({what}). The retainer is "
                           "past due until Stripe collects it.\n"),
        "recovered": (f"Payment received: {email}", f"{email} paid the overdue invoice; {what} is active again.\n"),
        "canceled": (f"Retainer cancelled: {email}", f"{email} cancelled {what}.\n"),
    }
    if to == "client" and notice in client:
        return mail.Draft(email, *client[notice])
    if to == "assistant" and notice in assistant:
        return mail.Draft(settings().assistant_email, *assistant[notice])
    return None
