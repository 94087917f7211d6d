"""The intake's answers once accepted, without AWS: their fingerprint (a retry must carry the same
answers) and how they read in the two emails (portal.intake.emails). What a valid questionnaire is
is its request schema, in portal.routes.intake; portal.intake.service stores it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from portal import catalog, formats
from portal.intake import labels


def fingerprint(answers: dict[str, Any]) -> str:
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------------- emails


def reference(intake_id: str) -> str:
    """The short reference a client reads (and can read out on a call): the id's first 8 characters."""
    return intake_id.replace("-", "")[:8].upper()


def summary(answers: dict[str, Any], language: str = "en") -> str:
    """The intake as plain text, in the order of the questionnaire, with the labels in `language`
    (portal.intake.labels) and the client's typed answers as typed."""
    words = labels.LABELS[language] if language in labels.LABELS else labels.LABELS["en"]

    def pick(table: dict[str, dict[str, str]]) -> dict[str, str]:
        return table.get(language, table["en"])

    def yes_no(value: bool) -> str:
        return words["yes"] if value else words["no"]

    current = catalog.catalog(language)
    names = {s.id: s.name for s in current.services}
    tier = current.tier(answers["preferred_tier"]) if answers.get("preferred_tier") else None
    tools = answers.get("tools") or {}
    hours = answers["working_hours"]
    talk = answers["communication"]
    rules = answers["delegation"]
    days, channels, frequencies = pick(labels.DAYS), pick(labels.CHANNELS), pick(labels.FREQUENCIES)
    tool_keys = ("email", "calendar", "crm", "accounting", "project_management", "other")
    lines = [
        words["contact"],
        f"  {words['name']}: {answers['name']}",
        f"  {words['email']}: {answers['email']}",
        f"  {words['phone']}: {answers.get('phone') or '-'}",
        f"  {words['company']}: {answers.get('company') or '-'}",
        f"  {words['role']}: {answers.get('role') or '-'}",
        "",
        words["services"],
        *[f"  - {names.get(s, s)}" for s in answers["services"]],
        f"  {words['hours_per_month']}: {answers['hours_per_month']}",
        f"  {words['preferred_tier']}: {tier.name + ' (' + tier.id + ')' if tier else words['not_sure']}",
        "",
        words["tools"],
        *[f"  {words['tools.' + key]}: {tools.get(key) or '-'}" for key in tool_keys],
        "",
        words["working_hours"],
        f"  {', '.join(days[d] for d in hours['days'])}, {hours['start']}-{hours['end']} "
        f"({answers['timezone']})",
        "",
        words["communication"],
        f"  {words['channel']}: {channels.get(talk['channel'], talk['channel'])}; "
        f"{words['how_often']}: {frequencies.get(talk['frequency'], talk['frequency'])}",
        f"  {words['notes']}: {talk.get('notes') or '-'}",
        "",
        words["delegation"],
        f"  {words['spending_limit']}: {formats.money(rules['spending_limit'], language)}",
        f"  {words['travel_booking']}: {yes_no(rules['travel_booking'])}",
        f"  {words['send_as_client']}: {yes_no(rules['send_as_client'])}",
        f"  {words['escalate_when']}: {rules.get('escalate_when') or '-'}",
        f"  {words['tone']}: {rules.get('tone') or '-'}",
        f"  {words['vip_contacts']}: {'; '.join(rules.get('vip_contacts') or []) or '-'}",
        "",
        words["access"],
        f"  {answers.get('access_needed') or '-'}",
        "",
        words["notes"],
        f"  {answers.get('notes') or '-'}",
    ]
    return "\n".join(lines) + "\n"
