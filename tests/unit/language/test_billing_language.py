"""Checkout carries the page's language to Stripe and, through its metadata, to the client record
the webhook writes; billing's emails and refusals speak the client's language."""

from datetime import UTC, datetime

from tests.unit.language.spanish import assert_spanish
from tests.unit.signin.helpers import make_client

ES = {"accept-language": "es"}


def test_a_spanish_checkout_asks_stripe_for_spanish_and_spanish_pages(api, billing):
    answer = api.post("/api/checkout", {"tier": "professional-20", "email": "ana@example.com"}, headers=ES)
    assert answer.status == 200, answer.body
    session = billing.objects["checkout_sessions"][answer.json()["session_id"]]
    assert session["metadata"] == {"tier": "professional-20", "language": "es"}
    assert session["success_url"].startswith("http://127.0.0.1:8000/es/subscribe/success/?session_id=")
    assert session["cancel_url"] == "http://127.0.0.1:8000/es/subscribe/cancelled/"


def test_a_spanish_prepaid_checkout_carries_the_language(api, billing):
    answer = api.post("/api/checkout/prepaid", {"hours": 10, "email": "ana@example.com"}, headers=ES)
    session = billing.objects["checkout_sessions"][answer.json()["session_id"]]
    assert session["metadata"]["language"] == "es" and "/es/prepaid/success/" in session["success_url"]


def test_the_webhook_stores_the_checkout_language_and_welcomes_in_it(api, billing, deliver, sent_mail):
    from portal.models.clients import Client

    email = "ana@example.com"
    started = api.post("/api/checkout", {"tier": "executive-40", "email": email}, headers=ES).json()
    for event in billing.pay(started["session_id"]):
        deliver(event)
    assert Client.get(email).language == "es"
    welcome = next(m for m in sent_mail() if m["to"] == email)
    assert welcome["subject"].startswith("Te damos la bienvenida") and "Hola" in welcome["text"]
    assert any(m["subject"] == f"New retainer: {email}" for m in sent_mail())  # the assistant's: English


def test_a_prepaid_block_keeps_only_an_offered_language():
    from portal.ledger import prepaid

    block = {
        "id": "evt_2",
        "type": "checkout.session.completed",
        "created": 1,
        "data": {
            "object": {
                "id": "cs_1",
                "mode": "payment",
                "payment_status": "paid",
                "customer_email": "ana@example.com",
                "amount_total": 50000,
                "currency": "usd",
                "metadata": {"kind": "prepaid", "hours": "10", "language": "es"},
            }
        },
    }
    assert prepaid.block_paid(block).language == "es"
    block["data"]["object"]["metadata"]["language"] = "xx"  # not offered: not stored
    assert prepaid.block_paid(block).language is None


def test_a_client_with_a_live_retainer_is_refused_in_spanish(api, billing):
    make_client("ana@example.com", retainer_status="active")
    answer = api.post("/api/checkout", {"tier": "professional-20", "email": "ana@example.com"}, headers=ES)
    assert answer.status == 409 and answer.json()["message"].startswith("Este correo ya tiene un plan")
    unknown = api.post("/api/checkout", {"tier": "nope", "email": "ana@example.com"}, headers=ES)
    assert unknown.status == 422 and unknown.json()["detail"][0]["msg"] == "Ese plan no existe."
    assert unknown.json()["message"] == "Corrige estos campos: plan."


def _notice(notice: str, to: str = "client") -> dict:
    return {"notice": notice, "to": to, "email": "ana@example.com", "tier": "professional-20"}


def test_billing_notices_follow_the_clients_language_and_the_assistant_keeps_the_default(aws):
    from portal.billing import notices

    make_client("ana@example.com")  # no language: from before languages
    english = {n: notices.render(_notice(n)) for n in ("new_retainer", "payment_failed")}
    assert english["new_retainer"].subject.startswith("Welcome to")
    make_client("ana@example.com", language="es")
    for notice, words in {
        "new_retainer": ("Hola", "Gracias por contratar el plan Profesional (20 horas al mes", "/es/intake/"),
        "payment_failed": ("Actualiza tu tarjeta", "/es/billing/"),
    }.items():
        spanish = notices.render(_notice(notice))
        assert_spanish(spanish.text, english[notice].text, *words)
        assert spanish.subject != english[notice].subject
    to_assistant = notices.render(_notice("new_retainer", "assistant"))
    assert to_assistant.subject == "New retainer: ana@example.com" and "signed up for" in to_assistant.text


def test_the_billing_link_email_is_in_the_language_it_was_asked_in(aws):
    from portal.billing import portal_links
    from portal.models.billing import BillingLink

    make_client("ana@example.com", stripe_customer_id="cus_1")
    now = datetime.now(UTC)
    assert portal_links.request("ana@example.com", now, language="es")["message"].startswith("Si este correo")
    link = next(iter(BillingLink.scan()))
    spanish = portal_links.render({"token_sha256": link.token_sha256, "language": "es"})
    english = portal_links.render({"token_sha256": link.token_sha256})
    assert_spanish(spanish.text, english.text, "Abrir el portal de facturación", "/es/billing/open/?token=")
    assert spanish.subject.endswith("gestiona tu facturación")


def test_a_used_billing_link_is_refused_in_spanish(api):
    answer = api.post("/api/billing-portal/open", {"token": "x" * 40}, headers=ES)
    assert answer.status == 404 and answer.json()["message"].startswith("Este enlace no es válido")
