"""A client's language is stored from the page they used (intake, sign-in) and their emails follow
it; the assistant's notices stay in the practice's default language; records from before languages
read as the default."""

import re
import uuid

from tests.conftest import load_event
from tests.unit.language.spanish import assert_spanish
from tests.unit.signin.helpers import make_client

ES = {"accept-language": "es"}
EMAIL = "ada.quintero@example.com"


def _submit(api, headers=None) -> str:
    body = load_event("intake.json")
    body["submission_id"] = str(uuid.uuid4())
    assert api.post("/api/intake", body, headers=headers).status == 201
    return body["submission_id"]


def _mail_to(sent_mail, address: str) -> dict:
    return next(m for m in reversed(sent_mail()) if address in m["to"].lower())


def test_a_spanish_intake_is_stored_in_spanish_and_confirmed_in_spanish(api, sent_mail):
    from portal.models.clients import Client
    from portal.models.intake import Intake

    english_id = _submit(api)
    english = _mail_to(sent_mail, EMAIL)
    spanish_id = _submit(api, ES)
    spanish = _mail_to(sent_mail, EMAIL)
    assert Intake.get(english_id).language == "en" and Intake.get(spanish_id).language == "es"
    assert Client.get(EMAIL).language == "es"  # the page used last
    assert_spanish(spanish["text"], english["text"], "Hola", "cuestionario", "Referencia:")
    assert "recibimos tu cuestionario" in spanish["subject"]
    assert "http://127.0.0.1:8000/es/account/sign-in/" in spanish["text"]
    assert "http://127.0.0.1:8000/account/sign-in/" in english["text"]


def test_the_assistants_copy_stays_in_the_default_language(api, sent_mail):
    _submit(api, ES)
    to_assistant = _mail_to(sent_mail, "hello@northstar-va.example")
    assert to_assistant["subject"].startswith("New intake:")
    assert "A new intake questionnaire arrived" in to_assistant["text"] and "Hola" not in to_assistant["text"]


def test_an_intake_stored_before_languages_is_confirmed_in_the_default_language(api, sent_mail):
    from portal.intake import emails
    from portal.models.intake import Intake

    intake_id = _submit(api, ES)
    stored = Intake.get(intake_id)
    stored.update(actions=[Intake.language.remove()])
    draft = emails.client({"intake_id": intake_id})
    assert draft.subject.endswith("we received your intake questionnaire") and "Hello," in draft.text


def test_signing_in_on_a_spanish_page_sends_a_spanish_link_and_stores_the_language(api, sent_mail):
    from portal.models.clients import Client, language_of

    make_client("ada@example.com")
    assert language_of("ada@example.com") == "en"  # a record without a language: the default
    english = api.post("/api/auth/link", {"email": "ada@example.com"})
    spanish = api.post("/api/auth/link", {"email": "ada@example.com"}, headers=ES)
    assert english.json()["message"].startswith("If this address")
    assert spanish.json()["message"].startswith("Si esta dirección")
    mails = [m for m in sent_mail() if m["to"] == "ada@example.com"]
    assert_spanish(
        mails[-1]["text"], mails[-2]["text"], "Hola", "iniciar sesión", "/es/account/sign-in/?token="
    )
    assert mails[-1]["subject"].startswith("Inicia sesión en")
    token = re.search(r"token=([A-Za-z0-9_-]+)", mails[-1]["text"]).group(1)
    assert api.post("/api/auth/session", {"token": token}, headers=ES).status == 200
    assert Client.get("ada@example.com").language == "es"


def test_a_sign_in_link_queued_before_languages_is_in_the_default_language(aws):
    from portal.auth import service

    make_client("ada@example.com")
    draft = service.render_link({"email": "ada@example.com", "ref": "0" * 32})
    assert draft.subject.startswith("Sign in to") and "/account/sign-in/?token=" in draft.text


def test_a_spent_link_says_so_in_spanish(api):
    answer = api.post("/api/auth/session", {"token": "x" * 40}, headers=ES)
    assert answer.status == 400 and answer.json()["message"].startswith("Este enlace para iniciar sesión")


def test_an_unknown_client_reads_as_the_default_language(aws):
    from portal.models.clients import language_of

    assert language_of("nobody@example.com") == "en"
