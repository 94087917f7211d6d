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
NO_CLIENT = {
    "en": "No client has this email address.",
    "es": "Ningún cliente tiene este correo electrónico.",
}
PERIOD_GONE = {"en": "This period no longer exists.", "es": "Este periodo ya no existe."}
NO_ENTRY = {"en": "No time entry has this id.", "es": "Ningún registro de tiempo tiene este id."}
ENTRY_PERIOD_GONE = {
    "en": "This entry's period no longer exists.",
    "es": "El periodo de este registro ya no existe.",
}
NOT_EMPTIED = {"en": "This field cannot be emptied.", "es": "Este campo no se puede dejar vacío."}
OUTSIDE_PERIOD = {
    "en": "The date must be within the client's current period ({start} to {end}).",
    "es": "La fecha debe estar dentro del periodo actual del cliente ({start} a {end}).",
}
UNKNOWN_SERVICE = {
    "en": "Unknown service {service!r}: choose one of the catalog's services.",
    "es": "Servicio desconocido {service!r}: elige uno de los servicios del catálogo.",
}
TOO_MANY_NAMES = {
    "en": "At most {most} names, each at most {longest} characters.",
    "es": "Como máximo {most} nombres, cada uno de {longest} caracteres como máximo.",
}
NAME_TAKEN = {
    "en": "'{name}' is already a tracker name of {owner}: a name can mean one client only.",
    "es": "'{name}' ya es un nombre del registrador de tiempo para {owner}: "
    "un nombre solo puede corresponder a un cliente.",
}
NOT_CSV = {
    "en": "Send the CSV file as the body, with Content-Type: text/csv.",
    "es": "Envía el archivo CSV como cuerpo, con el encabezado Content-Type: text/csv.",
}
