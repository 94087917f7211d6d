"""The ledger's emails, rendered by the outbox from their params when delivered.

`ledger.alert`: a usage threshold of the period was reached (once per threshold and period: the
Period's alerts_sent decides, in the same transaction as the entry that reached it).
`ledger.extra`: the client approved extra hours; the assistant is told.
`ledger.prepaid_receipt`: a prepaid block was paid for; the client gets a receipt, the assistant a notice.
"""

from __future__ import annotations

from typing import Any

from portal import catalog, mail
from portal.settings import settings


def hours(minutes: int) -> str:
    """150 -> "2.5", 120 -> "2", 20 -> "0.33"."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".")


def alert(params: dict[str, Any]) -> mail.Draft | None:
    """params: to (client|assistant), email, percent, used_minutes, capacity_minutes, period_end."""
    brand = catalog.brand()
    percent, used, capacity = (
        int(params["percent"]),
        int(params["used_minutes"]),
        int(params["capacity_minutes"]),
    )
    usage = f"{hours(used)} h of {hours(capacity)} h"
    if params["to"] == "assistant":
        text = (
            f"{params['email']} has used {percent}% of this period's hours: {usage}.\n"
            f"The period ends {params['period_end'][:10]}.\n\n"
            f"The practice view: {settings().site_origin}/practice/\n"
        )
        return mail.Draft(
            settings().assistant_email, f"{params['email']} reached {percent}% of their hours", text
        )
    if params.get("hourly"):
        after = (
            f"To keep going, buy another block on the pricing page: {settings().site_origin}/pricing/"
            if percent >= 100
            else "Nothing to do now: this is a heads-up so you can plan what comes next."
        )
        text = f"Hello,\n\nYou have used {percent}% of your prepaid hours: {usage}.\n{after}\n\n"
        subject = f"{brand.practice_name}: {percent}% of your prepaid hours used"
        return mail.Draft(params["email"], subject, text + _sign_off(brand))
    after = (
        "Extra time is approved by you, on your account page, at your plan's overage rate; "
        "or upgrade, or wait for next period."
        if percent >= 100
        else "Nothing to do now: this is a heads-up so you can plan what comes next."
    )
    text = (
        f"Hello,\n\nYou have used {percent}% of this month's hours: {usage}.\n"
        f"This period ends {params['period_end'][:10]}. {after}\n\n"
        f"See your hours, task by task: {settings().site_origin}/account/\n\n"
    )
    return mail.Draft(
        params["email"],
        f"{brand.practice_name}: {percent}% of this month's hours used",
        text + _sign_off(brand, account=False),
    )


def extra(params: dict[str, Any]) -> mail.Draft | None:
    """params: email, minutes (just approved), approved_minutes (the period's total)."""
    text = (
        f"{params['email']} approved {hours(int(params['minutes']))} h of extra time this period "
        f"({hours(int(params['approved_minutes']))} h approved in all), billed at the overage rate.\n\n"
        f"The practice view: {settings().site_origin}/practice/\n"
    )
    return mail.Draft(settings().assistant_email, f"{params['email']} approved extra hours", text)


def _sign_off(brand: catalog.Brand, account: bool = True) -> str:
    see = f"See your hours, task by task: {settings().site_origin}/account/\n\n" if account else ""
    return f"{see}{brand.assistant_name}\n{brand.practice_name}\n{brand.site_url}\n"


def prepaid_receipt(params: dict[str, Any]) -> mail.Draft | None:
    """params: to (client|assistant), email, hours, amount, currency, expires_at, session_id."""
    brand = catalog.brand()
    block = f"{int(params['hours'])} prepaid hours"
    paid = catalog.money(int(params["amount"]), params["currency"])
    until = params["expires_at"][:10]
    if params["to"] == "assistant":
        text = (
            f"{params['email']} bought {block} online ({paid}), valid until {until}.\n\n"
            f"The practice view: {settings().site_origin}/practice/\n"
        )
        return mail.Draft(settings().assistant_email, f"{params['email']} bought {block}", text)
    text = (
        f"Hello,\n\nThank you: your payment of {paid} for {block} went through.\n"
        f"The hours are yours to use on any of my services until {until}; each task is logged in "
        f"{catalog.catalog().terms.billing_increment_minutes}-minute increments and you can follow them, "
        f"with what is left, on your account page (sign in with this email).\n\n"
        f"Stripe emails the receipt for your records.\n\n"
    )
    return mail.Draft(
        params["email"], f"{brand.practice_name}: your {block} are ready", text + _sign_off(brand)
    )
