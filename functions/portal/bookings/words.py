"""Everything booking says to people, in every language the practice offers: the emails, the
invites and the API's refusals. `say(key, language, **values)` writes one text; `both(key, ...)`
gives the {"en": ..., "es": ...} mapping a DomainError carries, the error handler picking the
request's language. A text missing in a language falls back to English (portal.language.pick)."""

from __future__ import annotations

from portal import language

WORDS: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- the booker's emails
    "hello": {"en": "Hello,", "es": "Hola:"},
    "confirmed.subject": {"en": "Your discovery call: {when}", "es": "Tu llamada inicial: {when}"},
    "confirmed.body": {
        "en": "Your discovery call with {assistant} is booked:",
        "es": "Tu llamada inicial con {assistant} está agendada:",
    },
    "confirmed.invite": {
        "en": "The attached invitation adds it to your calendar.",
        "es": "La invitación adjunta la agrega a tu calendario.",
    },
    "rescheduled.subject": {
        "en": "Moved: your discovery call, now {when}",
        "es": "Cambio de hora: tu llamada inicial, ahora el {when}",
    },
    "rescheduled.body": {
        "en": "Your discovery call with {assistant} has moved to:",
        "es": "Tu llamada inicial con {assistant} cambió de hora. Ahora es el:",
    },
    "rescheduled.was": {"en": "(It was {was}.)", "es": "(Antes era el {was}.)"},
    "rescheduled.invite": {
        "en": "The attached invitation updates the event in your calendar.",
        "es": "La invitación adjunta actualiza el evento en tu calendario.",
    },
    "cancelled.subject": {"en": "Cancelled: your discovery call", "es": "Cancelada: tu llamada inicial"},
    "cancelled.body": {
        "en": "Your discovery call on {when} is cancelled.",
        "es": "Tu llamada inicial del {when} quedó cancelada.",
    },
    "cancelled.by_assistant": {
        "en": "Your discovery call on {when} has been cancelled by {assistant}.",
        "es": "{assistant} canceló tu llamada inicial del {when}.",
    },
    "cancelled.invite": {
        "en": "The attached file removes it from your calendar.",
        "es": "El archivo adjunto la quita de tu calendario.",
    },
    "cancelled.again": {
        "en": "You are welcome to book another time on {book_url}",
        "es": "Si quieres, puedes agendar otra hora en {book_url}",
    },
    "reminder.subject": {
        "en": "Reminder: your discovery call, {when}",
        "es": "Recordatorio: tu llamada inicial, {when}",
    },
    "reminder.body": {
        "en": "A reminder of your discovery call with {assistant}:",
        "es": "Te recordamos tu llamada inicial con {assistant}:",
    },
    "links.subject": {"en": "Your discovery call links", "es": "Los enlaces de tus llamadas iniciales"},
    "links.body": {
        "en": "Here are the private links to your upcoming discovery calls (keep them to yourself):",
        "es": "Aquí tienes los enlaces privados de tus próximas llamadas iniciales (no los compartas):",
    },
    "manage": {
        "en": "To reschedule or cancel, use your private link (keep it to yourself):",
        "es": "Para cambiar la hora o cancelar, usa tu enlace privado (no lo compartas):",
    },
    "where.video": {
        "en": "Where: a video call. Join at {url}",
        "es": "Dónde: por videollamada. Únete en {url}",
    },
    "where.phone": {
        "en": "Where: a phone call. {assistant} will call you at {phone}.",
        "es": "Dónde: por teléfono. {assistant} te llamará al {phone}.",
    },
    # ---------------------------------------------------------------- the invite
    "invite.summary": {
        "en": "Discovery call with {assistant} ({practice})",
        "es": "Llamada inicial con {assistant} ({practice})",
    },
    "invite.video": {
        "en": "A short video call about what you could delegate. Join the call: {url}",
        "es": "Una videollamada breve para hablar de lo que podrías delegar. Únete a la llamada: {url}",
    },
    "invite.phone": {
        "en": "A short phone call about what you could delegate. {assistant} will call you at {phone}.",
        "es": "Una llamada breve para hablar de lo que podrías delegar. {assistant} te llamará al {phone}.",
    },
    "invite.phone.assistant": {
        "en": "A discovery call by phone: call {name} at {phone}.",
        "es": "Llamada inicial por teléfono: llama a {name} al {phone}.",
    },
    "invite.location.phone": {"en": "Phone call to {phone}", "es": "Llamada telefónica al {phone}"},
    # ---------------------------------------------------------------- the assistant's notice
    "assistant.confirmed": {"en": "New discovery call", "es": "Nueva llamada inicial"},
    "assistant.rescheduled": {"en": "Discovery call moved", "es": "Llamada inicial cambiada de hora"},
    "assistant.cancelled": {"en": "Discovery call cancelled", "es": "Llamada inicial cancelada"},
    "assistant.when": {"en": "When", "es": "Cuándo"},
    "assistant.their_time": {"en": "Their time", "es": "Su hora"},
    "assistant.who": {"en": "Who", "es": "Quién"},
    "assistant.where": {"en": "Where", "es": "Dónde"},
    "assistant.where.video": {"en": "video room {url}", "es": "sala de video {url}"},
    "assistant.where.phone": {
        "en": "phone call: call them at {phone}",
        "es": "por teléfono: llámale al {phone}",
    },
    "assistant.language": {"en": "Their language", "es": "Su idioma"},
    "assistant.notes": {"en": "Notes", "es": "Notas"},
    "assistant.booking": {"en": "Booking", "es": "Reserva"},
    "assistant.was": {"en": "Was", "es": "Antes"},
    # ---------------------------------------------------------------- the API's refusals
    "refused.past": {
        "en": "That time has already passed. Please pick another slot.",
        "es": "Esa hora ya pasó. Elige otro horario.",
    },
    "refused.notice": {
        "en": "Calls need at least {hours} hours' notice. Please pick a later slot.",
        "es": (
            "Las llamadas se agendan con al menos {hours} horas de anticipación."
            " Elige un horario más adelante."
        ),
    },
    "refused.window": {
        "en": "Calls can be booked up to {days} days ahead. Please pick an earlier slot.",
        "es": (
            "Las llamadas se pueden agendar hasta con {days} "
            "días de anticipación. Elige un horario más cercano."
        ),
    },
    "refused.hours": {
        "en": "That time is not one of the available slots. Please pick a slot from the list.",
        "es": "Esa hora no es uno de los horarios disponibles. Elige uno de la lista.",
    },
    "refused.cap": {
        "en": "That day is fully booked. Please pick another day.",
        "es": "Ese día ya no tiene lugar. Elige otro día.",
    },
    "refused.taken": {
        "en": "That slot was just taken. Please pick another.",
        "es": "Alguien acaba de tomar ese horario. Elige otro.",
    },
    "not_found": {
        "en": "No booking matches this link. Please check it, or book a new call.",
        "es": "Ninguna reserva coincide con este enlace. Revísalo o agenda una nueva llamada.",
    },
    "no_such_booking": {"en": "No such booking.", "es": "No existe esa reserva."},
    "unreadable": {
        "en": (
            "This booking's time cannot be read right now."
            " Please reply to your confirmation email to change it."
        ),
        "es": (
            "No podemos leer la hora de esta reserva en este momento."
            " Responde a tu correo de confirmación para cambiarla."
        ),
    },
    "already_cancelled": {
        "en": "This booking is already cancelled.",
        "es": "Esta reserva ya está cancelada.",
    },
    "cancelled_cannot_move": {
        "en": "A cancelled booking cannot be rescheduled. Please book a new call.",
        "es": "Una reserva cancelada no se puede cambiar de hora. Agenda una nueva llamada.",
    },
    "past": {
        "en": "This call has already started or taken place.",
        "es": "Esta llamada ya empezó o ya pasó.",
    },
    "changed": {
        "en": "This booking changed meanwhile. Reload it and try again.",
        "es": "Esta reserva cambió mientras tanto. Vuelve a cargarla e inténtalo de nuevo.",
    },
    "unavailable": {
        "en": "Booking is unavailable right now. Please try again in a minute.",
        "es": "Las reservas no están disponibles en este momento. Inténtalo de nuevo en un minuto.",
    },
    "in_progress": {
        "en": "The same booking request is still being processed. Try again in a moment.",
        "es": "Todavía estamos procesando esta misma reserva. Inténtalo de nuevo en un momento.",
    },
    "key_reused": {
        "en": "This Idempotency-Key was already used for a different request.",
        "es": "Esta Idempotency-Key ya se usó para otra solicitud.",
    },
    "range.order": {
        "en": "`to` must be on or after `from`.",
        "es": "`to` debe ser igual o posterior a `from`.",
    },
    "range.length": {
        "en": "Ask for at most {days} days at a time.",
        "es": "Pide como máximo {days} días a la vez.",
    },
    "zone.unknown": {
        "en": "Unknown time zone {name}: use an IANA name such as Europe/Paris.",
        "es": "Zona horaria desconocida {name}: usa un nombre IANA como America/Mexico_City.",
    },
    "phone.missing": {
        "en": "Give the phone number to call you at, with its country code (for example +1 212 555 0100).",
        "es": (
            "Escribe el número de teléfono al que te llamaremos, "
            "con su código de país (por ejemplo +52 55 1234 5678)."
        ),
    },
    "phone.invalid": {
        "en": (
            "This is not a phone number we can call."
            " Write it with a + and its country code, for example +1 212 555 0100."
        ),
        "es": (
            "Este número no parece válido. Escríbelo con + y el código de país, por ejemplo +52 55 1234 5678."
        ),
    },
}


def say(key: str, language_code: str, **values: object) -> str:
    """The text `key` in a language (English where it has none), with `values` filled in."""
    return language.pick(WORDS[key], language_code if language_code in WORDS[key] else "en").format(**values)


def both(key: str, **values: object) -> dict[str, str]:
    """The text `key` in every language it has: what a DomainError carries to the error handler."""
    return {code: text.format(**values) for code, text in WORDS[key].items()}
