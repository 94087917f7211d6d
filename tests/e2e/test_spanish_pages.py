"""The page scripts on the Spanish pages (/es/...), in a real browser: their own words in Spanish,
dates and money formatted for Spanish, links that stay under /es/, every API request saying
`Accept-Language: es`, and the server's refusal shown in the words it sent."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.conftest import mail_to
from tests.e2e.test_account import ask_for_link, open_link, subscribe

pytestmark = pytest.mark.e2e

# Spanish month abbreviations as Intl writes them ("27 nov 2026"); English has "Nov 27, 2026".
SPANISH_DATE = re.compile(r"\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? \d{4}\b")


def open_spanish_intake(local_stack, page):
    page.goto(local_stack.url + "/es/intake/")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator("#intake-app form").wait_for()


def fill_in_spanish(page, email: str):
    """An answer in every section, found by the Spanish labels the page shows."""
    page.get_by_label("Tu nombre", exact=True).fill("Lucía Ramírez")
    page.get_by_label("Correo electrónico", exact=True).fill(email)
    page.locator('input[name="services"]').first.check()
    page.get_by_label("Horas al mes que calculas").fill("20")
    for day in ("Lunes", "Martes", "Miércoles"):
        page.get_by_label(day, exact=True).check()
    page.get_by_label("Empieza a las").fill("09:00")
    page.get_by_label("Termina a las").fill("17:00")
    page.get_by_label("Zona horaria").fill("America/Mexico_City")
    page.get_by_label("Canal preferido").select_option("whatsapp")
    page.get_by_label("Cada cuánto nos ponemos al día").select_option("weekly")
    page.get_by_label(re.compile(r"^Límite de gasto sin consultarte \(")).fill("150")
    page.get_by_label("CRM (opcional)").fill("HubSpot")
    page.get_by_label("Cuentas a las que necesitaré acceso (opcional)").fill("Gmail, HubSpot")


def test_the_intake_speaks_spanish_before_anything_is_sent(local_stack, site):
    open_spanish_intake(local_stack, site)
    assert site.locator("#intake-progress-label").inner_text() == "0 de 7 secciones completas"
    assert site.get_by_role("button", name="Enviar el cuestionario").is_visible()
    assert site.get_by_label("Empresa (opcional)").is_visible()
    site.get_by_role("button", name="Enviar el cuestionario").click()
    alert = site.locator("#intake-alert")
    alert.wait_for()
    assert alert.locator("p").first.inner_text().startswith("Responde estas ")
    items = alert.locator("li").all_inner_texts()
    assert items[0] == "Tu nombre: Responde esta pregunta.", items
    assert any(item.startswith("Días de trabajo: Elige al menos un día") for item in items), items
    assert not re.search(r"\b(Please|Choose|Enter)\b", alert.inner_text()), alert.inner_text()


def test_the_servers_refusal_comes_back_for_the_spanish_page(local_stack, site):
    """The server checks what the browser cannot (a domain that takes no mail): the request says
    `Accept-Language: es` and the page shows the server's own message beside the field."""
    open_spanish_intake(local_stack, site)
    fill_in_spanish(site, "lucia@localhost")
    with site.expect_response(
        lambda r: r.url.endswith("/api/intake") and r.request.method == "POST"
    ) as answered:
        site.get_by_role("button", name="Enviar el cuestionario").click()
    assert answered.value.request.headers.get("accept-language") == "es"
    assert answered.value.status == 422
    said = answered.value.json()["detail"][0]["msg"]
    alert = site.locator("#intake-alert")
    alert.get_by_role("link").first.wait_for()
    assert alert.locator("p").first.inner_text() == "Corrige esta respuesta:"
    link = alert.get_by_role("link").first.inner_text()
    assert link == "Correo electrónico: " + said, (link, said)  # the server's words, as it sent them
    assert re.search(r"correo|dirección", said) and not re.search(r"\b(Enter|email address|value)\b", said), (
        said
    )
    assert site.get_by_label("Correo electrónico", exact=True).get_attribute("aria-invalid") == "true"


def test_a_spanish_intake_is_confirmed_in_spanish_on_the_page_and_by_email(local_stack, site):
    email = f"lucia+{uuid.uuid4().hex[:8]}@example.com"
    open_spanish_intake(local_stack, site)
    fill_in_spanish(site, email)
    assert site.locator("#intake-progress-label").inner_text() == "7 de 7 secciones completas"
    site.get_by_role("button", name="Enviar el cuestionario").click()
    done = site.locator(".intake__done")
    done.wait_for()
    assert "Gracias: recibimos tu cuestionario" in done.inner_text()
    assert "Referencia: " in done.inner_text()
    reference = done.locator("[data-intake-id]").inner_text()
    mail = mail_to(local_stack, email, "recibimos tu cuestionario de inicio")  # the client's, in Spanish
    assert "Hola" in mail["text"] and f"Referencia: {reference}" in mail["text"], mail["text"]
    assert "/es/account/sign-in/" in mail["text"], mail["text"]


def test_the_account_page_in_spanish_formats_money_and_dates_and_links_in_spanish(local_stack, shopper):
    catalog = local_stack.get("/api/catalog").json()
    tier = catalog["tiers"][0]
    email = f"e2e-es-account-{uuid.uuid4().hex[:8]}@example.com"
    subscribe(local_stack, shopper, email, tier["id"])
    open_link(local_stack, shopper, ask_for_link(local_stack, shopper, email))
    shopper.wait_for_url(re.compile(r"/account/$"))
    # The English page's own requests are done before the Spanish page's are watched.
    shopper.wait_for_load_state("networkidle")

    with shopper.expect_request(
        lambda r: r.url.endswith("/api/me/account") and r.frame.url.split("?")[0].endswith("/es/account/")
    ) as asked:
        shopper.goto(local_stack.url + "/es/account/")
    assert asked.value.headers.get("accept-language") == "es"
    plan = shopper.locator("#account-plan")
    plan.wait_for()
    text = plan.inner_text()
    assert "Tu plan" in text and "Activo" in text, text
    assert re.search(r"USD\s[\d,.]+ al mes", text), text  # Latin-American Spanish: "USD 400", not "$400"
    assert SPANISH_DATE.search(text), text
    invoices = shopper.locator("#account-invoices").inner_text()
    assert "Facturas y pagos" in invoices and "Pagada" in invoices, invoices
    assert SPANISH_DATE.search(invoices), invoices
    assert shopper.get_by_role("link", name="Agendar una llamada").get_attribute("href") == "/es/book/"
    assert shopper.locator("[data-signed-in-as]").inner_text().startswith("Sesión iniciada como ")
    shopper.get_by_role("button", name="Cerrar sesión", exact=True).click()
    signed_out = shopper.locator('[data-portal-state="signed-out"]')
    signed_out.wait_for()
    assert "Cerraste sesión en este dispositivo." in signed_out.inner_text()
    link = signed_out.get_by_role("link", name="Volver a iniciar sesión")
    assert link.get_attribute("href") == "/es/account/sign-in/"


def test_the_practice_view_signed_out_points_to_the_spanish_sign_in(local_stack, site):
    site.goto(local_stack.url + "/es/practice/")
    state = site.locator('[data-portal-state="signed-out"]')
    state.wait_for()
    assert "Esta página es solo para quien administra el portal." in state.inner_text()
    link = state.get_by_role("link", name="Iniciar sesión")
    assert link.get_attribute("href") == "/es/account/sign-in/"
