"""Booking in Spanish on /es/book/ (the refusals, the confirmation, the email and the invite in
Spanish, the assistant's notice in the practice's language), axe on the Spanish page, and a phone
call's number asked for on the page."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.date_words import spoken_day, spoken_offset
from tests.e2e import booking_helpers
from tests.e2e.booking_helpers import ZONE
from tests.e2e.conftest import mail_to
from tests.e2e.test_booking_controls import open_the_zone_picker

pytestmark = pytest.mark.e2e
phone = booking_helpers.phone  # the fixture: a 390 px touch screen in Sydney


def test_a_visitor_books_in_spanish_and_gets_a_spanish_email_and_invite(local_stack, phone):
    email = f"e2e-es-{uuid.uuid4().hex[:8]}@example.com"
    phone.goto(local_stack.url + "/es/book/")
    phone.locator(".booking-slot").first.wait_for()
    assert phone.get_by_role("heading", name="Elige un día y una hora").is_visible()
    assert re.match(r"^Horarios libres el \w+", phone.locator(".booking-times-title").inner_text())
    assert phone.get_by_role("button", name="Mes siguiente").count() == 1
    # Someone takes the first time meanwhile: the refusal is in Spanish too.
    first = phone.locator(".booking-slot").first
    first.tap()
    taken = local_stack.post(
        "/api/bookings",
        {
            "name": "Otra",
            "email": f"otra-{email}",
            "start": first.get_attribute("data-start"),
            "timezone": ZONE,
        },
    )
    assert taken.status == 201
    phone.get_by_label("Tu nombre").fill("Gabriela Mistral")
    phone.get_by_label("Tu correo electrónico").fill(email)
    phone.get_by_role("button", name="Agendar esta hora").tap()
    # (Taken, or the day now full when earlier tests booked it: either way said in Spanish.)
    refusal = phone.locator(".booking-message").filter(has_text="Tus datos siguen aquí: elige otra hora.")
    refusal.wait_for()
    assert re.search(r"Alguien acaba de tomar ese horario|Ese día ya no tiene lugar", refusal.inner_text())

    chosen = phone.locator(".booking-slot").first
    start = datetime.fromisoformat(chosen.get_attribute("data-start"))
    chosen.tap()
    phone.get_by_role("button", name="Agendar esta hora").tap()
    phone.get_by_role("heading", name="Tu llamada está agendada").wait_for()
    assert "/es/manage-booking/?id=" in phone.url and phone.url.endswith("&booked=1")
    phone.reload()
    phone.get_by_role("heading", name="Tu llamada está agendada").wait_for()
    assert phone.locator(".booking-status").inner_text() == "Agendada"

    mail = mail_to(local_stack, email, "Tu llamada inicial")
    assert mail["text"].startswith("Hola:\n\nTu llamada inicial con Maya Lindqvist está agendada:")
    local = start.astimezone(ZoneInfo(ZONE))
    said = f"    {spoken_day(local.date(), 'es')}, {local:%H:%M}-"
    assert said in mail["text"] and f"({ZONE}, {spoken_offset(local)})" in mail["text"]
    assert "Únete en https://" in mail["text"] and "/es/manage-booking/?id=" in mail["text"]
    invite = mail["attachments"][0]["content"].replace("\r\n ", "")
    assert "SUMMARY;LANGUAGE=es:Llamada inicial con Maya Lindqvist" in invite
    assert "DESCRIPTION;LANGUAGE=es:Una videollamada breve" in invite
    assert "LOCATION;LANGUAGE=es:https://" in invite
    # The assistant's notice stays in the practice's language.
    notice = mail_to(local_stack, "hello@northstar-va.example", "New discovery call: Gabriela Mistral")
    assert "Their language: es" in notice["text"]


def test_axe_finds_no_violation_on_the_spanish_booking_page(browser, local_stack, axe_source):
    from tests.e2e.test_portal_accessibility import Visitor

    visitor = Visitor(browser, local_stack, axe_source, viewport={"width": 390, "height": 844})
    try:
        visitor.check("/es/book/", ".booking-slot", name="/es/book/")
        visitor.check("/es/book/", ".booking-slot", open_the_zone_picker, name="/es/book/, zone picker")
    finally:
        visitor.close()


def test_a_phone_call_asks_the_visitor_for_their_number(local_stack, phone):
    """The practice's calls by phone (the availability says so: played here by rewriting its answer,
    the local stack's availability.yaml being a video room's): the page asks for the number, says
    in the page's language when it is missing, and sends it."""
    import json

    def as_phone_call(route):
        answer = route.fetch()
        body = answer.json()
        body["meeting"] = {"kind": "phone"}
        route.fulfill(response=answer, body=json.dumps(body))

    phone.route("**/api/availability?*", as_phone_call)
    sent = []
    phone.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/bookings") else None)
    phone.goto(local_stack.url + "/es/book/")
    phone.locator(".booking-slot").first.tap()
    number = phone.get_by_label("Tu número de teléfono, con el código de país")
    assert number.is_visible() and number.get_attribute("type") == "tel"
    assert phone.locator(".booking-where").inner_text().startswith("Por teléfono")
    phone.get_by_label("Tu nombre").fill("Gabriela Mistral")
    phone.get_by_label("Tu correo electrónico").fill(f"e2e-tel-{uuid.uuid4().hex[:8]}@example.com")
    phone.get_by_role("button", name="Agendar esta hora").tap()
    phone.locator(".booking-message").filter(has_text="Escribe el número de teléfono").wait_for()
    assert number.get_attribute("aria-invalid") == "true" and sent == []
    number.fill("+57 601 555 0100")
    phone.get_by_role("button", name="Agendar esta hora").tap()
    phone.get_by_role("heading", name="Tu llamada está agendada").wait_for()
    assert sent[-1]["phone"] == "+57 601 555 0100"
