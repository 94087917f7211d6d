"""The practice view's refusals, in each language (portal.errors answers in the request's)."""

from __future__ import annotations

from portal.ledger.words import NO_CLIENT

__all__ = ["CONFIRM_ERASE", "NO_CLIENT", "NO_INTAKE", "OWN_ADDRESS"]

NO_INTAKE = {"en": "No intake has this id.", "es": "Ningún cuestionario tiene este id."}
OWN_ADDRESS = {
    "en": "The assistant's own address cannot be erased here.",
    "es": "La dirección de quien administra el portal no se puede borrar aquí.",
}
CONFIRM_ERASE = {
    "en": "Type the client's email address exactly to confirm the erasure.",
    "es": "Escribe exactamente el correo electrónico del cliente para confirmar el borrado.",
}
