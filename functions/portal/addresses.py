"""Email addresses people type, as the practice can write to them through Amazon SES.

SES takes the part before the @ in plain ASCII only (it does not speak SMTPUTF8), and a domain
with accents only in its ASCII (punycode) form. pydantic's EmailStr accepts both, so an address
that passes it may still fail at the first email, long after the visitor left: refuse it while
they are here, with words they can act on, and keep the form SES takes.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, EmailStr

from portal import error_words

UNDELIVERABLE = error_words.translate(
    {
        "en": "Our email service cannot deliver to an address with accents or other special letters "
        "before the @. Please use another address.",
        "es": "Nuestro servicio de correo no puede entregar a una dirección con tildes u otras letras "
        "especiales antes de la @. Usa otra dirección, por favor.",
    }
)


def ses_deliverable(value: str) -> str:
    """`value` (already a valid address) in the form SES delivers to; ValueError if SES cannot."""
    try:
        return validate_email(value, check_deliverability=False, allow_smtputf8=False).ascii_email or value
    except EmailNotValidError:
        raise ValueError(UNDELIVERABLE) from None


DeliverableEmail = Annotated[EmailStr, AfterValidator(ses_deliverable)]


def fingerprint(email: str) -> str:
    """An address's SHA-256 (trimmed, lower-cased): what keys and logs hold instead of the address."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
