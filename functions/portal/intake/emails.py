"""The two intake emails, rendered by the outbox from the stored intake when they are delivered.

The client's confirmation goes to an address nobody has verified, so it carries none of the text
the visitor typed (anyone could otherwise send their own words from the practice's address): the
answers are in the assistant's copy and, for the client, on the account page after signing in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portal import catalog, mail
from portal.intake.rules import reference, summary
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.intakes import Intake


def _intake(params: dict[str, Any]) -> Intake | None:
    from portal.models.intakes import Intake

    try:
        return Intake.get(params["intake_id"], consistent_read=True)
    except Intake.DoesNotExist:
        return None


def answers_of(intake: Intake) -> dict[str, Any]:
    """A stored intake as the answers it was submitted with (what `summary` reads)."""
    delegation = intake.delegation.as_dict()
    return {
        "name": intake.name,
        "email": intake.client_email,
        "phone": intake.phone,
        "company": intake.company,
        "role": intake.role,
        "services": list(intake.services),
        "hours_per_month": int(intake.hours_per_month),
        "preferred_tier": intake.preferred_tier,
        "tools": intake.tools.as_dict() if intake.tools else {},
        "working_hours": intake.working_hours.as_dict(),
        "timezone": intake.timezone,
        "communication": intake.communication.as_dict(),
        "delegation": {**delegation, "spending_limit": int(delegation.get("spending_limit", 0))},
        "access_needed": intake.access_needed,
        "notes": intake.notes,
    }


def assistant(params: dict[str, Any]) -> mail.Draft | None:
    intake = _intake(params)
    if intake is None:
        return None
    answers = answers_of(intake)
    who = answers.get("company") or answers["name"]
    text = (
        f"A new intake questionnaire arrived (reference {reference(intake.id)}, id {intake.id}, status: "
        "new).\n"
        f"Reply to the client at {answers['email']}.\n\n{summary(answers)}\n"
        f"Review it in the practice view: {settings().site_origin}/practice/\n"
    )
    return mail.Draft(settings().assistant_email, f"New intake: {who}", text, reply_to=answers["email"])


def client(params: dict[str, Any]) -> mail.Draft | None:
    intake = _intake(params)
    if intake is None:
        return None
    brand = catalog.brand()
    text = (
        "Hello,\n\n"
        f"Thank you: your intake questionnaire reached {brand.assistant_name}, who will read it and be in "
        "touch shortly about the next steps.\n\n"
        "Please never send passwords by email. When we start, you'll get an invitation to a shared "
        "vault in your password manager for the accounts you listed.\n\n"
        f"To see your answers, sign in at {settings().site_origin}/account/sign-in/ with this address.\n"
        f"Reference: {reference(intake.id)}\n\n"
        f"{brand.assistant_name}\n{brand.practice_name}\n{brand.site_url}\n"
    )
    return mail.Draft(
        intake.client_email, f"{brand.practice_name}: we received your intake questionnaire", text
    )
