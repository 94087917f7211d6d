"""The emails a retainer's life sends, to the client and to the assistant: outbox messages
(`messages`) written with the Stripe event's effects, rendered when delivered (`render`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from portal import catalog, mail
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


def _tier_line(tier_id: str | None) -> str:
    tier = catalog.catalog().tier(tier_id) if tier_id else None
    if tier is None:
        return "your retainer"
    return (
        f"the {tier.name} retainer ({tier.hours_per_month} hours a month, "
        f"{catalog.money(tier.price)} a month)"
    )


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
    notice, email, to = params["notice"], params["email"], params["to"]
    practice = catalog.brand().practice_name
    what = _tier_line(params.get("tier"))
    billing_page = f"{settings().site_origin}/billing/"
    account_page = f"{settings().site_origin}/account/"
    client = {
        "new_retainer": (
            f"Welcome to {practice}",
            "Hello,\n\n"
            f"Thank you for signing up for {what}. Your retainer is active, under this "
            f"email address ({email}).\n\n"
            "Next step: the intake questionnaire (about ten minutes). Your services, tools, "
            "working hours and delegation rules, so nothing has to be explained twice:\n"
            f"{settings().site_origin}/intake/\n\n"
            "Your first month's hours start now. Reply to this email with what you'd like "
            "handled first, or with the best times for a kick-off call.\n\n"
            f"Your account (plan, hours, invoices; sign in with this address): {account_page}\n"
            f"Card, plan, invoices or cancellation: {billing_page}\n\n"
            f"I look forward to working with you.\n\n"
            f"{catalog.brand().assistant_name}\n{practice}\n{catalog.brand().site_url}\n",
        ),
        "payment_failed": (
            f"{practice}: your retainer payment did not go through",
            f"Stripe could not take this month's payment for {what}.\n\n"
            f"Please update your card at {billing_page} (you will get a secure link by "
            "email); Stripe retries the payment automatically. Work pauses while an invoice "
            "is overdue.\n",
        ),
    }
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
    if to == "client" and notice in client:
        return mail.Draft(email, *client[notice])
    if to == "assistant" and notice in assistant:
        return mail.Draft(settings().assistant_email, *assistant[notice])
    return None
