"""The questionnaire's refusals in the words of the form, in each language: (English, Spanish).
The request schema (portal.routes.intake) raises them; portal.errors answers in the request's language."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

TIME = ("Enter a time as HH:MM, for example 09:00.", "Escribe una hora como HH:MM, por ejemplo 09:00.")
A_DAY = ("Choose at least one working day.", "Elige al menos un día de trabajo.")
EACH_DAY_ONCE = ("List each day once.", "Indica cada día una sola vez.")
END_AFTER_START = (
    "The working day must end after it starts.",
    "La jornada debe terminar después de empezar.",
)
SPENDING = (
    "Enter an amount of 0 or more: the most I may spend without asking.",
    "Escribe un monto de 0 o más: lo máximo que puedo gastar sin preguntarte.",
)
EMAIL = (
    "Enter an email address I can reach you at, like name@company.com.",
    "Escribe una dirección de correo donde pueda escribirte, como nombre@empresa.com.",
)
A_SERVICE = ("Choose at least one service.", "Elige al menos un servicio.")
HOURS = ("Enter a whole number of hours from 1 to 200.", "Escribe un número entero de horas, de 1 a 200.")
EACH_SERVICE_ONCE = ("List each service once.", "Indica cada servicio una sola vez.")
ZONE = (
    "Choose a time zone such as Europe/Madrid or America/New_York.",
    "Elige una zona horaria como America/Mexico_City o Europe/Madrid.",
)


def one_of(choices: Iterable[Enum]) -> tuple[str, str]:
    listed = ", ".join(c.value for c in choices)
    return f"Choose one of: {listed}.", f"Elige una de estas opciones: {listed}."


def unknown_service(named: str, offered: str) -> tuple[str, str]:
    return (
        f"Unknown service: {named}. Choose from {offered}.",
        f"Servicio desconocido: {named}. Elige entre {offered}.",
    )


def unknown_tier(ids: str) -> tuple[str, str]:
    return (
        f"Unknown tier. Choose one of {ids}, or leave it empty.",
        f"Plan desconocido. Elige uno de {ids}, o déjalo vacío.",
    )
