"""The emails a retainer's life sends: to the client and to the assistant."""
from __future__ import annotations

from portal import catalog, mail
from portal.settings import settings


def _tier_line(tier_id: str | None) -> str:
    tier = catalog.catalog().tier(tier_id) if tier_id else None
    if tier is None:
        return "your retainer"
    return f"the {tier.name} retainer ({tier.hours_per_month} hours a month, {catalog.money(tier.price)} a month)"


def send(notice: str, email: str, tier_id: str | None) -> None:
    practice = catalog.brand().practice_name
    what = _tier_line(tier_id)
    billing_page = f"{settings().site_origin}/billing/"
    if notice == "new_retainer":
        mail.send(email, f"Welcome to {practice}",
                  f"Thank you for signing up for {what}. Your retainer is active.\n\n"
                  "Your first month's hours start now. Reply to this email with what you'd like "
                  "handled first, or with the best times for a kick-off call.\n\n"
                  f"Card, plan, invoices or cancellation: {billing_page}\n")
        mail.notify_assistant(f"New retainer: {email}", f"{email} signed up for {what}.\n")
    elif notice == "payment_failed":
        mail.send(email, f"{practice}: your retainer payment did not go through",
                  f"Stripe could not take this month's payment for {what}.\n\n"
                  f"Please update your card at {billing_page} (you will get a secure link by "
                  "email); Stripe retries the payment automatically. Work pauses while an invoice "
                  "is overdue.\n")
        mail.notify_assistant(f"Payment failed: {email}",
                              f"A retainer payment from {email} failed ({what}). The retainer is "
                              "past due until Stripe collects it.\n")
    elif notice == "recovered":
        mail.notify_assistant(f"Payment received: {email}",
                              f"{email} paid the overdue invoice; {what} is active again.\n")
    elif notice == "canceled":
        mail.notify_assistant(f"Retainer cancelled: {email}", f"{email} cancelled {what}.\n")
