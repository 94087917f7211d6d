"""The two intake emails, rendered by the outbox from the stored intake when they are delivered.

The client's confirmation goes to an address nobody has verified, so it carries none of the text
the visitor typed (anyone could otherwise send their own words from the practice's address): the
answers are in the assistant's copy and, for the client, on the account page after signing in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portal import catalog, language, mail
from portal.intake.rules import reference, summary
from portal.settings import settings

if TYPE_CHECKING:
    from portal.models.intake import Intake


def _intake(params: dict[str, Any]) -> Intake | None:
    from portal.models.intake import Intake

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


# The assistant's copy, per language (the practice's: language.default()): (subject, text) with
# {who}, {reference}, {id}, {email}, {summary} and {practice_view}.
ASSISTANT_EMAIL = {
    "en": (
        "New intake: {who}",
        "A new intake questionnaire arrived (reference {reference}, id {id}, status: new).\n"
        "Reply to the client at {email}.\n\n{summary}\n"
        "Review it in the practice view: {practice_view}\n",
    ),
    "es": (
        "Nuevo cuestionario de inicio: {who}",
        "Llegó un nuevo cuestionario de inicio (referencia {reference}, id {id}, estado: nuevo).\n"
        "Responde al cliente en {email}.\n\n{summary}\n"
        "Revísalo en el panel de gestión: {practice_view}\n",
    ),
}


def assistant(params: dict[str, Any]) -> mail.Draft | None:
    """The assistant's copy with every answer, in the practice's language (language.default()) whatever
    the client's; the client's typed answers as typed."""
    intake = _intake(params)
    if intake is None:
        return None
    answers = answers_of(intake)
    speaks = language.default()
    subject, text = language.pick(ASSISTANT_EMAIL, speaks)
    values = {
        "who": answers.get("company") or answers["name"],
        "reference": reference(intake.id),
        "id": intake.id,
        "email": answers["email"],
        "summary": summary(answers, speaks),
        "practice_view": language.page_url("/practice/", speaks),
    }
    return mail.Draft(
        settings().assistant_email,
        subject.format(**values),
        text.format(**values),
        reply_to=answers["email"],
    )


CLIENT_EMAIL = {
    "en": (
        "{practice}: we received your intake questionnaire",
        "Hello,\n\n"
        "Thank you: your intake questionnaire reached {assistant}, who will read it and be in "
        "touch shortly about the next steps.\n\n"
        "Please never send passwords by email. When we start, you'll get an invitation to a shared "
        "vault in your password manager for the accounts you listed.\n\n"
        "To see your answers, sign in at {sign_in} with this address.\n"
        "Reference: {reference}\n\n"
        "{assistant}\n{practice}\n{site}\n",
    ),
    "es": (
        "{practice}: recibimos tu cuestionario de inicio",
        "Hola:\n\n"
        "Gracias: tu cuestionario de inicio le llegó a {assistant}, que lo leerá y se pondrá en "
        "contacto contigo pronto para hablar de los siguientes pasos.\n\n"
        "Por favor, nunca envíes contraseñas por correo. Cuando empecemos, recibirás una invitación "
        "a una bóveda compartida en tu gestor de contraseñas para las cuentas que indicaste.\n\n"
        "Para ver tus respuestas, inicia sesión en {sign_in} con esta dirección.\n"
        "Referencia: {reference}\n\n"
        "{assistant}\n{practice}\n{site}\n",
    ),
}


def client(params: dict[str, Any]) -> mail.Draft | None:
    """The client's confirmation, in the language of the questionnaire's page (the default for an
    intake stored before languages)."""
    intake = _intake(params)
    if intake is None:
        return None
    brand = catalog.brand()
    speaks = language.known(intake.language)
    subject, text = language.pick(CLIENT_EMAIL, speaks)
    values = {
        "practice": brand.practice_name,
        "assistant": brand.assistant_name,
        "sign_in": language.page_url("/account/sign-in/", speaks),
        "reference": reference(intake.id),
        "site": brand.site_url.rstrip("/") + language.page_path("/", speaks),
    }
    return mail.Draft(intake.client_email, subject.format(**values), text.format(**values))
