"""The ledger's emails to the client (alerts, prepaid receipts, statements) in the client's language,
with dates and money written its way; the assistant's in the default language; the statement's CSV
headings follow the language."""

from types import SimpleNamespace

import pytest

from portal import formats
from tests.unit.language.spanish import assert_spanish
from tests.unit.signin.helpers import make_client

EMAIL = "ana@example.com"


@pytest.fixture
def spanish_and_english(aws):
    make_client(EMAIL, language="es")
    make_client("old@example.com")  # from before languages: the default


def _alert(email: str, **extra) -> dict:
    return {
        "to": "client",
        "email": email,
        "percent": 100,
        "used_minutes": 1230,
        "capacity_minutes": 1200,
        "period_end": "2026-12-31T00:00:00Z",
        **extra,
    }


def test_usage_alerts_in_the_clients_language(spanish_and_english):
    from portal.ledger import emails

    for extra, words in (
        ({}, ("Hola", "20.5 h de 20 h", "31 de diciembre de 2026", "tarifa de horas extra", "/es/account/")),
        ({"hourly": True}, ("Hola", "horas prepagadas", "compra otro bloque", "/es/pricing/")),
    ):
        spanish = emails.alert(_alert(EMAIL, **extra))
        english = emails.alert(_alert("old@example.com", **extra))
        assert_spanish(spanish.text, english.text, *words)
        assert "usaste el 100 %" in spanish.subject and "100% of" in english.subject


def test_the_assistant_hears_of_alerts_and_extra_hours_in_the_default_language(spanish_and_english):
    from portal.ledger import emails

    alert = emails.alert({**_alert(EMAIL), "to": "assistant"})
    extra = emails.extra({"email": EMAIL, "minutes": 120, "approved_minutes": 180})
    assert "has used 100% of this period's hours" in alert.text
    assert "approved 2 h of extra time" in extra.text and "Hola" not in extra.text + alert.text


def _receipt(email: str, to: str = "client") -> dict:
    return {
        "to": to,
        "email": email,
        "hours": 10,
        "amount": 95000,
        "currency": "usd",
        "expires_at": "2027-06-01T00:00:00Z",
        "session_id": "cs_1",
    }


def test_prepaid_receipts_in_the_clients_language(spanish_and_english):
    from portal.ledger import emails

    spanish = emails.prepaid_receipt(_receipt(EMAIL))
    english = emails.prepaid_receipt(_receipt("old@example.com"))
    assert_spanish(
        spanish.text, english.text, "Gracias", "USD950", "1 de junio de 2027", "10 horas prepagadas"
    )
    assert "$950" in english.text and "June 1, 2027" in english.text
    assert spanish.subject.endswith("tus 10 horas prepagadas están listas")
    to_assistant = emails.prepaid_receipt(_receipt(EMAIL, "assistant"))
    assert to_assistant.subject == f"{EMAIL} bought 10 prepaid hours"


def _period():
    return SimpleNamespace(
        start="2026-11-01T00:00:00Z",
        end="2026-12-01T00:00:00Z",
        included_minutes=1200,
        rollover=[],
        rollover_out=[SimpleNamespace(minutes=90)],
        used_minutes=1290,
        extra_billed_minutes=90,
        overage_amount=11250,
        status="closed",
    )


def test_statements_in_the_clients_language_with_their_csv(spanish_and_english, monkeypatch):
    from portal.ledger import statements

    monkeypatch.setattr(statements, "_closed", lambda email, start: _period())
    monkeypatch.setattr(statements, "entries_of", lambda email, start: [])
    spanish = statements.render({"email": EMAIL, "start": "2026-11-01T00:00:00Z"})
    english = statements.render({"email": "old@example.com", "start": "2026-11-01T00:00:00Z"})
    assert_spanish(spanish.text, english.text, "Hola", "Horas usadas", "1 de noviembre de 2026", "USD112.50")
    assert "tu estado de cuenta del 1 de noviembre de 2026" in spanish.subject
    assert "November 1, 2026" in english.subject and "$112.50" in english.text
    (es_file,), (en_file,) = spanish.attachments, english.attachments
    assert (
        es_file.filename == "estado-de-cuenta-2026-11-01.csv"
        and en_file.filename == "statement-2026-11-01.csv"
    )
    assert es_file.content.decode().startswith("fecha,servicio,descripción,minutos")
    assert en_file.content.decode().startswith("date,service,description,minutes")
    assert "minutos_usados,1290" in es_file.content.decode()


@pytest.mark.parametrize(
    ("amount", "language", "currency", "text"),
    [
        (40000, "en", "usd", "$400"),
        (4250, "en", "usd", "$42.50"),
        (144000, "en", "usd", "$1,440"),
        (144000, "es", "usd", "USD1,440"),
        (4250, "en", "eur", "€42.50"),
        (95000, "en", None, "$950"),  # brand.yaml's currency
    ],
)
def test_money_formats_minor_units(amount, language, currency, text):
    assert formats.money(amount, language, currency) == text


def test_money_dates_and_hours_follow_the_language():
    assert formats.money(40000, "en") == "$400" and formats.money(4250, "en") == "$42.50"
    assert formats.money(40000, "es") == "USD400" and formats.money(123456, "es", "eur") == "EUR1,234.56"
    assert formats.day("2026-12-31T00:00:00Z", "es") == "31 de diciembre de 2026"
    assert formats.hours(150, "es") == "2.5" and formats.hours(20, "en") == "0.33"
    assert formats.locales(["en", "es"]) == {"root", "en", "es", "es_419"}


def test_the_client_hears_why_extra_hours_are_refused_in_spanish(api, sent_mail):
    from tests.unit.ledger.api_helpers import retainer
    from tests.unit.signin.helpers import sign_in

    retainer()
    client = sign_in(api, sent_mail, "ada@example.com")
    es = {"accept-language": "es"}
    refused = client.post("/api/me/extra-hours", {"hours": 2}, headers=es)
    assert refused.status == 409 and refused.json()["reason"] == "extra-not-allowed"
    assert refused.json()["message"].startswith("A tu plan todavía le quedan 20 horas")
    assert (
        client.post("/api/me/extra-hours", {"hours": 2}).json()["message"].startswith("Your plan still has")
    )
    too_many = client.post("/api/me/extra-hours", {"hours": 500}, headers=es)
    assert (
        too_many.status == 422
        and too_many.json()["detail"][0]["msg"] == "Escribe un valor de como máximo 200."
    )
    assert too_many.json()["message"] == "Corrige estos campos: horas."
