"""The API answers in the request's language (Accept-Language): 422 field errors with the fields in
words, 404/405/413/415 before routing, 429s and the session guard's 401 (portal.errors, portal.api)."""

import json
import uuid

import pytest

from portal import error_words, errors, ratelimit
from portal import settings as settings_module
from tests.conftest import load_event

ES = {"accept-language": "es-MX,es;q=0.9"}


def _intake(**changes) -> dict:
    body = load_event("intake.json")
    body["submission_id"] = str(uuid.uuid4())
    body.update(changes)
    return body


def test_a_spanish_page_gets_spanish_field_errors_and_field_names(api):
    body = _intake(name="", email="not an address", hours_per_month=500, password="x")
    body["working_hours"] = {**body["working_hours"], "days": []}
    english = api.post("/api/intake", body).json()
    spanish = api.post("/api/intake", body, headers=ES).json()
    assert english["message"].startswith("Please correct these fields:")
    assert spanish["message"].startswith("Corrige estos campos:")
    assert "correo electrónico" in spanish["message"] and "horario de trabajo, días" in spanish["message"]
    by_field = {d["field"]: d["msg"] for d in spanish["detail"]}
    assert by_field["name"] == "Este campo no puede quedar vacío."
    assert by_field["email"].startswith("Escribe una dirección de correo")
    assert by_field["hours_per_month"] == "Escribe un número entero de horas, de 1 a 200."
    assert by_field["working_hours.days"] == "Elige al menos un día de trabajo."
    assert by_field["password"].startswith("Nunca aceptamos contraseñas")
    english_by_field = {d["field"]: d["msg"] for d in english["detail"]}
    assert english_by_field["working_hours.days"] == "Choose at least one working day."
    assert set(by_field) == set(english_by_field)


@pytest.mark.parametrize(
    ("error", "spanish"),
    [
        ({"type": "missing"}, "Este campo es obligatorio."),
        ({"type": "string_too_long", "ctx": {"max_length": 120}}, "Usa como máximo 120 caracteres."),
        ({"type": "string_too_short", "ctx": {"min_length": 3}}, "Usa al menos 3 caracteres."),
        (
            {"type": "string_pattern_mismatch", "ctx": {"pattern": "x"}},
            "Este valor no tiene el formato esperado.",
        ),
        ({"type": "enum", "ctx": {"expected": "'a' or 'b'"}}, "Elige una de estas opciones: a or b."),
        ({"type": "literal_error", "ctx": {"expected": "'toggl'"}}, "Elige una de estas opciones: toggl."),
        ({"type": "int_parsing"}, "Escribe un número entero."),
        ({"type": "greater_than_equal", "ctx": {"ge": 1}}, "Escribe un valor de al menos 1."),
        ({"type": "less_than_equal", "ctx": {"le": 200}}, "Escribe un valor de como máximo 200."),
        ({"type": "greater_than", "ctx": {"gt": 0}}, "Escribe un valor mayor que 0."),
        ({"type": "extra_forbidden"}, "Este campo no se acepta."),
        ({"type": "json_invalid"}, "El cuerpo de la solicitud no es JSON válido."),
        ({"type": "value_error", "msg": "value is not a valid email address: x"}, "Escribe una dirección"),
        ({"type": "something_new"}, "Este valor no es válido."),
    ],
)
def test_each_kind_of_validation_error_has_spanish_words(error, spanish):
    assert error_words.describe(error, "es").startswith(spanish)
    assert error_words.describe(error, "en") != error_words.describe(error, "es")


def test_field_names_read_as_words_in_both_languages():
    assert errors.in_words("working_hours.days.1") == "working hours, days"
    assert errors.in_words("working_hours.days.1", "es") == "horario de trabajo, días"
    assert errors.in_words("", "es") == "la solicitud"


def test_a_domain_error_answers_in_the_requests_language(api):
    body = _intake()
    api.post("/api/intake", body)
    changed = {**body, "notes": "other answers"}
    conflict = api.post("/api/intake", changed, headers=ES)
    assert conflict.status == 409 and conflict.json()["message"].startswith("Este identificador de envío")
    assert api.post("/api/intake", changed).json()["message"].startswith("This submission id")


def test_answers_given_before_routing_are_in_spanish_too(api):
    not_json = api.post("/api/intake", raw=b"x", headers={"content-type": "text/plain", **ES})
    assert not_json.status == 415 and not_json.json()["message"].startswith("Envía el cuerpo")
    missing = api.get("/api/nothing-here", headers=ES)
    assert missing.status == 404 and missing.json()["message"].startswith("Esa dirección no existe")
    wrong_method = api.get("/api/intake", headers=ES)
    assert wrong_method.status == 405 and "acepta POST" in wrong_method.json()["message"]
    assert "accepts POST" in api.get("/api/intake").json()["message"]


def test_a_guarded_route_says_sign_in_in_spanish(api):
    answer = api.get("/api/me", headers=ES)
    assert answer.status == 401 and answer.json()["message"] == "Inicia sesión, por favor."


def test_too_many_requests_in_spanish(api, monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_REQUESTS", "1")
    settings_module.settings.cache_clear()
    try:
        api.post("/api/intake", _intake(), headers=ES)
        blocked = api.post("/api/intake", _intake(), headers=ES)
    finally:
        monkeypatch.undo()
        settings_module.settings.cache_clear()
    assert blocked.status == 429 and json.loads(blocked.body) == {"message": ratelimit.MESSAGE["es"]}


def test_a_str_message_is_english_and_a_mapping_falls_back_to_the_default():
    assert errors.in_language("Plain", "es") == "Plain"
    assert errors.in_language({"en": "Hi", "es": "Hola"}, "es") == "Hola"
    assert errors.in_language({"en": "Hi"}, "es") == "Hi"
    assert errors.Conflict({"en": "Hi", "es": "Hola"}).message == "Hi"
