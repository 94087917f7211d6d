"""The words of the API's error answers in each language: a refused field's message by the kind of
error pydantic reports, and a field's name as a person reads it.

English keeps pydantic's own wording where it gives one (portal.errors); every other language gets
these, written for the person reading the form. A validator with words of its own passes them in
both languages in the error's context (`texts`, see `texts_error`), and those win.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import PydanticCustomError

TEXTS = "texts"  # the context key of an error that carries its message in each language


def texts_error(texts: Mapping[str, str]) -> PydanticCustomError:
    """A validation error whose message is shown as it is (no "Value error, "), in the request's
    language: `texts` is {"en": ..., "es": ...}."""
    # Braces would be read as the template's placeholders: the English message is used as it is.
    english = texts["en"].replace("{", "(").replace("}", ")")
    return PydanticCustomError("value_error", english, {TEXTS: dict(texts)})


# Messages of plain ValueErrors raised in validators (pydantic prefixes them "Value error, "), by
# their English text, in the other languages: see `translate`.
_TRANSLATED: dict[str, Mapping[str, str]] = {}


def translate(texts: Mapping[str, str]) -> str:
    """Registers a validator's message in each language; returns the English one to raise with
    ValueError, so English answers keep pydantic's wording and the others get theirs."""
    _TRANSLATED[texts["en"]] = texts
    return texts["en"]


def _choices(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


# error type -> {language: message}; the message may name the error's context ({min_length} ...).
MESSAGES: dict[str, dict[str, str]] = {
    "missing": {"en": "This field is required.", "es": "Este campo es obligatorio."},
    "json_invalid": {
        "en": "The request body is not valid JSON.",
        "es": "El cuerpo de la solicitud no es JSON válido.",
    },
    "extra_forbidden": {"en": "This field is not accepted.", "es": "Este campo no se acepta."},
    "string_too_short": {
        "en": "Use at least {min_length} characters.",
        "es": "Usa al menos {min_length} caracteres.",
    },
    "string_empty": {"en": "This field cannot be empty.", "es": "Este campo no puede quedar vacío."},
    "string_too_long": {
        "en": "Use at most {max_length} characters.",
        "es": "Usa como máximo {max_length} caracteres.",
    },
    "too_short": {"en": "Give at least {min_length}.", "es": "Indica al menos {min_length}."},
    "too_long": {"en": "Give at most {max_length}.", "es": "Indica como máximo {max_length}."},
    "string_pattern_mismatch": {
        "en": "This value is not in the expected format.",
        "es": "Este valor no tiene el formato esperado.",
    },
    "email": {
        "en": "Enter an email address like name@company.com.",
        "es": "Escribe una dirección de correo como nombre@empresa.com.",
    },
    "enum": {"en": "Choose one of: {choices}.", "es": "Elige una de estas opciones: {choices}."},
    "int": {"en": "Enter a whole number.", "es": "Escribe un número entero."},
    "number": {"en": "Enter a number.", "es": "Escribe un número."},
    "greater_than_equal": {"en": "Enter at least {ge}.", "es": "Escribe un valor de al menos {ge}."},
    "greater_than": {"en": "Enter more than {gt}.", "es": "Escribe un valor mayor que {gt}."},
    "less_than_equal": {"en": "Enter at most {le}.", "es": "Escribe un valor de como máximo {le}."},
    "less_than": {"en": "Enter less than {lt}.", "es": "Escribe un valor menor que {lt}."},
    "bool": {"en": "Choose yes or no.", "es": "Elige sí o no."},
    "string_type": {"en": "Enter text.", "es": "Escribe un texto."},
    "uuid": {"en": "Send a UUID.", "es": "Envía un UUID."},
    "list_type": {"en": "Send a list.", "es": "Envía una lista."},
    "object": {"en": "Send an object with its fields.", "es": "Envía un objeto con sus campos."},
    "date": {"en": "Enter a date like 2026-12-01.", "es": "Escribe una fecha como 2026-12-01."},
    "datetime": {
        "en": "Enter a date and time like 2026-12-01T15:00:00Z.",
        "es": "Escribe una fecha y hora como 2026-12-01T15:00:00Z.",
    },
    "invalid": {"en": "This value is not valid.", "es": "Este valor no es válido."},
}

# pydantic's error types, grouped under the message they share.
_GROUPS = {
    "enum": "enum",
    "literal_error": "enum",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "float_type": "number",
    "float_parsing": "number",
    "decimal_type": "number",
    "decimal_parsing": "number",
    "finite_number": "number",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "uuid_type": "uuid",
    "uuid_parsing": "uuid",
    "model_type": "object",
    "model_attributes_type": "object",
    "dict_type": "object",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "datetime_type": "datetime",
    "datetime_parsing": "datetime",
    "datetime_from_date_parsing": "datetime",
}

PLEASE_CORRECT = {"en": "Please correct these fields: {fields}.", "es": "Corrige estos campos: {fields}."}
THE_REQUEST = {"en": "the request", "es": "la solicitud"}

PASSWORD_MESSAGE = {
    "en": "Passwords are never accepted. List the accounts you want to share and you will get "
    "an invitation to a shared password vault instead.",
    "es": "Nunca aceptamos contraseñas. Indica las cuentas que quieres compartir y recibirás una "
    "invitación a una bóveda de contraseñas compartida.",
}

# A field's name in words, per language, for the fields of the pages' forms; a field not listed
# reads as its name with spaces ("hours_per_month" -> "hours per month").
FIELDS: dict[str, dict[str, str]] = {
    "es": {
        "body": "el contenido",
        "name": "nombre",
        "email": "correo electrónico",
        "client_email": "correo del cliente",
        "confirm_email": "correo de confirmación",
        "phone": "teléfono",
        "company": "empresa",
        "role": "cargo",
        "services": "servicios",
        "service": "servicio",
        "hours_per_month": "horas al mes",
        "hours": "horas",
        "preferred_tier": "plan preferido",
        "tier": "plan",
        "tools": "herramientas",
        "calendar": "calendario",
        "crm": "CRM",
        "accounting": "contabilidad",
        "project_management": "gestión de proyectos",
        "other": "otras",
        "working_hours": "horario de trabajo",
        "days": "días",
        "start": "inicio",
        "end": "fin",
        "timezone": "zona horaria",
        "communication": "comunicación",
        "channel": "canal",
        "frequency": "frecuencia",
        "notes": "notas",
        "delegation": "delegación",
        "spending_limit": "límite de gasto",
        "travel_booking": "reservar viajes",
        "send_as_client": "enviar en tu nombre",
        "escalate_when": "cuándo escalar",
        "tone": "tono",
        "vip_contacts": "contactos VIP",
        "access_needed": "accesos necesarios",
        "website": "sitio web",
        "submission_id": "identificador del envío",
        "token": "enlace",
        "session_id": "sesión de pago",
        "date": "fecha",
        "minutes": "minutos",
        "description": "descripción",
        "surcharge": "recargo",
        "names": "nombres",
    },
}


def field_words(field: str, language: str) -> str:
    """A field's path as a person reads it: "working_hours.days.1" -> "working hours, days" (or
    "horario de trabajo, días"). `detail[].field` keeps the path for programs."""
    names = FIELDS.get(language, {})
    parts = [names.get(part, part.replace("_", " ")) for part in field.split(".") if not part.isdigit()]
    return ", ".join(parts) or THE_REQUEST.get(language, THE_REQUEST["en"])


def describe(error: dict[str, Any], language: str) -> str:
    """A pydantic error's message for people in `language` (English words when there are none)."""
    ctx = error.get("ctx") or {}
    texts = ctx.get(TEXTS)
    if isinstance(texts, Mapping) and texts:
        return str(texts.get(language) or texts["en"])
    kind = error.get("type", "")
    raised = str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "value_error" and raised in _TRANSLATED:
        return _TRANSLATED[raised].get(language) or raised
    if kind == "string_too_short" and int(ctx.get("min_length", 0) or 0) <= 1:
        kind = "string_empty"
    elif kind == "value_error" and "email address" in str(error.get("msg", "")):
        kind = "email"  # pydantic's EmailStr reports a value_error
    key = kind if kind in MESSAGES else _GROUPS.get(kind, "invalid")
    template = MESSAGES[key].get(language) or MESSAGES[key]["en"]
    try:
        return template.format(**{**ctx, "choices": _choices(ctx)})
    except (KeyError, IndexError, ValueError):
        return MESSAGES["invalid"].get(language) or MESSAGES["invalid"]["en"]
