"""The practice view's and the ledger's refusals read in the request's language, like every other
answer: no domain error is raised with a bare English sentence (portal.errors picks the language)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.unit.signin.helpers import ASSISTANT, sign_in

ES = {"accept-language": "es-MX,es;q=0.9"}
PORTAL = Path(__file__).resolve().parents[3] / "functions" / "portal"
# Stripe reads these, not a person: the webhook's 400s stay in English.
MACHINE_READERS = {"billing/webhooks.py"}


def test_the_assistant_is_refused_in_her_pages_language(api, sent_mail):
    assistant = sign_in(api, sent_mail, ASSISTANT)
    nobody = assistant.get("/api/practice/clients/nobody%40example.com", headers=ES)
    assert (
        nobody.status == 404 and nobody.json()["message"] == "Ningún cliente tiene este correo electrónico."
    )
    intake = assistant.post("/api/practice/intakes/nope/reviewed", headers=ES)
    assert intake.status == 404 and intake.json()["message"] == "Ningún cuestionario tiene este id."
    english = assistant.get("/api/practice/clients/nobody%40example.com")
    assert english.json()["message"] == "No client has this email address."


def test_no_domain_error_is_raised_with_a_bare_english_sentence():
    bare = []
    for path in sorted(PORTAL.rglob("*.py")):
        if path.relative_to(PORTAL).as_posix() in MACHINE_READERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "errors"
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
            ):
                bare.append(f"{path.relative_to(PORTAL)}:{node.lineno}")
    assert bare == [], "give these messages an {en, es} mapping: " + ", ".join(bare)
