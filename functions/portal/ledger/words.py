"""The ledger's refusals a client can read, in each language (portal.errors answers in the request's)."""

from __future__ import annotations

CLOSED = {
    "en": "This period is closed: its time can no longer be changed.",
    "es": "Este periodo está cerrado: su tiempo ya no se puede cambiar.",
}
NO_HOURS = {
    "en": "This client has no retainer period and no prepaid hours, so there are no hours to log against.",
    "es": "No hay un periodo de plan mensual ni horas prepagadas, así que no hay horas que registrar.",
}
BUSY = {
    "en": "The hours changed while saving this; please try again.",
    "es": "Las horas cambiaron mientras se guardaba esto; vuelve a intentarlo.",
}
NO_PERIOD = {
    "en": "You have no retainer period, so there are no hours to show.",
    "es": "No tienes un periodo de plan mensual, así que no hay horas que mostrar.",
}
NO_STATEMENT = {
    "en": "No closed period starts then: statements exist once a period has closed.",
    "es": "Ningún periodo cerrado empieza en esa fecha: "
    "los estados de cuenta existen cuando un periodo se cierra.",
}
