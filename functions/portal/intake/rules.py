"""The intake's answers once accepted, without AWS: their fingerprint (a retry must carry the same
answers) and how they read in the two emails (portal.intake.emails). What a valid questionnaire is
is its request schema, in portal.routes.intake; portal.intake.service stores it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from portal import catalog


def fingerprint(answers: dict[str, Any]) -> str:
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------------- emails

_DAYS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
# The words the questionnaire showed (site/docs/assets/intake.js), not the stored values.
CHANNEL_LABELS = {
    "email": "Email",
    "phone": "Phone",
    "video": "Video call",
    "slack": "Slack",
    "teams": "Microsoft Teams",
    "whatsapp": "WhatsApp",
    "sms": "Text message",
}
FREQUENCY_LABELS = {
    "daily": "Daily",
    "twice-weekly": "Twice a week",
    "weekly": "Weekly",
    "fortnightly": "Every two weeks",
    "monthly": "Monthly",
    "as-needed": "As needed",
}


def reference(intake_id: str) -> str:
    """The short reference a client reads (and can read out on a call): the id's first 8 characters."""
    return intake_id.replace("-", "")[:8].upper()


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def summary(answers: dict[str, Any]) -> str:
    """The intake as plain text, in the order of the questionnaire."""
    current = catalog.catalog()
    names = {s.id: s.name for s in current.services}
    tier = current.tier(answers["preferred_tier"]) if answers.get("preferred_tier") else None
    tools = answers.get("tools") or {}
    hours = answers["working_hours"]
    talk = answers["communication"]
    rules = answers["delegation"]
    lines = [
        "Contact",
        f"  Name: {answers['name']}",
        f"  Email: {answers['email']}",
        f"  Phone: {answers.get('phone') or '-'}",
        f"  Company: {answers.get('company') or '-'}",
        f"  Role: {answers.get('role') or '-'}",
        "",
        "Services and hours",
        *[f"  - {names.get(s, s)}" for s in answers["services"]],
        f"  Hours a month: {answers['hours_per_month']}",
        f"  Preferred tier: {tier.name + ' (' + tier.id + ')' if tier else 'not sure yet'}",
        "",
        "Tools",
        *[
            f"  {label}: {tools.get(key) or '-'}"
            for key, label in (
                ("email", "Email"),
                ("calendar", "Calendar"),
                ("crm", "CRM"),
                ("accounting", "Accounting"),
                ("project_management", "Project management"),
                ("other", "Other"),
            )
        ],
        "",
        "Working hours",
        f"  {', '.join(_DAYS[d] for d in hours['days'])}, {hours['start']}-{hours['end']} "
        f"({answers['timezone']})",
        "",
        "Communication",
        f"  Channel: {CHANNEL_LABELS.get(talk['channel'], talk['channel'])}; "
        f"how often: {FREQUENCY_LABELS.get(talk['frequency'], talk['frequency'])}",
        f"  Notes: {talk.get('notes') or '-'}",
        "",
        "Delegation rules",
        f"  Spending limit without asking: {catalog.money(rules['spending_limit'])}",
        f"  May book travel: {_yes_no(rules['travel_booking'])}",
        f"  May send email as the client: {_yes_no(rules['send_as_client'])}",
        f"  Escalate when: {rules.get('escalate_when') or '-'}",
        f"  Tone: {rules.get('tone') or '-'}",
        f"  VIP contacts: {'; '.join(rules.get('vip_contacts') or []) or '-'}",
        "",
        "Access needed (to be shared through a password-vault invitation)",
        f"  {answers.get('access_needed') or '-'}",
        "",
        "Notes",
        f"  {answers.get('notes') or '-'}",
    ]
    return "\n".join(lines) + "\n"
