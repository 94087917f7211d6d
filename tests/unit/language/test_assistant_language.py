"""Every notice to the assistant is written in the practice's language (brand.yaml's default_language,
language.default()), whatever the client's: English while the default is `en`, Spanish ("tú" form)
when the practice works in Spanish."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from portal import language
from tests.conftest import load_event
from tests.unit.language.spanish import assert_spanish
from tests.unit.signin.helpers import make_client

EMAIL = "ana@example.com"
ASSISTANT = "hello@northstar-va.example"
# English sentences of the assistant's notices that a Spanish one must not keep.
ENGLISH = (
    "signed up",
    "failed",
    "paid the",
    "cancelled",
    "was deleted",
    "already has",
    "has used",
    "approved",
    "bought",
    "practice view",
    "new intake",
    "Reply to",
    "Contact",
    "Working hours",
    "Delegation rules",
    "Access needed",
    "New discovery call",
    "When:",
    "Their time",
)


@pytest.fixture
def speaking(monkeypatch):
    """Set the practice's language (as brand.yaml's default_language would)."""

    def speak(code: str) -> None:
        monkeypatch.setattr(language, "default", lambda: code)

    return speak


def _in_english_and_spanish(speaking, render):
    """The same notice rendered with the default in English, then in Spanish."""
    speaking("en")
    english = render()
    speaking("es")
    spanish = render()
    for sentence in ENGLISH:
        assert not re.search(rf"\b{re.escape(sentence)}\b", spanish.subject + spanish.text, re.I), (
            sentence,
            spanish,
        )
    assert english.to == spanish.to == ASSISTANT
    return english, spanish


BILLING = {
    "new_retainer": ("Nuevo plan mensual: ", "contrató el plan"),
    "payment_failed": ("Pago fallido: ", "Falló un pago del plan"),
    "recovered": ("Pago recibido: ", "pagó la factura vencida"),
    "canceled": ("Plan cancelado: ", "canceló el plan"),
    "customer_deleted": ("Plan cancelado: ", "Se eliminó el cliente de Stripe"),
    "second_subscription": ("Acción necesaria: ", "cancela la segunda suscripción"),
}


@pytest.mark.parametrize("notice", list(BILLING))
def test_billing_notices_to_the_assistant_follow_the_practices_language(aws, speaking, notice):
    from portal.billing import notices

    make_client(EMAIL, language="es")  # a Spanish client: the assistant still reads English under `en`
    params = {
        "notice": notice,
        "to": "assistant",
        "email": EMAIL,
        "tier": "professional-20",
        "kept": "sub_1",
        "subscription": "sub_2",
    }
    english, spanish = _in_english_and_spanish(speaking, lambda: notices.render(params))
    subject, words = BILLING[notice]
    assert spanish.subject.startswith(subject) and spanish.subject.endswith(EMAIL) and words in spanish.text
    assert_spanish(spanish.text, english.text, EMAIL, "20 horas al mes")
    assert "20 hours a month" in english.text and not english.subject.startswith(subject)


def test_a_billing_notice_without_a_known_tier_speaks_of_their_retainer(aws, speaking):
    from portal.billing import notices

    params = {"notice": "canceled", "to": "assistant", "email": EMAIL, "tier": None}
    english, spanish = _in_english_and_spanish(speaking, lambda: notices.render(params))
    assert spanish.text == f"{EMAIL} canceló su plan mensual.\n"
    assert english.text == f"{EMAIL} cancelled your retainer.\n"


def test_ledger_notices_to_the_assistant_follow_the_practices_language(aws, speaking):
    from portal.ledger import emails

    make_client(EMAIL, language="es")
    alert = {
        "to": "assistant",
        "email": EMAIL,
        "percent": 100,
        "used_minutes": 1230,
        "capacity_minutes": 1200,
        "period_end": "2026-12-31T00:00:00Z",
    }
    english, spanish = _in_english_and_spanish(speaking, lambda: emails.alert(alert))
    assert spanish.subject == f"{EMAIL} llegó al 100 % de sus horas"
    assert_spanish(spanish.text, english.text, "ya usó el 100 %", "20.5 h de 20 h", "31 de diciembre de 2026")
    assert "has used 100% of this period's hours: 20.5 h of 20 h" in english.text
    assert "December 31, 2026" in english.text and "/practice/" in spanish.text

    extra = {"email": EMAIL, "minutes": 90, "approved_minutes": 180}
    english, spanish = _in_english_and_spanish(speaking, lambda: emails.extra(extra))
    assert spanish.subject == f"{EMAIL} aprobó horas extra"
    assert_spanish(spanish.text, english.text, "aprobó 1.5 h de tiempo extra", "3 h aprobadas en total")
    assert english.subject == f"{EMAIL} approved extra hours" and "approved 1.5 h of extra" in english.text

    block = {
        "to": "assistant",
        "email": EMAIL,
        "hours": 10,
        "amount": 95000,
        "currency": "usd",
        "expires_at": "2027-06-01T00:00:00Z",
        "session_id": "cs_1",
    }
    english, spanish = _in_english_and_spanish(speaking, lambda: emails.prepaid_receipt(block))
    assert spanish.subject == f"{EMAIL} compró 10 horas prepagadas"
    assert_spanish(spanish.text, english.text, "USD950", "válidas hasta el 1 de junio de 2027")
    assert english.subject == f"{EMAIL} bought 10 prepaid hours" and "$950" in english.text


def test_the_intake_copy_to_the_assistant_follows_the_practices_language(api, sent_mail, speaking):
    from portal.intake import emails
    from portal.models.intake import Intake

    body = load_event("intake.json")
    body["submission_id"] = str(uuid.uuid4())
    assert api.post("/api/intake", body, headers={"accept-language": "es"}).status == 201
    intake = Intake.get(body["submission_id"])
    params = {"intake_id": intake.id}
    english, spanish = _in_english_and_spanish(speaking, lambda: emails.assistant(params))
    assert spanish.subject.startswith("Nuevo cuestionario de inicio: ")
    # Not assert_spanish: the client typed English ("Please start with the inbox."), kept as typed.
    for words in (
        "Llegó un nuevo cuestionario",
        "Contacto",
        "Nombre:",
        "Servicios y horas",
        "Horas al mes:",
        "Herramientas",
        "Horario de trabajo",
        "Comunicación",
        "Canal:",
        "Reglas de delegación",
        "Puede reservar viajes:",
        "Accesos necesarios",
        "Revísalo en el panel de gestión",
    ):
        assert words in spanish.text, words
    assert spanish.text != english.text
    # The client's typed answers stay as typed, in both.
    for typed in (intake.name, intake.client_email, intake.timezone, intake.notes):
        assert typed in spanish.text and typed in english.text
    assert english.subject.startswith("New intake: ") and "Working hours" in english.text
    assert spanish.reply_to == english.reply_to == intake.client_email


def test_the_booking_notice_to_the_assistant_follows_the_practices_language(api, speaking):
    from portal.bookings import emails

    today = date.today()
    found = api.get(f"/api/availability?from={today}&to={today + timedelta(days=30)}&tz=UTC").json()
    start = found["slots"][0]["start"]
    body = {"name": "Ada Lovelace", "email": EMAIL, "start": start, "timezone": "America/Bogota"}
    answer = api.post("/api/bookings", body, headers={"accept-language": "es"})
    assert answer.status == 201, answer.body
    params = {"booking_id": answer.json()["id"], "change": "confirmed"}
    english, spanish = _in_english_and_spanish(speaking, lambda: emails.assistant_notice(params))
    assert spanish.subject.startswith("Nueva llamada inicial: Ada Lovelace")
    assert_spanish(spanish.text, english.text, "Cuándo:", "Su hora:", "Su idioma: es")
    assert english.subject.startswith("New discovery call: Ada Lovelace")
